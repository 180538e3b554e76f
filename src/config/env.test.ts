import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './load.ts';
import { DEFAULTS, ENV_KEYS } from './schema.ts';
import { throwsConfigError, yamlFiles } from './testing.ts';

const yamlFile = yamlFiles();

describe('loadConfig: environment parsing', () => {
  test('every ENV_KEYS entry names an existing setting', () => {
    for (const [name, key] of Object.entries(ENV_KEYS)) {
      const value = key.split('.').reduce<unknown>((node, part) => {
        assert.ok(node !== null && typeof node === 'object' && Object.hasOwn(node, part), `${name} → ${key}`);
        return (node as Record<string, unknown>)[part];
      }, DEFAULTS);
      assert.notEqual(value, undefined, `${name} → ${key}`);
    }
  });

  test('numbers are parsed', () => {
    const c = loadConfig({
      env: { TILERY_PORT: '8080', TILERY_POOL_SIZE: '25', TILERY_STATEMENT_TIMEOUT_MS: '1500', TILERY_CATALOG_REFRESH_S: '0' },
    });
    assert.equal(c.port, 8080);
    assert.equal(c.database.pool_size, 25);
    assert.equal(c.database.statement_timeout_ms, 1500);
    assert.equal(c.catalog.refresh_interval_s, 0);
  });

  test('a non-numeric number is a ConfigError naming the setting', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: 'eighty' } }), /port/);
    throwsConfigError(() => loadConfig({ env: { TILERY_POOL_SIZE: '10x' } }), /database\.pool_size/);
  });

  test('a non-integer port from the environment is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: '80.5' } }), /port/);
  });

  test('comma lists are split and trimmed, empty items dropped', () => {
    const c = loadConfig({ env: { TILERY_INCLUDE_SCHEMAS: ' public , gis,,osm ,', TILERY_EXCLUDE_SCHEMAS: 'private' } });
    assert.deepEqual(c.catalog.include_schemas, ['public', 'gis', 'osm']);
    assert.deepEqual(c.catalog.exclude_schemas, ['private']);
  });

  test('a list of only commas is empty', () => {
    assert.deepEqual(loadConfig({ env: { TILERY_INCLUDE_SCHEMAS: ',,' } }).catalog.include_schemas, []);
  });

  test('strings are taken as they are', () => {
    const c = loadConfig({
      env: {
        DATABASE_URL: 'postgres://u:p@db:5432/gis',
        TILERY_HOST: '0.0.0.0',
        TILERY_PUBLIC_URL: 'https://tiles.example.com',
        TILERY_ADMIN_TOKEN: 's3cret',
        TILERY_LOG_LEVEL: 'debug',
      },
    });
    assert.equal(c.database_url, 'postgres://u:p@db:5432/gis');
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.public_url, 'https://tiles.example.com');
    assert.equal(c.admin_token, 's3cret');
    assert.equal(c.log_level, 'debug');
  });

  for (const raw of ['false', 'FALSE', 'False', '0', 'no', 'off', 'OFF']) {
    test(`TILERY_TILES_ENABLED=${raw} is false`, () => {
      assert.equal(loadConfig({ env: { TILERY_TILES_ENABLED: raw } }).tiles.enabled, false);
    });
  }
  for (const raw of ['true', 'TRUE', '1', 'yes', 'on', 'On']) {
    test(`TILERY_TILES_ENABLED=${raw} is true`, () => {
      const file = yamlFile('tiles:\n  enabled: false\n');
      assert.equal(loadConfig({ file, env: { TILERY_TILES_ENABLED: raw } }).tiles.enabled, true);
    });
  }
  for (const raw of ['maybe', 'enabled', '2', 'truee', ' true']) {
    test(`TILERY_TILES_ENABLED=${JSON.stringify(raw)} is a ConfigError`, () => {
      throwsConfigError(() => loadConfig({ env: { TILERY_TILES_ENABLED: raw } }), /TILERY_TILES_ENABLED/);
    });
  }

  test('numbers from the environment must look like numbers', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: '0x50' } }), /TILERY_PORT/);
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: ' ' } }), /TILERY_PORT/);
    assert.equal(loadConfig({ env: { TILERY_STATEMENT_TIMEOUT_MS: '1500' } }).database.statement_timeout_ms, 1500);
  });
  test('variables not in ENV_KEYS are ignored', () => {
    assert.deepEqual(loadConfig({ env: { TILERY_NOPE: '1', PORT: '9', HOME: '/root' } }), DEFAULTS);
  });

  test('an invalid log level from the environment is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_LOG_LEVEL: 'verbose' } }), /log_level/);
  });
});

describe('loadConfig: security settings', () => {
  test('the environment sets API keys, JWT and the rate limit', () => {
    const c = loadConfig({
      env: { TILERY_API_KEYS: ' a, b ,', TILERY_JWT_SECRET: 's', TILERY_JWKS_URL: 'https://id.example/jwks.json', TILERY_JWT_ROLE_CLAIM: 'db_role', TILERY_RATE_LIMIT: '120' },
    });
    assert.deepEqual(c.auth.api_keys, ['a', 'b']);
    assert.deepEqual(c.auth.jwt, { secret: 's', jwks_url: 'https://id.example/jwks.json', role_claim: 'db_role', audience: null, issuer: null });
    assert.equal(c.rate_limit.per_minute, 120);
  });
});
