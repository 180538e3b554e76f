/** What the config tests share: YAML files in a temporary directory, and the error check. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ConfigError } from './load.ts';

/**
 * A function writing its text to a fresh YAML file and returning the path, in a temporary
 * directory made before the tests of the calling file and removed after them.
 */
export function yamlFiles(): (text: string) => string {
  let dir = '';
  let counter = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tilery-config-test-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return (text) => {
    const path = join(dir, `config-${++counter}.yaml`);
    writeFileSync(path, text);
    return path;
  };
}

/** Assert that `fn` throws a ConfigError whose message matches `pattern`. */
export function throwsConfigError(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}
