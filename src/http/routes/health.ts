import type { FastifyInstance } from 'fastify';
import { TileryError } from '../../errors.ts';
import type { AppContext } from '../context.ts';
import { errors, jsonContent, operation, stringSchema, TAGS, type Obj, type OpenApiPart } from '../openapi/part.ts';

/**
 * The routes of operators and orchestrators: `/health` (the process answers),
 * `/ready` (and its database too) and `/metrics` (Prometheus). Never cached; open without
 * credentials and never rate-limited (see security.ts).
 */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/ready', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    if (!(await ctx.engine.ping())) throw new TileryError('database_unavailable', { reason: 'it does not answer SELECT 1' });
    return { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await ctx.metrics.scrape();
    return reply.header('Cache-Control', 'no-store').type(ctx.metrics.contentType).send(text);
  });
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

/** The JSON body of the probes: `{"status": …}`. */
function statusSchema(status: string): Obj {
  return { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: [status] } } };
}

export const healthOpenApi: OpenApiPart = {
  paths: {
    '/health': {
      get: operation({
        tag: TAGS.operations,
        operationId: 'getHealth',
        summary: 'Liveness: the process answers',
        description: 'Asks nothing of the database: 200 while the process can answer at all.',
        responses: { '200': { description: 'The process is alive.', content: jsonContent(statusSchema('ok')) }, ...errors([500]) },
      }),
    },
    '/ready': {
      get: operation({
        tag: TAGS.operations,
        operationId: 'getReady',
        summary: 'Readiness: the database answers',
        description: 'Runs `SELECT 1`: 200 when it succeeds, 503 (`database_unavailable`) when the database cannot be reached.',
        responses: { '200': { description: 'Ready to serve.', content: jsonContent(statusSchema('ready')) }, ...errors([500, 503]) },
      }),
    },
    '/metrics': {
      get: operation({
        tag: TAGS.operations,
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          'Requests and their latency by route, tiles by cache and source, generation time, database pool connections, invalidations, ' +
          'cache provider errors, and the process metrics. With `--workers`, the sum over every worker.',
        responses: { '200': { description: 'The Prometheus text format.', content: { 'text/plain': { schema: stringSchema } } }, ...errors([500]) },
      }),
    },
  },
};
