import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProgress, etaSeconds, formatDuration, plainLine, progressBar, summaryLine, terminalLine, type ProgressSnapshot } from './progress.ts';

const snap = (over: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  label: 'seed',
  total: 200,
  done: 50,
  counts: { generated: 40, empty: 5, skipped: 5, failed: 0 },
  elapsedMs: 10_000,
  ...over,
});

test('durations, bars and the ETA', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(59.4), '59s');
  assert.equal(formatDuration(185), '3m05s');
  assert.equal(formatDuration(7620), '2h07m');
  assert.equal(formatDuration(NaN), '--');
  assert.equal(progressBar(0.5, 10), '█████░░░░░');
  assert.equal(progressBar(2, 4), '████');
  assert.equal(progressBar(-1, 3), '░░░');
  // 50 tiles in 10 s: 5 tiles/s, 150 left: 30 s
  assert.equal(etaSeconds(snap()), 30);
  assert.ok(Number.isNaN(etaSeconds(snap({ done: 0 }))));
  assert.equal(etaSeconds(snap({ done: 200 })), 0);
});

test('the plain line, the terminal line and the summary', () => {
  assert.equal(plainLine(snap()), 'seed: 50/200 tiles (25.0%), 5.0 tiles/s, ETA 30s; generated 40, empty 5, skipped 5, failed 0');
  const line = terminalLine(snap(), 100);
  assert.ok(line.length <= 99, line);
  assert.match(line, /^seed █+░+ 50\/200 25\.0% 5\.0 tiles\/s ETA 30s · generated 40 empty 5 skipped 5$/, 'counters at zero left out');
  // on 80 columns the counters of a real run fit, with a bar; when they cannot, the bar goes first
  const big = snap({ total: 26666, done: 12632, elapsedMs: 10_000, counts: { generated: 11752, empty: 880, skipped: 0, failed: 0 } });
  const wide = terminalLine(big, 80);
  assert.match(wide, /^seed █+░+ 12632\/26666 47\.4% 1263 tiles\/s ETA 11s · generated 11752 empty 880$/);
  assert.ok(wide.length <= 79, wide);
  const narrow = terminalLine({ ...big, counts: { generated: 11750, empty: 880, skipped: 0, failed: 2 } }, 80);
  assert.match(narrow, /^seed █+░+ 12632\/26666 1263\/s ETA 11s · generated 11750 empty 880 failed 2$/, narrow);
  assert.ok(narrow.length <= 79);
  assert.equal(terminalLine(big, 60), 'seed 12632/26666 1263/s ETA 11s · generated 11752 empty 880');
  assert.equal(terminalLine(big, 30).length, 29);
  assert.match(terminalLine(snap({ done: 0, counts: { generated: 0 } })), /ETA --$/);
  assert.ok(terminalLine(snap(), 30).length <= 29, 'cut to a narrow terminal');
  assert.equal(summaryLine(snap({ done: 200, elapsedMs: 2100 })), 'seed: done: 200 tiles in 2.1s (95.2 tiles/s); generated 40, empty 5, skipped 5, failed 0');
  assert.match(summaryLine(snap(), { interrupted: true }), /^seed: interrupted after 50 of 200 tiles in 10\.0s/);
  assert.match(plainLine(snap({ total: 0, done: 0 })), /0\/0 tiles \(100\.0%\)/);
});

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns: 120, write: (s: string) => chunks.push(s) };
}

test('not a terminal: a line at once, then one per interval, messages on lines of their own', async () => {
  const stream = fakeStream(false);
  const progress = createProgress({ label: 'export', total: 3, counters: ['written', 'empty', 'failed'], stream, intervalMs: 20 });
  progress.add('written');
  progress.message('tile 1/0/0 failed: boom');
  await sleep(70);
  progress.add('empty');
  const end = progress.finish();
  const lines = stream.chunks.join('').split('\n').filter(Boolean);
  assert.match(lines[0], /^export: 0\/3 tiles \(0\.0%\)/);
  assert.ok(lines.includes('tile 1/0/0 failed: boom'));
  assert.ok(lines.filter((l) => l.startsWith('export: 1/3 tiles')).length >= 2, lines.join('\n'));
  assert.deepEqual(end.counts, { written: 1, empty: 1, failed: 0 });
  assert.equal(end.done, 2);
  const after = stream.chunks.length;
  await sleep(50);
  assert.equal(stream.chunks.length, after, 'nothing more after finish');
  assert.throws(() => progress.add('nope'), /unknown counter/);
});

test('a terminal: one line redrawn in place, ended by a newline', async () => {
  const stream = fakeStream(true);
  let t = 0;
  const progress = createProgress({ label: 'seed', total: 10, counters: ['generated', 'failed'], stream, now: () => t });
  for (let i = 0; i < 10; i++) {
    t += 50;
    progress.add(i === 3 ? 'failed' : 'generated');
    if (i === 3) progress.message('tile 3/2/1 failed');
  }
  progress.finish();
  const out = stream.chunks.join('');
  assert.ok(stream.chunks.every((c) => c.startsWith('\r') || c === '\n'), 'every draw starts at the line start');
  assert.match(out, /\r\x1b\[Ktile 3\/2\/1 failed\n/);
  assert.ok(out.endsWith('\x1b[K\n'));
  assert.match(out, /10\/10 100\.0% 20\.0 tiles\/s ETA 0s · generated 9 failed 1\x1b\[K\n$/);
  // redraws are throttled: 10 items 50 ms apart give at most one draw every 100 ms
  const draws = stream.chunks.filter((c) => c.startsWith('\rseed')).length;
  assert.ok(draws >= 5 && draws <= 8, `${draws} draws`);
});
