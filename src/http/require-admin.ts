import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { TileryError } from '../errors.ts';

/** Write routes: refused (403) when no admin token is configured, 401 without the right one. */
export function requireAdmin(request: FastifyRequest, token: string | null): void {
  if (!token) throw new TileryError('admin_token_not_configured');
  const header = request.headers.authorization ?? '';
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new TileryError('admin_token_invalid');
}
