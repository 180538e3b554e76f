import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { DEFAULTS, ENV_KEYS, loadConfig } from '../src/config/index.ts';
import { ERRORS } from '../src/errors.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const exampleYaml = new URL('../tilery.example.yaml', import.meta.url);

/** Rows of the README table that follows the given heading. */
function tableAfter(heading: string): string[][] {
  const section = readme.slice(readme.indexOf(heading));
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

function leafKeys(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 ? leafKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

test('the README error table and the error table of the code agree', () => {
  const documented = Object.fromEntries(tableAfter('## Errors').map(([code, status]) => [code.replaceAll('`', ''), Number(status)]));
  const actual = Object.fromEntries(Object.entries(ERRORS).map(([code, e]) => [code, e.status]));
  assert.deepEqual(documented, actual);
});

test('every setting is documented in the README and in tilery.example.yaml, with its environment variable', () => {
  const table = tableAfter('## Configuration');
  const documentedKeys = table.flatMap(([key]) => {
    const names = key.replaceAll('`', '').split(' / ');
    const parent = names[0].includes('.') ? names[0].slice(0, names[0].lastIndexOf('.') + 1) : '';
    return names.map((n, i) => (i === 0 || n.includes('.') ? n : parent + n));
  });
  assert.deepEqual([...documentedKeys].sort(), leafKeys(DEFAULTS).sort());
  for (const [env, key] of Object.entries(ENV_KEYS)) {
    const row = table.find(([k]) => k.replaceAll('`', '').split(' / ')[0] === key);
    assert.ok(row && row[1].includes(env), `${env} is documented on the row of ${key}`);
  }
  const example = parse(readFileSync(exampleYaml, 'utf8'));
  assert.deepEqual(leafKeys(example).sort(), leafKeys(DEFAULTS).sort());
  // and the example file loads
  assert.equal(loadConfig({ file: exampleYaml.pathname }).port, 8000);
});
