import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './load.ts';
import { throwsConfigError, yamlFiles } from './testing.ts';

const yamlFile = yamlFiles();

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

  test('cache.untracked_max_age_seconds: 0 to ten years', () => {
    assert.equal(loadConfig().cache.untracked_max_age_seconds, 60);
    assert.equal(loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: '0' } }).cache.untracked_max_age_seconds, 0);
    throwsConfigError(() => loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: '-1' } }), /untracked_max_age_seconds.*negative/);
    throwsConfigError(() => loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: '999999999999' } }), /untracked_max_age_seconds.*at most/);
    throwsConfigError(() => loadConfig({ env: { TILERY_UNTRACKED_MAX_AGE_S: 'soon' } }), /TILERY_UNTRACKED_MAX_AGE_S/);
  });
});

describe('loadConfig: checks of security settings', () => {
  test('a bad rate limit, JWKS URL or empty role claim is a ConfigError', () => {
    throwsConfigError(() => loadConfig({ env: { TILERY_RATE_LIMIT: '-1' } }), /rate_limit\.per_minute/);
    throwsConfigError(() => loadConfig({ env: { TILERY_RATE_LIMIT: '1.5' } }), /rate_limit\.per_minute/);
    throwsConfigError(() => loadConfig({ env: { TILERY_JWKS_URL: 'ftp://x/jwks' } }), /jwks_url/);
    throwsConfigError(() => loadConfig({ file: yamlFile('auth:\n  jwt:\n    role_claim: ""\n') }), /role_claim/);
    throwsConfigError(() => loadConfig({ file: yamlFile('limits:\n  max_url_length: 0\n') }), /limits\.max_url_length/);
  });
});

describe('loadConfig: edge cases', () => {
  test('null is only accepted where a setting may be none', () => {
    assert.equal(loadConfig({ file: yamlFile('database_url: null\nadmin_token: null\n') }).database_url, null);
    // the embedded database in memory: none by choice, though not by default
    assert.equal(loadConfig({ file: yamlFile('embedded:\n  data_dir: null\n') }).embedded.data_dir, null);
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
