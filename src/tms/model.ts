/** One zoom level of a tile matrix set (OGC TMS 2.0 `tileMatrices[]`). */
export interface TileMatrix {
  readonly id: string;
  readonly scaleDenominator: number;
  /** CRS units per pixel. */
  readonly cellSize: number;
  readonly cornerOfOrigin: 'topLeft' | 'bottomLeft';
  /** In the CRS's axis order (northing first for e.g. EPSG:4326 and EPSG:3035). */
  readonly pointOfOrigin: readonly [number, number];
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly matrixWidth: number;
  readonly matrixHeight: number;
}

export interface TileMatrixSet {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** Registered URI (built-ins), absent for custom sets. */
  readonly uri?: string;
  /** CRS URI as in the document, e.g. `http://www.opengis.net/def/crs/EPSG/0/3857`. */
  readonly crs: string;
  /** The SRID PostGIS knows the CRS as. */
  readonly srid: number;
  /** True when the CRS's first axis is northing/latitude. */
  readonly northingFirst: boolean;
  readonly orderedAxes: readonly [string, string];
  readonly wellKnownScaleSet?: string;
  /**
   * The matrix covers its CRS's whole world, whose east and west edges meet (the built-ins):
   * a tile's buffer is cut at the matrix edges instead of wrapping around to the other side.
   */
  readonly global: boolean;
  /** The catalog (schema) a custom set was created in; null for built-ins. */
  readonly catalog: string | null;
  readonly tileMatrices: readonly TileMatrix[];
}

/** A rectangle in the TMS CRS, always easting/northing (x, y), as PostGIS expects. */
export interface Envelope {
  readonly minx: number;
  readonly miny: number;
  readonly maxx: number;
  readonly maxy: number;
}
