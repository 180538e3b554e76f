// Summarise a V8 CPU profile (`TILERY_BENCH_PROFILE=dir npm run bench` writes one per tilery
// process): self time by function and by file, the heaviest first, as shares of the time the
// process was not idle.
//   node bench/profile-summary.ts dir/table.cpuprofile [top]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topText] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const busy = [...selfUs].filter(([id]) => !isIdle(id)).reduce((a, [, us]) => a + us, 0);

const tally = (label: (n: Node) => string) => {
  const sums = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (isIdle(id)) continue;
    const key = label(byId.get(id)!);
    sums.set(key, (sums.get(key) ?? 0) + us);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top);
};
const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/') || '(native)';
const print = (title: string, rows: Array<[string, number]>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, us] of rows) process.stdout.write(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${k}\n`);
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((busy / total) * 100).toFixed(0)}% busy (shares below are of the busy time)\n`);
print('self time by function', tally((n) => `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`));
print('self time by file', tally((n) => shortUrl(n.callFrame.url)));
