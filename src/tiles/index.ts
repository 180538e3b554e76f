export {
  buildTileRequest,
  MAX_RESOLUTION,
  parseTileCoordinates,
  parseTileMatrixCoordinates,
  parseTileParams,
  resolveCollections,
  splitFormat,
  tileDefaults,
  type TileDefaults,
  type CacheMode,
  type TileFormat,
  type TileTarget,
  type TileParams,
  type TileRequest,
} from './request.ts';
export { planLayer, layerSql, tileEnvelopes } from './plan.ts';
export { layerName, type PlannedQuery } from './planned.ts';
export { cacheKey, etagOf } from './key.ts';
export { generateTile } from './generate.ts';
export { cachedTilesLayer } from './cache-layer.ts';
export { retireCollections } from './retire.ts';
export { createTilePipeline, type TilePipeline, type TileResult } from './pipeline.ts';
export { boundsInTms, checkWithinData, collectionsLimits, limitsOfBounds } from './extent.ts';
export { single, splitList, type Query } from './query.ts';
export { checkFunctionTms, servedIn, tileContentType, RESERVED_PARAMETERS, TABLE_ONLY_PARAMETERS, type FunctionParams } from './function-params.ts';
export { parseTileFilters, layerFilterSql, checkDatetimeApplies, NO_FILTERS, type TileFilters } from './filters.ts';
