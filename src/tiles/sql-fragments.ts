/**
 * PostGIS SQL fragments that more than one tile query needs. Arguments are SQL expressions
 * (bind parameters, column references or numbers tilery wrote), never request text.
 */

/** A box is sampled at (GRID + 1)² points to find its box in another CRS. */
export const GRID = 16;

/** Four SQL expressions: the corners of a box. */
export interface BoxSql {
  readonly minx: string;
  readonly miny: string;
  readonly maxx: string;
  readonly maxy: string;
}

/**
 * `SELECT ST_Extent(…) AS b FROM …`: the extent, in `toSrid`, of a grid of points of `box` (in
 * `fromSrid`) transformed. A grid, not only the outline: a large box in a local projection can
 * map to a shape whose outline's box misses the inside. `clampY` bounds each point's y (a
 * Mercator CRS cannot hold the poles).
 */
export function gridExtentSql(box: BoxSql, fromSrid: string | number, toSrid: string | number, clampY?: string): string {
  const x = `${box.minx} + (${box.maxx} - ${box.minx}) * i / ${GRID}`;
  const plainY = `${box.miny} + (${box.maxy} - ${box.miny}) * j / ${GRID}`;
  const y = clampY === undefined ? plainY : `GREATEST(-${clampY}, LEAST(${clampY}, ${plainY}))`;
  return `SELECT ST_Extent(ST_Transform(ST_SetSRID(ST_MakePoint(${x}, ${y}), ${fromSrid}), ${toSrid})) AS b
              FROM generate_series(0, ${GRID}) AS i, generate_series(0, ${GRID}) AS j`;
}

/**
 * What `ST_AsMVTGeom` does, in plain PostGIS, for an engine without it: clip `geom` to `clipBox`,
 * map the tile `tile` to 0…`extent` (y down), snap to the integer grid. The MVT encoder drops
 * what collapsed and orients the rings.
 */
export function plainMvtGeomSql(geom: string, clipBox: string, tile: BoxSql, extent: string | number): string {
  const { minx, miny, maxx, maxy } = tile;
  return `ST_SnapToGrid(ST_TransScale(ST_ClipByBox2D(${geom}, ${clipBox}), -${minx}, -${maxy}, ${extent} / (${maxx} - ${minx}), ${extent} / (${miny} - ${maxy})), 1)`;
}
