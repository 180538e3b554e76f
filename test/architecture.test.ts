// docs/ARCHITECTURE.md stays true: its module table names every part of src/, in an order that
// the imports of the code respect (each part imports only parts listed below it).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const doc = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8');

/** The parts of src/ in the order of the table: `tiles/` as `tiles`, `src/index.ts` as `index.ts`. */
function documentedParts(): string[] {
  const section = doc.slice(doc.indexOf('## Modules'));
  return section
    .split('\n')
    .filter((l) => /^\| `[^`]+` \|/.test(l))
    .map((l) => /^\| `([^`]+)`/.exec(l)![1].replace(/^src\//, '').replace(/\/$/, ''));
}

/** The part of src/ a file belongs to: its top folder, or the file itself at the top. */
function partOf(file: string): string {
  return relative(src, file).split(sep)[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

test('the module table names every part of src/, once', () => {
  const parts = documentedParts();
  assert.equal(new Set(parts).size, parts.length, parts.join(', '));
  const actual = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory() || (n.endsWith('.ts') && !n.endsWith('.d.ts')));
  assert.deepEqual([...parts].sort(), actual.sort());
});

test('each part imports only parts listed below it', () => {
  const order = documentedParts();
  const rank = new Map(order.map((p, i) => [p, i]));
  const wrong: string[] = [];
  for (const file of sourceFiles(src)) {
    const from = partOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gms)) {
      const target = resolve(dirname(file), m[1]);
      if (!target.startsWith(src + sep)) continue;
      const to = partOf(target);
      if (to !== from && rank.get(to)! <= rank.get(from)!) wrong.push(`${relative(root, file)} imports ${to} (listed above ${from})`);
    }
  }
  assert.deepEqual(wrong, []);
});
