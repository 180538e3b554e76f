/**
 * Progress of a long command (`tilery seed`, `tilery export`): on a terminal one line redrawn in
 * place (done/total, a bar, tiles/s, ETA, the counters); elsewhere (a log file, CI) a plain line
 * every few seconds. The summary is the caller's to print, from `summaryLine`.
 */

export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Where a job stands: what the lines are made from. */
export interface ProgressSnapshot {
  readonly label: string;
  readonly total: number;
  readonly done: number;
  /** Counters in display order (`generated`, `skipped`, …). */
  readonly counts: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

export interface ProgressOptions {
  /** Names the job on every line: `seed`, `export`. */
  readonly label: string;
  readonly total: number;
  /** The counters, in display order; every finished item counts in one. */
  readonly counters: readonly string[];
  readonly stream: ProgressStream;
  /** Milliseconds between plain lines when the stream is not a terminal; default 5000. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export interface Progress {
  /** One item finished, counted in `counter`. */
  add(counter: string): void;
  /** A message of its own line (a failure), kept above the progress line on a terminal. */
  message(text: string): void;
  snapshot(): ProgressSnapshot;
  /** Stop redrawing; on a terminal the last state stays on screen. */
  finish(): ProgressSnapshot;
}

const REDRAW_MS = 100;
const TTY_TICK_MS = 1000;

/** `42s`, `3m05s`, `2h07m`; `--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Elapsed time with a tenth of a second below a minute (`2.1s`), else as `formatDuration`. */
function formatElapsed(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(ms / 1000);
}

/** A bar of `width` cells, `fraction` of them full. */
export function progressBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.floor(f * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

function rate(s: ProgressSnapshot): number {
  return s.elapsedMs > 0 ? (s.done * 1000) / s.elapsedMs : 0;
}

/** Tiles a second: a tenth below 100, whole above. */
function rateText(s: ProgressSnapshot): string {
  const r = rate(s);
  return r < 100 ? r.toFixed(1) : r.toFixed(0);
}

/** Seconds left at the pace so far; NaN before there is a pace. */
export function etaSeconds(s: ProgressSnapshot): number {
  const r = rate(s);
  if (s.done >= s.total) return 0;
  return r > 0 ? (s.total - s.done) / r : NaN;
}

function percent(s: ProgressSnapshot): string {
  return `${(s.total === 0 ? 100 : (100 * s.done) / s.total).toFixed(1)}%`;
}

function countsText(s: ProgressSnapshot, separator: string): string {
  return Object.entries(s.counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(separator);
}

/**
 * The line a terminal shows, at most `columns - 1` wide: done/total, a bar, tiles/s, ETA and the
 * counters that are not zero. On a narrow terminal the words shorten, then the bar goes, before
 * any number does.
 */
export function terminalLine(s: ProgressSnapshot, columns = 80): string {
  const width = columns - 1;
  const nonZero = Object.entries(s.counts).filter(([, n]) => n > 0);
  const counts = nonZero.length ? ` · ${nonZero.map(([name, n]) => `${name} ${n}`).join(' ')}` : '';
  const eta = `ETA ${formatDuration(etaSeconds(s))}`;
  const tails = [
    ` ${s.done}/${s.total} ${percent(s)} ${rateText(s)} tiles/s ${eta}${counts}`,
    ` ${s.done}/${s.total} ${percent(s)} ${rateText(s)}/s ${eta}${counts}`,
    ` ${s.done}/${s.total} ${rateText(s)}/s ${eta}${counts}`,
  ];
  const fraction = s.total === 0 ? 1 : s.done / s.total;
  for (const tail of tails) {
    const room = width - s.label.length - 1 - tail.length;
    if (room >= 5) return `${s.label} ${progressBar(fraction, Math.min(40, room))}${tail}`;
  }
  for (const tail of tails) if (s.label.length + tail.length <= width) return `${s.label}${tail}`;
  return `${s.label}${tails[tails.length - 1]}`.slice(0, Math.max(0, width));
}

/** The line written every few seconds when the output is not a terminal. */
export function plainLine(s: ProgressSnapshot): string {
  return `${s.label}: ${s.done}/${s.total} tiles (${percent(s)}), ${rateText(s)} tiles/s, ETA ${formatDuration(etaSeconds(s))}; ${countsText(s, ', ')}`;
}

/** The last word: what was done, how fast, and each counter. */
export function summaryLine(s: ProgressSnapshot, options: { interrupted?: boolean } = {}): string {
  const what = options.interrupted ? `interrupted after ${s.done} of ${s.total} tiles` : `done: ${s.done} tiles`;
  return `${s.label}: ${what} in ${formatElapsed(s.elapsedMs)} (${rateText(s)} tiles/s); ${countsText(s, ', ')}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const { label, total, stream } = options;
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const started = now();
  const counts: Record<string, number> = Object.fromEntries(options.counters.map((c) => [c, 0]));
  let done = 0;
  let lastDraw = -Infinity;
  let finished = false;

  const snapshot = (): ProgressSnapshot => ({ label, total, done, counts: { ...counts }, elapsedMs: now() - started });
  const draw = () => {
    lastDraw = now();
    if (tty) stream.write(`\r${terminalLine(snapshot(), stream.columns || 80)}\x1b[K`);
    else stream.write(`${plainLine(snapshot())}\n`);
  };
  // A terminal line is redrawn as items finish (at most every REDRAW_MS) and each second for the
  // ETA; a plain line every intervalMs, the first at once so a log shows what started.
  const timer = setInterval(draw, tty ? TTY_TICK_MS : (options.intervalMs ?? 5000));
  timer.unref();
  draw();

  return {
    add(counter) {
      if (!(counter in counts)) throw new Error(`progress: unknown counter "${counter}"`);
      counts[counter]++;
      done++;
      if (tty && !finished && now() - lastDraw >= REDRAW_MS) draw();
    },
    message(text) {
      if (tty && !finished) {
        stream.write(`\r\x1b[K${text}\n`);
        draw();
      } else {
        stream.write(`${text}\n`);
      }
    },
    snapshot,
    finish() {
      if (!finished) {
        finished = true;
        clearInterval(timer);
        if (tty) {
          draw();
          stream.write('\n');
        }
      }
      return snapshot();
    },
  };
}
