import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ConfigError, ENV_KEYS, loadConfig, printConfig } from './load.ts';
import { DEFAULTS } from './schema.ts';

let dir: string;
let counter = 0;

/** Write `text` to a fresh YAML file in the temporary directory and return its path. */
function yamlFile(text: string): string {
  const path = join(dir, `config-${++counter}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** Assert that `fn` throws a ConfigError whose message matches `pattern`. */
function throwsConfigError(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tilery-config-test-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

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

  test('YAML overrides the defaults', () => {
    const c = loadConfig({ file: yamlFile(yamlAll) });
    assert.equal(c.port, 1001);
    assert.equal(c.host, 'yaml.example');
    assert.equal(c.database.statement_timeout_ms, 1111);
    assert.deepEqual(c.catalog.include_schemas, ['from_yaml']);
    assert.equal(c.tiles.enabled, false);
  });

  test('environment overrides YAML', () => {
    const c = loadConfig({ file: yamlFile(yamlAll), env: envAll });
    assert.equal(c.port, 2002);
    assert.equal(c.host, 'env.example');
    assert.equal(c.database.statement_timeout_ms, 2222);
    assert.deepEqual(c.catalog.include_schemas, ['from_env']);
    assert.equal(c.tiles.enabled, true);
  });

  test('flags override environment and YAML', () => {
    const c = loadConfig({ file: yamlFile(yamlAll), env: envAll, flags: flagsAll });
    assert.equal(c.port, 3003);
    assert.equal(c.host, 'flag.example');
    assert.equal(c.database.statement_timeout_ms, 3333);
    assert.deepEqual(c.catalog.include_schemas, ['from_flags']);
    assert.equal(c.tiles.enabled, false);
  });

  test('flags override the defaults without YAML or environment', () => {
    const c = loadConfig({ flags: flagsAll });
    assert.equal(c.port, 3003);
    assert.equal(c.database.statement_timeout_ms, 3333);
  });

  test('environment overrides the defaults without YAML', () => {
    const c = loadConfig({ env: envAll });
    assert.equal(c.port, 2002);
    assert.equal(c.database.statement_timeout_ms, 2222);
  });

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

  test('cache.untracked_max_age_seconds: 0 to ten years', () => {
    assert.equal(loadConfig().cache.untracked_max_age_seconds, 60);
    assert.equal(loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: '0' } }).cache.untracked_max_age_seconds, 0);
    throwsConfigError(() => loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: '-1' } }), /untracked_max_age_seconds.*negative/);
    throwsConfigError(() => loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: '999999999999' } }), /untracked_max_age_seconds.*at most/);
    throwsConfigError(() => loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: 'soon' } }), /TILERY_UNTRACKED_MAX_AGE_S/);
  });

  test('a missing file is a ConfigError naming it', () => {
    const missing = join(dir, 'does-not-exist.yaml');
    throwsConfigError(() => loadConfig({ file: missing }), /does-not-exist\.yaml/);
    throwsConfigError(() => loadConfig({ env: { TILERY_CONFIG: missing } }), /cannot read config file/);
  });

  test('a YAML document that is not a mapping is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('- a\n- b\n') }), /mapping/);
    throwsConfigError(() => loadConfig({ file: yamlFile('just a string\n') }), /mapping/);
    throwsConfigError(() => loadConfig({ file: yamlFile('42\n') }), /mapping/);
  });
});

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

  test('variables not in ENV_KEYS are ignored', () => {
    assert.deepEqual(loadConfig({ env: { TILERY_NOPE: '1', PORT: '9', HOME: '/root' } }), DEFAULTS);
  });

  test('an invalid log level from the environment is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_LOG_LEVEL: 'verbose' } }), /log_level/);
  });
});

describe('loadConfig: YAML checking', () => {
  test('an unknown top-level key is a ConfigError naming it', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('portt: 80\n') }), /"portt"/);
  });

  test('an unknown nested key is a ConfigError naming its full path', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('database:\n  pool: 3\n') }), /"database\.pool"/);
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles:\n  enable: false\n') }), /"tiles\.enable"/);
  });

  test('the error names the file it comes from', () => {
    const file = yamlFile('bogus: 1\n');
    throwsConfigError(() => loadConfig({ file }), new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  test('an unknown flag is a ConfigError naming it', () => {
    throwsConfigError(() => loadConfig({ flags: { nope: 1 } as never }), /flags: unknown setting "nope"/);
  });

  test('a string where a number is expected is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('port: "8080"\n') }), /"port" must be a number/);
  });

  test('a number where a string is expected is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('host: 127\n') }), /"host" must be a string/);
    throwsConfigError(() => loadConfig({ file: yamlFile('database_url: 5\n') }), /"database_url" must be a string/);
  });

  test('a string where a boolean is expected is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles:\n  enabled: "no"\n') }), /"tiles\.enabled" must be a boolean/);
  });

  test('a scalar where a list is expected is a ConfigError', () => {
    throwsConfigError(
      () => loadConfig({ file: yamlFile('catalog:\n  include_schemas: public\n') }),
      /"catalog\.include_schemas" must be a array/,
    );
  });

  test('a scalar where a mapping is expected is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('database: 5\n') }), /"database" must be a mapping/);
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles: [1, 2]\n') }), /"tiles" must be a mapping/);
  });

  test('a mapping where a scalar is expected is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('port:\n  value: 80\n') }), /"port"/);
  });

  test('non-finite numbers are ConfigErrors', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('port: .inf\n') }), /finite/);
    throwsConfigError(() => loadConfig({ file: yamlFile('port: .nan\n') }), /finite/);
    throwsConfigError(() => loadConfig({ flags: { port: Number.NaN } }), /finite/);
  });

  test('a wrong type in the flags is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ flags: { port: '80' as unknown as number } }), /flags: "port" must be a number/);
  });

  test('malformed YAML fails', () => {
    assert.throws(() => loadConfig({ file: yamlFile('port: [1, 2\n') }));
  });
});

describe('loadConfig: validation', () => {
  for (const port of [-1, 65536, 100000, 80.5]) {
    test(`port ${port} is a ConfigError`, () => {
      throwsConfigError(() => loadConfig({ flags: { port } }), /"port"/);
    });
  }
  test('port 0 (any free port), 1 and 65535 are accepted', () => {
    assert.equal(loadConfig({ flags: { port: 0 } }).port, 0);
    assert.equal(loadConfig({ env: { TILERY_PORT: '0' } }).port, 0);
    assert.equal(loadConfig({ flags: { port: 1 } }).port, 1);
    assert.equal(loadConfig({ flags: { port: 65535 } }).port, 65535);
  });
  test('TILERY_PORT=70000 is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: '70000' } }), /"port".*65535/);
  });
  test('TILERY_PORT=-5 is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: '-5' } }), /"port"/);
  });

  const badZooms: Array<[number, number]> = [
    [-1, 10],
    [5, 4],
    [0, 31],
    [0.5, 10],
    [0, 10.5],
  ];
  for (const [min, max] of badZooms) {
    test(`zoom range ${min}..${max} is a ConfigError`, () => {
      throwsConfigError(
        () => loadConfig({ flags: { catalog: { default_minzoom: min, default_maxzoom: max } } }),
        /default_minzoom.*default_maxzoom/,
      );
    });
  }
  test('a minzoom above the default maxzoom from YAML is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('catalog:\n  default_minzoom: 23\n') }), /default_minzoom/);
  });
  test('zoom ranges 0..0, 7..7 and 0..30 are accepted', () => {
    for (const [min, max] of [[0, 0], [7, 7], [0, 30]]) {
      const c = loadConfig({ flags: { catalog: { default_minzoom: min, default_maxzoom: max } } });
      assert.equal(c.catalog.default_minzoom, min);
      assert.equal(c.catalog.default_maxzoom, max);
    }
  });

  test('non-positive or non-integer statement timeout, pool size, resolution, max limit are ConfigErrors', () => {
    throwsConfigError(() => loadConfig({ flags: { database: { statement_timeout_ms: 0 } } }), /database\.statement_timeout_ms/);
    throwsConfigError(() => loadConfig({ flags: { database: { pool_size: -2 } } }), /database\.pool_size/);
    throwsConfigError(() => loadConfig({ flags: { database: { pool_size: 1.5 } } }), /database\.pool_size/);
    throwsConfigError(() => loadConfig({ flags: { tiles: { default_resolution: 0 } } }), /tiles\.default_resolution/);
    throwsConfigError(() => loadConfig({ flags: { tiles: { max_limit: 0 } } }), /tiles\.max_limit/);
  });

  test('an unknown log level is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('log_level: loud\n') }), /log_level/);
  });

  test('every documented log level is accepted', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) {
      assert.equal(loadConfig({ flags: { log_level: level } }).log_level, level);
    }
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

  test('two loads give independent objects', () => {
    const a = loadConfig();
    const b = loadConfig();
    assert.notEqual(a, b);
    assert.notEqual(a.catalog.include_schemas, b.catalog.include_schemas);
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

  test('a bad rate limit, JWKS URL or empty role claim is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_RATE_LIMIT: '-1' } }), /rate_limit\.per_minute/);
    throwsConfigError(() => loadConfig({ env: { TILERY_RATE_LIMIT: '1.5' } }), /rate_limit\.per_minute/);
    throwsConfigError(() => loadConfig({ env: { TILERY_JWKS_URL: 'ftp://x/jwks' } }), /jwks_url/);
    throwsConfigError(() => loadConfig({ file: yamlFile('auth:\n  jwt:\n    role_claim: ""\n') }), /role_claim/);
    throwsConfigError(() => loadConfig({ file: yamlFile('limits:\n  max_url_length: 0\n') }), /limits\.max_url_length/);
  });
});

describe('printConfig', () => {
  test('prints YAML that parses back to the configuration (nothing secret set)', () => {
    const c = loadConfig({ flags: { port: 9000, catalog: { include_schemas: ['a', 'b'] } } });
    assert.deepEqual(parseYaml(printConfig(c)), c);
  });

  test('masks the admin token', () => {
    const c = loadConfig({ env: { TILERY_ADMIN_TOKEN: 'super-secret-token' } });
    const text = printConfig(c);
    assert.ok(!text.includes('super-secret-token'), text);
    assert.equal(parseYaml(text).admin_token, '***');
  });

  test('masks the API keys and the JWT secret', () => {
    const c = loadConfig({ env: { TILERY_API_KEYS: 'key-alpha,key-beta', TILERY_JWT_SECRET: 'jwt-secret-value' } });
    const text = printConfig(c);
    for (const secret of ['key-alpha', 'key-beta', 'jwt-secret-value']) assert.ok(!text.includes(secret), text);
    assert.deepEqual(parseYaml(text).auth.api_keys, ['***', '***']);
    assert.equal(parseYaml(text).auth.jwt.secret, '***');
  });

  test('masks the password of database_url and keeps the rest', () => {
    const c = loadConfig({ env: { DATABASE_URL: 'postgres://tiler:hunter2@db.example:5432/gis?sslmode=require' } });
    const text = printConfig(c);
    assert.ok(!text.includes('hunter2'), text);
    assert.equal(parseYaml(text).database_url, 'postgres://tiler:***@db.example:5432/gis?sslmode=require');
  });

  test('leaves a database_url without a password alone', () => {
    for (const url of ['postgres://tiler@db.example:5432/gis', 'postgres://db.example:5432/gis', 'postgresql:///gis']) {
      const c = loadConfig({ env: { DATABASE_URL: url } });
      assert.equal(parseYaml(printConfig(c)).database_url, url);
    }
  });

  test('null secrets are printed as null', () => {
    const parsed = parseYaml(printConfig(loadConfig()));
    assert.equal(parsed.admin_token, null);
    assert.equal(parsed.database_url, null);
  });

  test('does not modify the configuration it prints', () => {
    const c = loadConfig({ env: { TILERY_ADMIN_TOKEN: 'tok', DATABASE_URL: 'postgres://u:pw@h/db' } });
    printConfig(c);
    assert.equal(c.admin_token, 'tok');
    assert.equal(c.database_url, 'postgres://u:pw@h/db');
  });
});

describe('loadConfig: edge cases', () => {
  test('null is only accepted where the default is null', () => {
    assert.equal(loadConfig({ file: yamlFile('database_url: null\nadmin_token: null\n') }).database_url, null);
    throwsConfigError(() => loadConfig({ file: yamlFile('host: null\n') }), /host.*null/);
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles:\n  enabled: null\n') }), /tiles\.enabled/);
    throwsConfigError(() => loadConfig({ file: yamlFile('catalog:\n  include_schemas: null\n') }), /include_schemas/);
  });

  test('keys named like Object members are unknown settings', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('constructor: 1\n') }), /unknown setting "constructor"/);
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles:\n  toString: 1\n') }), /unknown setting "tiles\.toString"/);
  });

  test('defaults of the tile parameters are checked', () => {
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles:\n  default_limit: -1\n') }), /default_limit/);
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles:\n  default_buffer: -5\n') }), /default_buffer/);
    throwsConfigError(() => loadConfig({ file: yamlFile('tiles:\n  default_limit: 20\n  max_limit: 10\n') }), /max_limit/);
    throwsConfigError(() => loadConfig({ file: yamlFile('database:\n  connect_timeout_ms: 0\n') }), /connect_timeout_ms/);
  });

  test('numbers from the environment must look like numbers', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: '0x50' } }), /TILERY_PORT/);
    throwsConfigError(() => loadConfig({ env: { TILERY_PORT: ' ' } }), /TILERY_PORT/);
    assert.equal(loadConfig({ env: { TILERY_STATEMENT_TIMEOUT_MS: '1500' } }).database.statement_timeout_ms, 1500);
  });

  test("the caller's arrays are copied, not frozen", () => {
    const include = ['a', 'b'];
    const config = loadConfig({ flags: { catalog: { include_schemas: include } } });
    assert.deepEqual(config.catalog.include_schemas, ['a', 'b']);
    assert.ok(!Object.isFrozen(include));
  });

  test('printConfig masks a password holding a colon and a password parameter', () => {
    const shown = printConfig(loadConfig({ flags: { database_url: 'postgres://user:pa:ss@h/db' } }));
    assert.doesNotMatch(shown, /pa:|ss@/);
    assert.match(shown, /user:\*\*\*@h\/db/);
    const param = printConfig(loadConfig({ flags: { database_url: 'postgres://h/db?user=u&password=hunter2' } }));
    assert.doesNotMatch(param, /hunter2/);
  });
});

describe('loadConfig: workers', () => {
  test('one by default; from YAML, TILERY_WORKERS and flags; 0 (one per core) allowed; negative, fractional or words refused', () => {
    assert.equal(loadConfig().workers, 1);
    assert.equal(loadConfig({ file: yamlFile('workers: 3\n') }).workers, 3);
    assert.equal(loadConfig({ file: yamlFile('workers: 3\n'), env: { TILERY_WORKERS: '4' } }).workers, 4);
    assert.equal(loadConfig({ env: { TILERY_WORKERS: '4' }, flags: { workers: 2 } }).workers, 2);
    assert.equal(loadConfig({ env: { TILERY_WORKERS: '0' } }).workers, 0);
    throwsConfigError(() => loadConfig({ env: { TILERY_WORKERS: '-1' } }), /"workers" must be a whole number/);
    throwsConfigError(() => loadConfig({ file: yamlFile('workers: 1.5\n') }), /"workers" must be a whole number/);
    throwsConfigError(() => loadConfig({ env: { TILERY_WORKERS: 'two' } }), /TILERY_WORKERS/);
  });
});
