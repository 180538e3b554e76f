/**
 * The tiles of an area, for `tilery seed` and `tilery export`: rectangles of tile columns and
 * rows per zoom (from a TMS's limits over some bounds), and the tiles they cover, each once.
 * Pure: the bounds are brought into the TMS's CRS elsewhere (see extent.ts).
 */
import type { Bounds } from '../catalog/index.ts';
import type { TileMatrixLimits, TileMatrixSet } from '../tms/index.ts';

export interface TileAddress {
  readonly z: number;
  /** Column. */
  readonly x: number;
  /** Row. */
  readonly y: number;
}

/** The columns and rows (inclusive) of one zoom that an area covers. */
export interface TileRect {
  readonly z: number;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

/** OGC `tileMatrixSetLimits` (matrices named by id) as rectangles by zoom (the matrix's position). */
export function rectsFromLimits(tms: TileMatrixSet, limits: readonly TileMatrixLimits[]): TileRect[] {
  return limits.map((l) => {
    const z = tms.tileMatrices.findIndex((m) => m.id === l.tileMatrix);
    if (z < 0) throw new Error(`no tile matrix "${l.tileMatrix}" in ${tms.id}`);
    return { z, minX: l.minTileCol, maxX: l.maxTileCol, minY: l.minTileRow, maxY: l.maxTileRow };
  });
}

/** The common part of two WGS84 boxes [minlon, minlat, maxlon, maxlat]; null when they do not meet. */
export function intersectBounds(a: Bounds, b: Bounds): Bounds | null {
  const out: Bounds = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return out[0] > out[2] || out[1] > out[3] ? null : out;
}

/** The smallest box holding every one of `all` (at least one). */
export function unionBounds(all: readonly Bounds[]): Bounds {
  if (all.length === 0) throw new RangeError('unionBounds: no bounds');
  return [
    Math.min(...all.map((b) => b[0])),
    Math.min(...all.map((b) => b[1])),
    Math.max(...all.map((b) => b[2])),
    Math.max(...all.map((b) => b[3])),
  ];
}

/**
 * One zoom's rectangles cut into bands of rows that the same rectangles cover, each with its
 * merged column intervals: rows are never listed one by one to count them.
 */
function bands(rects: readonly TileRect[]): Array<{ fromY: number; toY: number; spans: Array<[number, number]> }> {
  const edges = [...new Set(rects.flatMap((r) => [r.minY, r.maxY + 1]))].sort((a, b) => a - b);
  const out: Array<{ fromY: number; toY: number; spans: Array<[number, number]> }> = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const fromY = edges[i];
    const toY = edges[i + 1] - 1;
    const spans = mergeSpans(rects.filter((r) => fromY >= r.minY && fromY <= r.maxY).map((r): [number, number] => [r.minX, r.maxX]));
    if (spans.length > 0) out.push({ fromY, toY, spans });
  }
  return out;
}

/** Column intervals [from, to], sorted and merged where they overlap or touch. */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [from, to] of spans.sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Non-empty rectangles by zoom, lowest zoom first. */
function byZoom(rects: readonly TileRect[]): Map<number, TileRect[]> {
  const zooms = new Map<number, TileRect[]>();
  for (const r of [...rects].sort((a, b) => a.z - b.z)) {
    if (r.minX > r.maxX || r.minY > r.maxY) continue;
    const list = zooms.get(r.z) ?? [];
    list.push(r);
    zooms.set(r.z, list);
  }
  return zooms;
}

/**
 * Every tile the rectangles cover, once even where they overlap: zoom by zoom (lowest first),
 * row by row, column by column. Lazy: a large area is never held in memory.
 */
export function* enumerateTiles(rects: readonly TileRect[]): Generator<TileAddress> {
  for (const [z, list] of byZoom(rects)) {
    for (const band of bands(list)) {
      for (let y = band.fromY; y <= band.toY; y++) {
        for (const [from, to] of band.spans) {
          for (let x = from; x <= to; x++) yield { z, x, y };
        }
      }
    }
  }
}

/** How many tiles `enumerateTiles` yields, without listing them. */
export function countTiles(rects: readonly TileRect[]): number {
  let n = 0;
  for (const list of byZoom(rects).values()) {
    for (const band of bands(list)) {
      const width = band.spans.reduce((sum, [from, to]) => sum + to - from + 1, 0);
      n += width * (band.toY - band.fromY + 1);
    }
  }
  return n;
}
