export { buildApp } from './app.ts';
export type { AppContext } from './context.ts';
export { MVT_MEDIA_TYPE } from './reply.ts';
