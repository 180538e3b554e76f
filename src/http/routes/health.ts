import type { FastifyInstance } from 'fastify';
import { TileryError } from '../../errors.ts';
import type { AppContext } from '../context.ts';

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
