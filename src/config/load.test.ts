import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, type ConfigSources } from './load.ts';
import { DEFAULTS, ENV_KEYS, type TileryConfig } from './schema.ts';
import { throwsConfigError, yamlFiles } from './testing.ts';

const yamlFile = yamlFiles();

describe('loadConfig: defaults', () => {
  test('no sources at all gives the defaults', () => {
    assert.deepEqual(loadConfig(), DEFAULTS);
  });

  test('empty sources give the defaults', () => {
    assert.deepEqual(loadConfig({ env: {}, flags: {}, file: null }), DEFAULTS);
  });

  test('an empty YAML file gives the defaults', () => {
    assert.deepEqual(loadConfig({ file: yamlFile('') }), DEFAULTS);
  });

  test('a YAML file with only comments gives the defaults', () => {
    assert.deepEqual(loadConfig({ file: yamlFile('# nothing here\n') }), DEFAULTS);
  });

  test('empty environment values are ignored, but for the lists where empty means none', () => {
    const env = Object.fromEntries(Object.keys(ENV_KEYS).map((name) => [name, '']));
    const config = loadConfig({ env });
    assert.deepEqual(config.cache.storage_priority, [], 'TILERY_CACHE_PRIORITY= means no L2');
    assert.deepEqual(config.cors_origins, [], 'TILERY_CORS_ORIGINS= means no CORS');
    assert.deepEqual({ ...config, cache: { ...config.cache, storage_priority: DEFAULTS.cache.storage_priority }, cors_origins: DEFAULTS.cors_origins }, DEFAULTS);
  });

  test('undefined flag values are ignored', () => {
    assert.deepEqual(loadConfig({ flags: { port: undefined, host: undefined, database: { pool_size: undefined } } }), DEFAULTS);
  });

  test('the defaults object itself is not modified by loading', () => {
    const before = structuredClone(DEFAULTS);
    loadConfig({ flags: { port: 1234, catalog: { include_schemas: ['x'] } } });
    assert.deepEqual(DEFAULTS, before);
    assert.equal(Object.isFrozen(DEFAULTS), false);
  });
});

describe('loadConfig: precedence defaults < YAML < environment < flags', () => {
  const yamlAll = [
    'port: 1001',
    'host: yaml.example',
    'database:',
    '  statement_timeout_ms: 1111',
    'catalog:',
    '  include_schemas: [from_yaml]',
    'tiles:',
    '  enabled: false',
    '',
  ].join('\n');
  const envAll = {
    TILERY_PORT: '2002',
    TILERY_HOST: 'env.example',
    TILERY_STATEMENT_TIMEOUT_MS: '2222',
    TILERY_INCLUDE_SCHEMAS: 'from_env',
    TILERY_TILES_ENABLED: 'true',
  };
  const flagsAll = {
    port: 3003,
    host: 'flag.example',
    database: { statement_timeout_ms: 3333 },
    catalog: { include_schemas: ['from_flags'] },
    tiles: { enabled: false },
  };

  /** The five settings the layers above set, as one object. */
  const set = (c: TileryConfig) => ({
    port: c.port,
    host: c.host,
    timeout: c.database.statement_timeout_ms,
    include: c.catalog.include_schemas,
    tiles: c.tiles.enabled,
  });
  const fromYaml = { port: 1001, host: 'yaml.example', timeout: 1111, include: ['from_yaml'], tiles: false };
  const fromEnv = { port: 2002, host: 'env.example', timeout: 2222, include: ['from_env'], tiles: true };
  const fromFlags = { port: 3003, host: 'flag.example', timeout: 3333, include: ['from_flags'], tiles: false };
  const layers: Array<[string, () => ConfigSources, ReturnType<typeof set>]> = [
    ['YAML overrides the defaults', () => ({ file: yamlFile(yamlAll) }), fromYaml],
    ['environment overrides YAML', () => ({ file: yamlFile(yamlAll), env: envAll }), fromEnv],
    ['flags override environment and YAML', () => ({ file: yamlFile(yamlAll), env: envAll, flags: flagsAll }), fromFlags],
    ['flags override the defaults without YAML or environment', () => ({ flags: flagsAll }), fromFlags],
    ['environment overrides the defaults without YAML', () => ({ env: envAll }), fromEnv],
  ];
  for (const [name, sources, expected] of layers) {
    test(name, () => {
      assert.deepEqual(set(loadConfig(sources())), expected);
    });
  }

  test('a nested key set in one layer keeps its siblings from the lower layers', () => {
    const file = yamlFile('database:\n  pool_size: 7\n  connect_timeout_ms: 1234\n');
    const c = loadConfig({ file, env: { TILERY_STATEMENT_TIMEOUT_MS: '999' }, flags: { database: { pool_size: 3 } } });
    assert.deepEqual(c.database, { statement_timeout_ms: 999, pool_size: 3, connect_timeout_ms: 1234 });
    // untouched sections keep their defaults
    assert.deepEqual(c.catalog, DEFAULTS.catalog);
    assert.deepEqual(c.tiles, DEFAULTS.tiles);
  });

  test('each layer wins only for the keys it sets', () => {
    const file = yamlFile('port: 1001\nhost: yaml.example\nlog_level: warn\n');
    const c = loadConfig({ file, env: { TILERY_HOST: 'env.example', TILERY_LOG_LEVEL: 'debug' }, flags: { log_level: 'error' } });
    assert.equal(c.port, 1001); // YAML only
    assert.equal(c.host, 'env.example'); // env over YAML
    assert.equal(c.log_level, 'error'); // flags over env over YAML
    assert.equal(c.database_url, null); // default
  });

  test('a list from a higher layer replaces the lower one (no concatenation)', () => {
    const file = yamlFile('catalog:\n  exclude_schemas: [a, b, c]\n');
    const c = loadConfig({ file, env: { TILERY_EXCLUDE_SCHEMAS: 'd' } });
    assert.deepEqual(c.catalog.exclude_schemas, ['d']);
  });

  test('null in YAML clears a nullable setting set nowhere else', () => {
    const c = loadConfig({ file: yamlFile('database_url: null\nadmin_token: ~\n') });
    assert.equal(c.database_url, null);
    assert.equal(c.admin_token, null);
  });

  test('a nullable setting set in YAML can be overridden by the environment', () => {
    const file = yamlFile('database_url: postgres://yaml@h/db\npublic_url: https://yaml.example\n');
    const c = loadConfig({ file, env: { DATABASE_URL: 'postgres://env@h/db' } });
    assert.equal(c.database_url, 'postgres://env@h/db');
    assert.equal(c.public_url, 'https://yaml.example');
  });
});

