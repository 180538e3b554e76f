export type { TileMatrixSet, TileMatrix, Envelope } from './model.ts';
export { WEB_MERCATOR_QUAD, BUILTIN_TMS } from './builtin.ts';
export { tileMatrixAt, tileOutOfRange, tileEnvelope, matrixExtent, bufferEnvelope, intersectEnvelopes } from './math.ts';
export { createTmsRegistry, type TmsRegistry } from './registry.ts';
