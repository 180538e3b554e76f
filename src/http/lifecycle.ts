import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';

/**
 * Count every request answered, by the route's pattern (`/:layer/:z/:x/:y.pbf`, never the URL:
 * the number of series stays bounded); requests no route matched count as `unmatched`.
 */
export function countRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * Graceful close: once `app.close()` began, every response says `Connection: close`, so that a
 * keep-alive connection ends with the request in flight on it rather than idling until its
 * timeout (which would hold `close()` back); the server stops accepting, and requests already
 * on an open connection are answered, not refused.
 */
export function closeConnectionsOnClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('Connection', 'close');
    done(null, payload);
  });
}
