import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { TileryError } from '../errors.ts';
import type { AppContext } from './context.ts';
import { closeConnectionsOnClose, countRequests } from './lifecycle.ts';
import { adminRoutes } from './routes/admin.ts';
import { healthRoutes } from './routes/health.ts';
import { registerSecurity } from './security.ts';
import { cacheRoutes } from './routes/cache.ts';
import { debugRoutes } from './routes/debug.ts';
import { apiRoutes } from './routes/api.ts';
import { datasetRoutes } from './routes/dataset.ts';
import { pgTileservRoutes } from './routes/pgtileserv.ts';
import { tmsRoutes } from './routes/tms.ts';
import { ogcRoutes } from './routes/ogc/index.ts';
import { viewerRoutes } from './routes/viewer.ts';

/** Build the HTTP app; it never listens (tests use `app.inject()`, `serve` calls `listen`). */
export function buildApp(ctx: AppContext, logger: Logger): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Tile requests get their own log line; fastify's two lines per request would only add noise.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    bodyLimit: ctx.config.limits.max_body_bytes,
    // while closing, a request on a connection opened before is answered (then the connection closed)
    return503OnClosing: false,
  });
  countRequests(app, ctx.metrics);
  closeConnectionsOnClose(app);

  if (ctx.config.cors_origins.length > 0) {
    const origins = ctx.config.cors_origins;
    app.register(cors, { origin: origins.includes('*') ? '*' : [...origins], methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'], exposedHeaders: ['ETag', 'X-Tile-Cache', 'X-Tile-Source'] });
  }

  registerSecurity(app, ctx);

  app.setErrorHandler((err: FastifyError | TileryError, request, reply) => {
    if (err instanceof TileryError) {
      if (err.status >= 500) request.log.warn({ code: err.code, url: request.url }, err.message);
      return reply.code(err.status).type('application/json').send(err.toJSON());
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ code: 'bad_request', description: err.message });
    }
    request.log.error({ err, url: request.url }, 'unexpected error');
    return reply.code(500).send(new TileryError('internal', { reason: err.message }).toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const err = new TileryError('not_found', { method: request.method, url: request.url });
    return reply.code(err.status).send(err.toJSON());
  });

  // The routes are added once the plugins above are loaded, so that theirs apply to every route
  // (the rate limit's hooks are attached to each route as it is added).
  app.register(async (routes) => {
    ogcRoutes(routes, ctx);
    apiRoutes(routes, ctx);
    tmsRoutes(routes, ctx);
    datasetRoutes(routes, ctx);
    adminRoutes(routes, ctx);
    cacheRoutes(routes, ctx);
    debugRoutes(routes, ctx);
    viewerRoutes(routes, ctx);
    healthRoutes(routes, ctx);
    pgTileservRoutes(routes, ctx);
  });
  return app;
}
