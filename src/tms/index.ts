export type { TileMatrixSet, TileMatrix, Envelope } from './model.ts';
export { WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD, BUILTIN_TMS } from './builtin.ts';
export { tileMatrixAt, tileOutOfRange, tileEnvelope, matrixExtent, bufferEnvelope, intersectEnvelopes } from './math.ts';
export { parseCrs, crsUri, resolveCrs, northingFirstFromAxes, type CrsRef } from './crs.ts';
export { tmsDocument, parseTmsDocument, TMS_ID_PATTERN, type TmsDraft } from './document.ts';
export { createTmsRegistry, type TmsRegistry } from './registry.ts';
export { tileMatrixSetLimits, withinLimits, type TileMatrixLimits } from './limits.ts';
