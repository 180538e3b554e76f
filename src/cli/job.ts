/**
 * A bounded-concurrency job: `work` runs on at most `concurrency` items at a time, and the
 * results come out as they finish. Items are pulled from the iterable only when a slot is free,
 * and a slot is freed only when its result has been taken: a slow consumer (a file being
 * written) holds the work back instead of piling results up.
 */
export interface JobOptions {
  readonly concurrency: number;
  /** Once aborted no item is started; the ones under way finish and are yielded, then the job ends. */
  readonly signal?: AbortSignal;
}

/**
 * Run `work` over `items`, yielding each result when it is ready (completion order, not item
 * order). When `work` throws, no item is started after it; the error is thrown once the items
 * under way have settled (their results are dropped).
 */
export async function* mapConcurrent<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  work: (item: T) => Promise<R>,
  options: JobOptions,
): AsyncGenerator<R> {
  const { concurrency, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  type Settled = { readonly id: number; readonly ok: true; readonly value: R } | { readonly id: number; readonly ok: false; readonly error: unknown };
  const running = new Map<number, Promise<Settled>>();
  let nextId = 0;
  let exhausted = false;
  let failure: { error: unknown } | null = null;

  const start = async (): Promise<boolean> => {
    if (exhausted || failure || signal?.aborted) return false;
    const next = await source.next();
    if (next.done) {
      exhausted = true;
      return false;
    }
    const id = nextId++;
    running.set(
      id,
      Promise.resolve()
        .then(() => work(next.value))
        .then(
          (value): Settled => ({ id, ok: true, value }),
          (error): Settled => ({ id, ok: false, error }),
        ),
    );
    return true;
  };

  try {
    while (running.size < concurrency && (await start()));
    while (running.size > 0) {
      const settled = await Promise.race(running.values());
      running.delete(settled.id);
      if (!settled.ok) {
        failure ??= { error: settled.error };
        continue;
      }
      if (!failure) yield settled.value;
      while (running.size < concurrency && (await start()));
    }
    if (failure) throw failure.error;
  } finally {
    // The consumer stopped early (break, or an error of its own): let the work under way end.
    exhausted = true;
    await Promise.allSettled(running.values());
    await source.return?.();
  }
}
