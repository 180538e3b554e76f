import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadConfig, printConfig } from './load.ts';

describe('printConfig', () => {
  test('prints YAML that parses back to the configuration (nothing secret set)', () => {
    const c = loadConfig({ flags: { port: 9000, catalog: { include_schemas: ['a', 'b'] } } });
    assert.deepEqual(parseYaml(printConfig(c)), c);
  });

  const masks: Array<{ what: string; env: Record<string, string>; hidden: string[]; shown: (printed: any) => unknown; expected: unknown }> = [
    {
      what: 'the admin token',
      env: { TILERY_ADMIN_TOKEN: 'super-secret-token' },
      hidden: ['super-secret-token'],
      shown: (p) => p.admin_token,
      expected: '***',
    },
    {
      what: 'the API keys and the JWT secret',
      env: { TILERY_API_KEYS: 'key-alpha,key-beta', TILERY_JWT_SECRET: 'jwt-secret-value' },
      hidden: ['key-alpha', 'key-beta', 'jwt-secret-value'],
      shown: (p) => [p.auth.api_keys, p.auth.jwt.secret],
      expected: [['***', '***'], '***'],
    },
    {
      what: 'the password of database_url and keeps the rest',
      env: { DATABASE_URL: 'postgres://tiler:hunter2@db.example:5432/gis?sslmode=require' },
      hidden: ['hunter2'],
      shown: (p) => p.database_url,
      expected: 'postgres://tiler:***@db.example:5432/gis?sslmode=require',
    },
  ];
  for (const { what, env, hidden, shown, expected } of masks) {
    test(`masks ${what}`, () => {
      const text = printConfig(loadConfig({ env }));
      for (const secret of hidden) assert.ok(!text.includes(secret), text);
      assert.deepEqual(shown(parseYaml(text)), expected);
    });
  }

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

  test('masks a password holding a colon and a password parameter', () => {
    const shown = printConfig(loadConfig({ flags: { database_url: 'postgres://user:pa:ss@h/db' } }));
    assert.doesNotMatch(shown, /pa:|ss@/);
    assert.match(shown, /user:\*\*\*@h\/db/);
    const param = printConfig(loadConfig({ flags: { database_url: 'postgres://h/db?user=u&password=hunter2' } }));
    assert.doesNotMatch(param, /hunter2/);
  });
});
