import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TileryError } from '../errors.ts';
import { ANONYMOUS, createAuthenticator, readCredentials, type Principal } from '../security/index.ts';
import type { AppContext } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request (anonymous when read authentication is off). */
    principal: Principal;
  }
}

/** Routes never rate-limited: an orchestrator's probes and the metrics scraper. */
const UNLIMITED_ROUTES = new Set(['/health', '/ready', '/metrics']);
/**
 * Routes open without credentials even when read authentication is on: those, and the viewer's
 * static files (the page itself and every document need credentials).
 */
const OPEN_ROUTES = new Set([...UNLIMITED_ROUTES, '/viewer/:file']);

/**
 * Headers of every HTML document page (JSON rendered readable): nothing runs on it, its one
 * style sheet is inline, and no other site may frame it. The viewer sets its own, stricter ones.
 */
const DOCUMENT_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

const routeOf = (request: FastifyRequest): string | undefined => request.routeOptions.url;

/**
 * On every route: URL length, read authentication (API keys, JWT → database role),
 * per-client rate limits, and the security headers. Call before the routes are added.
 */
export function registerSecurity(app: FastifyInstance, ctx: AppContext): void {
  const { config } = ctx;
  const auth = createAuthenticator(config.auth, config.admin_token);
  // (a shared object cannot be a decoration's initial value: each request gets it in the hook)
  app.decorateRequest('principal', null as unknown as Principal);
  const refusals = new WeakMap<FastifyRequest, unknown>();

  const maxUrl = config.limits.max_url_length;
  // Who the request comes from is settled first, without refusing it yet: the rate limit counts
  // requests with wrong credentials too (by address), so guessing keys is limited like the rest.
  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = ANONYMOUS;
    if (request.url.length > maxUrl) return done(new TileryError('uri_too_long', { max: maxUrl }));
    if (!auth.required && !request.headers.authorization) return done();
    auth.authenticate(readCredentials(request.headers, request.query as Record<string, unknown>)).then(
      (principal) => {
        request.principal = principal;
        done();
      },
      (err: unknown) => {
        refusals.set(request, err);
        done();
      },
    );
  });

  if (config.rate_limit.per_minute > 0) {
    const max = config.rate_limit.per_minute;
    app.register(rateLimit, {
      global: true,
      max,
      timeWindow: 60_000,
      hook: 'onRequest',
      keyGenerator: (request) => request.principal.client ?? `ip:${request.ip}`,
      allowList: (request) => UNLIMITED_ROUTES.has(routeOf(request) ?? ''),
      errorResponseBuilder: (_request, context) => new TileryError('rate_limited', { max, retry_after: Math.ceil(context.ttl / 1000) }),
    });
  }

  // Then refused, unless the route is open to all. (Without API keys or tokens configured,
  // nothing is refused: credentials other than the admin token are not looked at.)
  if (auth.required) {
    app.addHook('preValidation', (request, reply, done) => {
      const refusal = refusals.get(request);
      if (refusal === undefined || request.method === 'OPTIONS' || OPEN_ROUTES.has(routeOf(request) ?? '')) return done();
      if (refusal instanceof TileryError && refusal.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="tilery"');
      done(refusal as Error);
    });
  }

  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html') && !reply.hasHeader('content-security-policy')) reply.headers(DOCUMENT_PAGE_HEADERS);
    done(null, payload);
  });
}

/** The `Cache-Control` visibility of a tile: private when it was served to an authenticated client. */
export function tileVisibility(ctx: AppContext, request: FastifyRequest): 'public' | 'private' {
  const kind = request.principal.kind;
  return ctx.config.auth.private_tiles && (kind === 'api_key' || kind === 'token') ? 'private' : 'public';
}
