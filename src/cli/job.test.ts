import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapConcurrent } from './job.ts';

async function collect<R>(gen: AsyncGenerator<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

test('every item once, never more than `concurrency` at a time, results as they finish', async () => {
  let running = 0;
  let peak = 0;
  const results = await collect(
    mapConcurrent(
      Array.from({ length: 40 }, (_, i) => i),
      async (i) => {
        running++;
        peak = Math.max(peak, running);
        await sleep((i * 7) % 5);
        running--;
        return i * 2;
      },
      { concurrency: 4 },
    ),
  );
  assert.equal(peak, 4);
  assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i * 2));
  // a slow first item does not hold back the others
  const order = await collect(mapConcurrent([30, 1, 1], async (ms) => (await sleep(ms), ms), { concurrency: 3 }));
  assert.deepEqual(order, [1, 1, 30]);
});

test('items are pulled lazily: a slow consumer holds the work back', async () => {
  let pulled = 0;
  function* items() {
    for (let i = 0; i < 1000; i++) {
      pulled++;
      yield i;
    }
  }
  const gen = mapConcurrent(items(), async (i) => i, { concurrency: 3 });
  await gen.next();
  await sleep(10);
  assert.ok(pulled <= 4, `pulled ${pulled} items for one result`);
  await gen.return(undefined);
});

test('abort: nothing new starts, the items under way finish and are yielded', async () => {
  const controller = new AbortController();
  const started: number[] = [];
  const results = await collect(
    mapConcurrent(
      Array.from({ length: 100 }, (_, i) => i),
      async (i) => {
        started.push(i);
        if (i === 5) controller.abort();
        await sleep(5);
        return i;
      },
      { concurrency: 3, signal: controller.signal },
    ),
  );
  assert.ok(started.length < 10, `started ${started.length}`);
  assert.deepEqual([...results].sort((a, b) => a - b), [...started].sort((a, b) => a - b), 'every started item is yielded');
});

test('a failing item stops the job: the error is thrown after the others settle', async () => {
  const finished: number[] = [];
  const gen = mapConcurrent(
    Array.from({ length: 50 }, (_, i) => i),
    async (i) => {
      if (i === 3) throw new Error('boom 3');
      await sleep(i === 2 ? 20 : 1);
      finished.push(i);
      return i;
    },
    { concurrency: 4 },
  );
  await assert.rejects(collect(gen), /boom 3/);
  assert.ok(finished.includes(2), 'the slow item under way was waited for');
  assert.ok(finished.length < 10, `finished ${finished.length}`);
});

test('async iterables and a bad concurrency', async () => {
  async function* items() {
    yield 1;
    yield 2;
  }
  assert.deepEqual((await collect(mapConcurrent(items(), async (i) => i + 1, { concurrency: 1 }))).sort(), [2, 3]);
  await assert.rejects(collect(mapConcurrent([1], async (i) => i, { concurrency: 0 })), /concurrency/);
});
