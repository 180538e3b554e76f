import type { TileMatrix, TileMatrixSet } from './model.ts';

/** Standardized rendering pixel size of OGC TMS 2.0 (0.28 mm). */
const PIXEL_SIZE_M = 0.00028;
const MERCATOR_HALF_WORLD = 20037508.3427892;

function quadMatrices(maxZoom: number, worldWidth: number, origin: [number, number], metersPerUnit: number): TileMatrix[] {
  return Array.from({ length: maxZoom + 1 }, (_, z) => {
    const cellSize = worldWidth / 256 / 2 ** z;
    return Object.freeze({
      id: String(z),
      scaleDenominator: (cellSize * metersPerUnit) / PIXEL_SIZE_M,
      cellSize,
      cornerOfOrigin: 'topLeft' as const,
      pointOfOrigin: Object.freeze(origin),
      tileWidth: 256,
      tileHeight: 256,
      matrixWidth: 2 ** z,
      matrixHeight: 2 ** z,
    });
  });
}

export const WEB_MERCATOR_QUAD: TileMatrixSet = Object.freeze({
  id: 'WebMercatorQuad',
  title: 'Google Maps Compatible for the World',
  uri: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad',
  crs: 'http://www.opengis.net/def/crs/EPSG/0/3857',
  srid: 3857,
  northingFirst: false,
  orderedAxes: Object.freeze(['X', 'Y'] as const),
  tileMatrices: Object.freeze(quadMatrices(24, 2 * MERCATOR_HALF_WORLD, [-MERCATOR_HALF_WORLD, MERCATOR_HALF_WORLD], 1)),
});

export const BUILTIN_TMS: readonly TileMatrixSet[] = Object.freeze([WEB_MERCATOR_QUAD]);
