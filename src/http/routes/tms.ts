import type { FastifyInstance } from 'fastify';
import { TileryError } from '../../errors.ts';
import { tmsDocument, type TileMatrixSet } from '../../tms/index.ts';
import { requireAdmin } from '../require-admin.ts';
import { baseUrl } from '../base-url.ts';
import type { AppContext } from '../context.ts';
import { JSON_TYPE, path, selfLinks, type Link } from '../links.ts';
import { sendDocument } from '../negotiate.ts';

/** Tile matrix sets: listed and served on the OGC path and the catalog path; created per catalog. */
export function tmsRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const prefix of ['', '/tiles']) {
    app.get(`${prefix}/tileMatrixSets`, async (request, reply) => {
      const base = baseUrl(request, ctx.config.public_url);
      const list = await ctx.tms.list();
      return sendDocument(request, reply, {
        links: selfLinks(base, `${prefix}/tileMatrixSets`, 'Tile matrix sets'),
        tileMatrixSets: list.map((t) => tmsSummary(t, base)),
      }, 'Tile matrix sets');
    });

    app.get<{ Params: { tmsId: string } }>(`${prefix}/tileMatrixSets/:tmsId`, async (request, reply) => {
      const tms = await requireTms(ctx, request.params.tmsId);
      return sendDocument(request, reply, tmsDocument(tms), tms.title);
    });
  }

  app.post<{ Params: { dataset: string } }>('/tiles/:dataset/tileMatrixSets', async (request, reply) => {
    requireAdmin(request, ctx.config.admin_token);
    const { dataset } = request.params;
    const snapshot = await ctx.catalog.ready();
    if (!snapshot.datasets.has(dataset)) throw new TileryError('unknown_dataset', { dataset });
    const tms = await ctx.tms.create(dataset, request.body);
    const base = baseUrl(request, ctx.config.public_url);
    return reply.code(201).header('Location', `${base}${path('tileMatrixSets', tms.id)}`).send(tmsDocument(tms));
  });
}

export async function requireTms(ctx: AppContext, id: string): Promise<TileMatrixSet> {
  const tms = await ctx.tms.get(id);
  if (!tms) throw new TileryError('unknown_tile_matrix_set', { tms: id });
  return tms;
}

/** The entry of a TMS in a list: id, title, URI and the link to its definition. */
export function tmsSummary(t: TileMatrixSet, base: string): Record<string, unknown> {
  const links: Link[] = [{ href: `${base}${path('tileMatrixSets', t.id)}`, rel: 'self', type: JSON_TYPE, title: t.title }];
  return { id: t.id, title: t.title, ...(t.uri && { uri: t.uri }), crs: t.crs, links };
}