describe('loadConfig: TILERY_CONFIG', () => {
  test('TILERY_CONFIG in the environment selects the YAML file', () => {
    const file = yamlFile('port: 4321\ncatalog:\n  default_maxzoom: 18\n');
    const c = loadConfig({ env: { TILERY_CONFIG: file } });
    assert.equal(c.port, 4321);
    assert.equal(c.catalog.default_maxzoom, 18);
  });

  test('an explicit file wins over TILERY_CONFIG', () => {
    const fromEnv = yamlFile('port: 1111\n');
    const explicit = yamlFile('port: 2222\n');
    assert.equal(loadConfig({ file: explicit, env: { TILERY_CONFIG: fromEnv } }).port, 2222);
  });

  test('the environment still overrides the file that TILERY_CONFIG names', () => {
    const file = yamlFile('port: 1111\n');
    assert.equal(loadConfig({ env: { TILERY_CONFIG: file, TILERY_PORT: '2222' } }).port, 2222);
  });

  test('an empty TILERY_CONFIG means no file', () => {
    assert.deepEqual(loadConfig({ env: { TILERY_CONFIG: '' } }), DEFAULTS);
  });

  test('a missing file is a ConfigError naming it', () => {
    // beside a file that exists, in a directory that does
    const missing = join(dirname(yamlFile('')), 'does-not-exist.yaml');
    throwsConfigError(() => loadConfig({ file: missing }), /does-not-exist\.yaml/);
    throwsConfigError(() => loadConfig({ env: { TILERY_CONFIG: missing } }), /cannot read config file/);
  });

  test('a YAML document that is not a mapping is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('- a\n- b\n') }), /mapping/);
    throwsConfigError(() => loadConfig({ file: yamlFile('just a string\n') }), /mapping/);
    throwsConfigError(() => loadConfig({ file: yamlFile('42\n') }), /mapping/);
  });
});

describe('loadConfig: the result is deeply frozen', () => {
  test('top level, sections and lists are frozen', () => {
    const c = loadConfig({ file: yamlFile('catalog:\n  include_schemas: [a, b]\n') });
    assert.ok(Object.isFrozen(c));
    assert.ok(Object.isFrozen(c.database));
    assert.ok(Object.isFrozen(c.catalog));
    assert.ok(Object.isFrozen(c.tiles));
    assert.ok(Object.isFrozen(c.catalog.include_schemas));
    assert.ok(Object.isFrozen(c.catalog.exclude_schemas));
  });

  test('writes throw in strict mode and change nothing', () => {
    const c = loadConfig();
    assert.throws(() => {
      (c as { port: number }).port = 1;
    }, TypeError);
    assert.throws(() => {
      (c.database as { pool_size: number }).pool_size = 1;
    }, TypeError);
    assert.throws(() => {
      (c.catalog.include_schemas as string[]).push('x');
    }, TypeError);
    assert.equal(c.port, DEFAULTS.port);
    assert.equal(c.database.pool_size, DEFAULTS.database.pool_size);
    assert.deepEqual(c.catalog.include_schemas, []);
  });

  test('freezing the result does not freeze the flags passed in', () => {
    const flags = { catalog: { include_schemas: ['a'] } };
    const c = loadConfig({ flags });
    assert.ok(Object.isFrozen(c.catalog.include_schemas));
    // the section object is copied, so the caller's object stays writable
    assert.equal(Object.isFrozen(flags.catalog), false);
  });

  test("the caller's arrays are copied, not frozen", () => {
    const include = ['a', 'b'];
    const config = loadConfig({ flags: { catalog: { include_schemas: include } } });
    assert.deepEqual(config.catalog.include_schemas, ['a', 'b']);
    assert.ok(!Object.isFrozen(include));
  });
  test('two loads give independent objects', () => {
    const a = loadConfig();
    const b = loadConfig();
    assert.notEqual(a, b);
    assert.notEqual(a.catalog.include_schemas, b.catalog.include_schemas);
  });
});
