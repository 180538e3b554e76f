import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { TileryError } from '../errors.ts';
import type { AppContext } from './context.ts';
import { adminRoutes } from './routes/admin.ts';
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
  });

  if (ctx.config.cors_origins.length > 0) {
    const origins = ctx.config.cors_origins;
    app.register(cors, { origin: origins.includes('*') ? '*' : [...origins], methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'], exposedHeaders: ['ETag', 'X-Tile-Cache', 'X-Tile-Source'] });
  }

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

  ogcRoutes(app, ctx);
  apiRoutes(app, ctx);
  tmsRoutes(app, ctx);
  datasetRoutes(app, ctx);
  adminRoutes(app, ctx);
  cacheRoutes(app, ctx);
  debugRoutes(app, ctx);
  viewerRoutes(app, ctx);
  pgTileservRoutes(app, ctx);
  return app;
}
