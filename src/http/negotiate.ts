import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalidParameter } from '../errors.ts';
import { single, type Query } from '../tiles/index.ts';
import { renderHtml } from './html.ts';
import { JSON_TYPE } from './links.ts';

export type DocFormat = 'json' | 'html' | 'tilejson';

/** `f=json|html` (and `tilejson` where allowed) wins; else `Accept: text/html` means HTML. */
export function documentFormat(request: FastifyRequest, allowed: readonly DocFormat[] = ['json', 'html']): DocFormat {
  const f = single(request.query as Query, 'f');
  if (f !== undefined) {
    if (!(allowed as readonly string[]).includes(f)) throw invalidParameter('f', `must be one of ${allowed.join(', ')}`);
    return f as DocFormat;
  }
  const accept = request.headers.accept ?? '';
  return /text\/html/.test(accept) && !/application\/json/.test(accept.split(',')[0] ?? '') ? 'html' : 'json';
}

/** Send a JSON document, or the same document as a readable HTML page. */
export function sendDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  doc: Record<string, unknown>,
  title: string,
  contentType = JSON_TYPE,
): FastifyReply {
  if (documentFormat(request, ['json', 'html', 'tilejson']) === 'html') {
    return reply.type('text/html; charset=utf-8').send(renderHtml(title, doc));
  }
  return reply.type(contentType).send(doc);
}
