/** EuropeanETRS89_LAEAQuad of OGC TMS 2.0, up to level 8: origin in the CRS's (northing, easting) order. */
export const LAEA_QUAD = {
  id: 'EuropeanETRS89_LAEAQuad',
  title: 'Lambert Azimuthal Equal Area ETRS89 for Europe',
  crs: 'http://www.opengis.net/def/crs/EPSG/0/3035',
  orderedAxes: ['Y', 'X'],
  tileMatrices: Array.from({ length: 9 }, (_, z) => ({
    id: String(z),
    scaleDenominator: 62779017.857142866 / 2 ** z,
    cellSize: 17578.125 / 2 ** z,
    cornerOfOrigin: 'topLeft',
    pointOfOrigin: [5500000.0, 2000000.0],
    tileWidth: 256,
    tileHeight: 256,
    matrixWidth: 2 ** z,
    matrixHeight: 2 ** z,
  })),
};
