import type { TileMatrix, TileMatrixSet } from './model.ts';

/** Standardized rendering pixel size of OGC TMS 2.0 (0.28 mm). */
const PIXEL_SIZE_M = 0.00028;
/** Half the equator of the WGS84 ellipsoid (π·6378137 m): exact, so clients' resolutions match. */
const MERCATOR_HALF_WORLD = Math.PI * 6378137;
/** Metres per degree at the equator of the WGS84 ellipsoid, as TMS 2.0 uses for CRS84. */
const METRES_PER_DEGREE = (2 * Math.PI * 6378137) / 360;

/** Quad-tree matrices: each level doubles the matrix of the one above. */
function quadMatrices(opts: {
  maxZoom: number;
  cellSize0: number;
  origin: [number, number];
  width0: number;
  height0: number;
  metresPerUnit: number;
}): TileMatrix[] {
  return Array.from({ length: opts.maxZoom + 1 }, (_, z) => {
    const cellSize = opts.cellSize0 / 2 ** z;
    return Object.freeze({
      id: String(z),
      scaleDenominator: (cellSize * opts.metresPerUnit) / PIXEL_SIZE_M,
      cellSize,
      cornerOfOrigin: 'topLeft' as const,
      pointOfOrigin: Object.freeze(opts.origin),
      tileWidth: 256,
      tileHeight: 256,
      matrixWidth: opts.width0 * 2 ** z,
      matrixHeight: opts.height0 * 2 ** z,
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
  wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
  global: true,
  catalog: null,
  tileMatrices: Object.freeze(
    quadMatrices({
      maxZoom: 24,
      cellSize0: (2 * MERCATOR_HALF_WORLD) / 256,
      origin: [-MERCATOR_HALF_WORLD, MERCATOR_HALF_WORLD],
      width0: 1,
      height0: 1,
      metresPerUnit: 1,
    }),
  ),
});

export const WORLD_CRS84_QUAD: TileMatrixSet = Object.freeze({
  id: 'WorldCRS84Quad',
  title: 'CRS84 for the World',
  uri: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WorldCRS84Quad',
  crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
  srid: 4326,
  northingFirst: false,
  orderedAxes: Object.freeze(['Lon', 'Lat'] as const),
  wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleCRS84Quad',
  global: true,
  catalog: null,
  tileMatrices: Object.freeze(
    quadMatrices({ maxZoom: 22, cellSize0: 180 / 256, origin: [-180, 90], width0: 2, height0: 1, metresPerUnit: METRES_PER_DEGREE }),
  ),
});

export const BUILTIN_TMS: readonly TileMatrixSet[] = Object.freeze([WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD]);
