import type { Logger } from 'pino';

/** How long in-flight requests get to finish after SIGTERM before the exit is forced. */
export const SHUTDOWN_TIMEOUT_MS = 30_000;

export interface ShutdownOptions {
  logger: Logger;
  timeoutMs?: number;
  /** Other stop requests than signals (a worker's primary): given the function that stops. */
  alsoOn?: (stop: (reason: string) => void) => void;
}

/**
 * Graceful shutdown: on the first SIGTERM or SIGINT run `close` (stop accepting, finish the
 * requests in flight, close the caches, the watcher and the pool) and resolve to the exit code,
 * 0 once all is closed. A second signal, or `close` still running after the timeout, ends the
 * process at once with code 1.
 */
export function closeOnSignal(close: () => Promise<void>, options: ShutdownOptions): Promise<number> {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  return new Promise((resolve) => {
    let stopping = false;
    let signalled = false;
    const force = (reason: string) => {
      logger.error({ reason }, 'forced exit: requests still in flight are cut');
      process.exit(1);
    };
    const stop = (reason: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal: reason }, 'shutting down: no new connections, finishing the requests in flight');
      const timer = setTimeout(() => force(`still closing after ${timeoutMs} ms`), timeoutMs);
      close().then(
        () => {
          clearTimeout(timer);
          logger.info('stopped');
          resolve(0);
        },
        (err: unknown) => {
          clearTimeout(timer);
          logger.error({ err: (err as Error).message }, 'error while shutting down');
          resolve(1);
        },
      );
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) force(`second ${signal}`);
      signalled = true;
      stop(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    options.alsoOn?.(stop);
  });
}
