/**
 * `/metrics` with `--workers`: a scrape reaches one worker, which asks the primary; the primary
 * gathers every worker's registries (prom-client's AggregatorRegistry, over the cluster's IPC)
 * and answers their sum, so that counters do not jump from one worker's to another's.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from '../observability/metrics.ts';

const REQUEST = 'tilery:metrics-request';
const ANSWER = 'tilery:metrics-answer';
const WAIT_MS = 10_000;

interface Message {
  type?: string;
  id?: number;
  text?: string;
  error?: string;
}

/** In the primary: answer the workers' requests for the sum of every worker's metrics. */
export function answerMetricsRequests(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: Message) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: ANSWER, id: message.id, text }),
      (err: Error) => worker.isConnected() && worker.send({ type: ANSWER, id: message.id, error: err.message }),
    );
  });
}

/** In a worker: answer the primary's requests with these metrics (prom-client's worker side). */
export function shareMetrics(metrics: Metrics): void {
  AggregatorRegistry.setRegistries([...metrics.registries]);
  new AggregatorRegistry();
}

let next = 0;

/** In a worker: the sum of every worker's metrics, from the primary. */
export function askPrimaryForMetrics(): Promise<string> {
  const id = ++next;
  return new Promise<string>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    const onMessage = (message: Message) => {
      if (message?.type !== ANSWER || message.id !== id) return;
      done();
      if (message.error !== undefined) reject(new Error(`metrics of the workers: ${message.error}`));
      else resolve(message.text ?? '');
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('metrics of the workers: the primary process did not answer'));
    }, WAIT_MS);
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id });
  });
}
