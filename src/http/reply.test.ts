import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseEncoding } from './reply.ts';

test('Accept-Encoding: zstd when named, else br, else gzip; q=0 refuses; none: identity', () => {
  const cases: Array<[string | undefined, string | null]> = [
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'zstd'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*, br;q=0', 'gzip'],
    ['zstd;q=0, *', 'br'],
    ['GZIP', 'gzip'],
  ];
  for (const [header, expected] of cases) assert.equal(chooseEncoding(header), expected, String(header));
});
