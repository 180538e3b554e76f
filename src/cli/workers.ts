/**
 * `tilery serve --workers N` (node:cluster): the primary forks N workers that each run a whole
 * tilery and listen on the same port (the primary hands the connections round). Workers share
 * nothing but PostgreSQL, as separate instances do: the L1 caches stay correct because every
 * invalidation reaches every worker over LISTEN/NOTIFY.
 */
import cluster, { type Worker } from 'node:cluster';
import type { TileryConfig } from '../config/index.ts';
import { createTilery, type Tilery } from '../index.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { answerMetricsRequests, askPrimaryForMetrics, shareMetrics } from './cluster-metrics.ts';
import { closeOnSignal, SHUTDOWN_TIMEOUT_MS } from './shutdown.ts';

/** What the primary sends a worker to make it shut down gracefully. */
const SHUTDOWN = 'tilery:shutdown';
/** Response header naming the worker (its process id) that answered. */
export const WORKER_HEADER = 'X-Tilery-Worker';

/**
 * The primary: fork `count` workers, start another when one dies after it listened (one that
 * dies before is a failed start: the others are stopped, exit 1), and on SIGTERM/SIGINT tell
 * every worker to finish its requests and stop. Resolves to the exit code once all are gone.
 */
export function runPrimary(config: TileryConfig, count: number): Promise<number> {
  const logger = createLogger(config.log_level);
  answerMetricsRequests();
  const listened = new Set<number>();
  let announced = false;
  let stopping = false;
  let failed = false;

  return new Promise((resolve) => {
    const fork = () => {
      const worker = cluster.fork();
      logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker started');
    };
    const finishIfDone = () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) resolve(failed ? 1 : 0);
    };
    const stopAll = (reason: string) => {
      stopping = true;
      logger.info({ reason, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down the workers');
      for (const worker of workers()) if (worker.isConnected()) worker.send({ type: SHUTDOWN, reason });
      // the workers' own timeout comes first; this one is for a worker that hangs
      setTimeout(() => killAll('still running after the shutdown timeout'), SHUTDOWN_TIMEOUT_MS + 5000).unref();
      finishIfDone();
    };
    const killAll = (reason: string) => {
      failed = true;
      logger.error({ reason }, 'killing the workers');
      for (const worker of workers()) worker.process.kill('SIGKILL');
    };

    cluster.on('listening', (worker, address) => {
      listened.add(worker.id);
      if (announced || listened.size < count) return;
      announced = true;
      const host = address.addressType === 6 || (address.address ?? '').includes(':') ? `[${address.address}]` : address.address;
      logger.info({ workers: count }, `tilery listening on http://${host}:${address.port} (${count} workers)`);
    });
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (code !== 0) failed = true;
        logger.info({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker stopped');
        finishIfDone();
        return;
      }
      if (!listened.has(worker.id)) {
        logger.error({ worker: worker.id, pid: worker.process.pid, code, signal }, 'a worker stopped before it listened: tilery cannot start');
        failed = true;
        stopAll('a worker failed to start');
        return;
      }
      logger.warn({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker died; starting another');
      fork();
    });

    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) killAll(`second ${signal}`);
      else stopAll(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);

    for (let i = 0; i < count; i++) fork();
  });
}

function workers(): Worker[] {
  return Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
}

/**
 * A worker: a whole tilery on the shared port, whose `/metrics` are the sum over the workers
 * and whose responses name it (`X-Tilery-Worker`). It stops gracefully on a signal, on the
 * primary's word, or when the primary is gone; it exits with the code.
 */
export async function runWorker(config: TileryConfig): Promise<never> {
  // the primary's word may come while this worker is still starting: it is kept until it can be acted on
  let stop: ((reason: string) => void) | null = null;
  let asked: string | null = null;
  const stopAsked = (reason: string) => (stop ? stop(reason) : (asked ??= reason));
  process.on('message', (message: { type?: string }) => {
    if (message?.type === SHUTDOWN) stopAsked('shutdown asked by the primary');
  });
  process.on('disconnect', () => stopAsked('the primary process is gone'));

  const metrics = createMetrics({ scrape: askPrimaryForMetrics });
  shareMetrics(metrics);
  let tilery: Tilery;
  try {
    tilery = await createTilery(config, { metrics });
    const pid = String(process.pid);
    tilery.app.addHook('onSend', async (_request, reply) => {
      reply.header(WORKER_HEADER, pid);
    });
    const address = await tilery.listen();
    tilery.logger.info({ address, worker: cluster.worker?.id }, `worker listening on ${address}`);
  } catch (err) {
    console.error(`tilery: ${(err as Error).message}`);
    process.exit(1);
  }
  const code = await closeOnSignal(() => tilery.close(), {
    logger: tilery.logger,
    alsoOn(stopNow) {
      stop = stopNow;
      if (asked !== null) stopNow(asked);
    },
  });
  // the channel to the primary would keep the process alive
  process.exit(code);
}

/** The worker count `workers` asks for: 0 is one per CPU core. */
export function workerCount(config: TileryConfig, cores: number): number {
  return config.workers === 0 ? cores : config.workers;
}
