import type { FastifyRequest } from 'fastify';

/**
 * The absolute base URL links are made of: the configured public URL, else the request's
 * `X-Forwarded-Proto`/`X-Forwarded-Host` (first value), else its protocol and Host header.
 */
export function baseUrl(request: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim();
  const proto = first(request.headers['x-forwarded-proto']) || request.protocol;
  const host = first(request.headers['x-forwarded-host']) || request.headers.host || 'localhost';
  const prefix = first(request.headers['x-forwarded-prefix'])?.replace(/\/+$/, '') ?? '';
  return `${proto}://${host}${prefix}`;
}
