import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../require-admin.ts';
import type { AppContext } from '../context.ts';
import { errors, jsonContent, operation, schemaRef, TAGS, type OpenApiPart } from '../openapi/part.ts';

/** Operator routes (admin bearer token). */
export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/admin/refresh', async (request) => {
    requireAdmin(request, ctx.config.admin_token);
    const snapshot = await ctx.catalog.refresh();
    return { collections: snapshot.collections.size, loaded_at: snapshot.loadedAt?.toISOString() };
  });
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

export const adminOpenApi: OpenApiPart = {
  paths: {
    '/admin/refresh': {
      post: operation({
        tag: TAGS.admin,
        operationId: 'refreshCatalog',
        summary: 'Read the catalog again now',
        responses: {
          '200': { description: 'The catalog was read.', content: jsonContent(schemaRef('RefreshResult')) },
          ...errors([401, 403, 500, 503, 504]),
        },
        admin: true,
      }),
    },
  },
  schemas: {
    RefreshResult: {
      type: 'object',
      properties: {
        collections: { type: 'integer', description: 'Collections published after the refresh.' },
        loaded_at: { type: 'string', format: 'date-time' },
      },
    },
  },
};
