/**
 * Writes MBTiles 1.3 files of vector tiles (https://github.com/mapbox/mbtiles-spec), with the
 * SQLite built into Node (`node:sqlite`): a `metadata` table (name, format=pbf, bounds, center,
 * minzoom, maxzoom, `json` with `vector_layers`, …) and a `tiles` table whose rows count from the
 * bottom (TMS scheme: `tile_row = 2^z - 1 - y`), under the unique index `tile_index`. Tiles are
 * gzipped, as MVT readers of MBTiles expect.
 *
 * The file is built beside `path` and renamed over it at the end, so a reader never sees a
 * half-written file and a failed or interrupted export leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { gzipSync } from 'node:zlib';

export interface MbtilesTile {
  readonly z: number;
  /** Column, from the west. */
  readonly x: number;
  /** Row from the top (XYZ), as tilery numbers tiles; stored flipped. */
  readonly y: number;
  /** Uncompressed MVT bytes. */
  readonly data: Uint8Array;
}

/** A TileJSON `vector_layers` entry, as the MBTiles 1.3 `json` metadata row holds it. */
export interface VectorLayer {
  readonly id: string;
  /** Attribute name → `Number`, `Boolean` or `String`. */
  readonly fields: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly minzoom?: number;
  readonly maxzoom?: number;
}

export interface MbtilesMetadata {
  readonly name: string;
  readonly minzoom: number;
  readonly maxzoom: number;
  /** [west, south, east, north] in degrees. */
  readonly bounds: readonly [number, number, number, number];
  /** [longitude, latitude, zoom]; absent: the middle of the bounds at minzoom. */
  readonly center?: readonly [number, number, number];
  readonly vectorLayers: readonly VectorLayer[];
  readonly description?: string;
  readonly attribution?: string;
  /** `overlay` (default) or `baselayer`. */
  readonly type?: 'overlay' | 'baselayer';
  /** The version of the tileset (not of the spec); default 1. */
  readonly version?: string;
}

export interface WriteMbtilesResult {
  readonly tiles: number;
  readonly bytes: number;
}

/** MBTiles 1.3: `PRAGMA application_id` of an MBTiles file, "MPBX". */
export const MBTILES_APPLICATION_ID = 0x4d504258;
/** Rows inserted between commits. */
const BATCH = 1000;

/** The TMS row of XYZ row `y` at zoom `z` (and back: the flip is its own inverse). */
export function flipY(z: number, y: number): number {
  return 2 ** z - 1 - y;
}

function validate(m: MbtilesMetadata): void {
  const zoomOk = (z: number) => Number.isInteger(z) && z >= 0 && z <= 30;
  if (!zoomOk(m.minzoom) || !zoomOk(m.maxzoom) || m.minzoom > m.maxzoom) {
    throw new RangeError(`MBTiles: minzoom and maxzoom must be integers with 0 ≤ minzoom ≤ maxzoom ≤ 30: ${m.minzoom}, ${m.maxzoom}`);
  }
  const [w, s, e, n] = m.bounds;
  const lonOk = (v: number) => Number.isFinite(v) && v >= -180 && v <= 180;
  const latOk = (v: number) => Number.isFinite(v) && v >= -90 && v <= 90;
  if (m.bounds.length !== 4 || !lonOk(w) || !lonOk(e) || !latOk(s) || !latOk(n) || s > n || w > e) {
    throw new RangeError(`MBTiles: bounds must be [west, south, east, north] in degrees: ${JSON.stringify(m.bounds)}`);
  }
}

/** The rows of the `metadata` table. */
export function metadataRows(m: MbtilesMetadata): Array<[string, string]> {
  validate(m);
  const [w, s, e, n] = m.bounds;
  const center = m.center ?? [(w + e) / 2, (s + n) / 2, m.minzoom];
  const rows: Array<[string, string]> = [
    ['name', m.name],
    ['format', 'pbf'],
    ['bounds', m.bounds.join(',')],
    ['center', center.join(',')],
    ['minzoom', String(m.minzoom)],
    ['maxzoom', String(m.maxzoom)],
    ['type', m.type ?? 'overlay'],
    ['version', m.version ?? '1'],
    ['json', JSON.stringify({ vector_layers: m.vectorLayers })],
  ];
  if (m.description !== undefined) rows.push(['description', m.description]);
  if (m.attribution !== undefined) rows.push(['attribution', m.attribution]);
  return rows;
}

/**
 * Write an MBTiles file of MVT tiles to `path` (replacing it). Tiles may come in any order; a
 * tile given twice, or outside the metadata's zoom range or its matrix, is an error.
 */
export async function writeMbtiles(
  path: string,
  tiles: AsyncIterable<MbtilesTile> | Iterable<MbtilesTile>,
  metadata: MbtilesMetadata,
): Promise<WriteMbtilesResult> {
  const rows = metadataRows(metadata);
  const tmp = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  let db: DatabaseSync | null = new DatabaseSync(tmp);
  try {
    // A file that is renamed into place only when complete needs no journal.
    db.exec(`PRAGMA application_id = ${MBTILES_APPLICATION_ID}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
      CREATE TABLE metadata (name text, value text);
      CREATE UNIQUE INDEX name ON metadata (name);
      CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);`);
    const putMeta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    for (const [name, value] of rows) putMeta.run(name, value);
    const putTile = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    let count = 0;
    db.exec('BEGIN');
    for await (const { z, x, y, data } of tiles) {
      const n = 2 ** z;
      if (!Number.isInteger(z) || z < metadata.minzoom || z > metadata.maxzoom) {
        throw new RangeError(`MBTiles: tile ${z}/${x}/${y} is outside the zoom range ${metadata.minzoom} … ${metadata.maxzoom}`);
      }
      if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
        throw new RangeError(`MBTiles: tile ${z}/${x}/${y} is outside the matrix of zoom ${z}`);
      }
      try {
        putTile.run(z, x, flipY(z, y), gzipSync(data));
      } catch (err) {
        if (/UNIQUE/i.test((err as Error).message)) throw new RangeError(`MBTiles: tile ${z}/${x}/${y} given twice`);
        throw err;
      }
      if (++count % BATCH === 0) db.exec('COMMIT; BEGIN');
    }
    db.exec('COMMIT');
    db.close();
    db = null;
    await rename(tmp, path);
    return { tiles: count, bytes: (await stat(path)).size };
  } finally {
    if (db?.isOpen) db.close();
    await rm(tmp, { force: true }).catch(() => {});
  }
}
