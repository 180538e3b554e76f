import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../require-admin.ts';
import type { AppContext } from '../context.ts';

/** Operator routes (admin bearer token). */
export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/admin/refresh', async (request) => {
    requireAdmin(request, ctx.config.admin_token);
    const snapshot = await ctx.catalog.refresh();
    return { collections: snapshot.collections.size, loaded_at: snapshot.loadedAt?.toISOString() };
  });
}
