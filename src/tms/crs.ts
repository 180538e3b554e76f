import { TileryError } from '../errors.ts';
import type { Engine } from '../engine/index.ts';

/** A CRS as a TMS document names it. */
export type CrsRef = { readonly kind: 'epsg'; readonly code: number } | { readonly kind: 'crs84' };

const EPSG_PATTERNS = [
  /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[^/]+\/(\d{1,6})$/i,
  /^urn:ogc:def:crs:EPSG:[^:]*:(\d{1,6})$/i,
  /^EPSG:(\d{1,6})$/i,
];
const CRS84_PATTERNS = [
  /^https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/[^/]+\/CRS84$/i,
  /^urn:ogc:def:crs:OGC:[^:]*:CRS84$/i,
  /^OGC:CRS84$/i,
];

/**
 * Projected EPSG CRSs whose first axis is northing (EPSG axis order), for documents that do not
 * give `orderedAxes`. Geographic EPSG CRSs are latitude-first without a list.
 */
const NORTHING_FIRST_PROJECTED = new Set([2180, 3006, 3034, 3035, ...range(3038, 3051), 31466, 31467, 31468, 31469]);
const NORTHING_AXIS_NAMES = new Set(['y', 'n', 'lat', 'latitude', 'northing', 'north']);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Read the `crs` member of a TMS document: a URI string or `{ "uri": … }`. */
export function parseCrs(value: unknown): CrsRef | null {
  const uri = typeof value === 'string' ? value : (value as { uri?: unknown } | null)?.uri;
  if (typeof uri !== 'string') return null;
  for (const p of CRS84_PATTERNS) if (p.test(uri)) return { kind: 'crs84' };
  for (const p of EPSG_PATTERNS) {
    const m = p.exec(uri);
    if (m) return { kind: 'epsg', code: Number(m[1]) };
  }
  return null;
}

export function crsUri(ref: CrsRef): string {
  return ref.kind === 'crs84' ? 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' : `http://www.opengis.net/def/crs/EPSG/0/${ref.code}`;
}

/** True when `orderedAxes` starts with a northing/latitude axis; null when it says nothing. */
export function northingFirstFromAxes(axes: readonly string[] | undefined): boolean | null {
  if (!axes || axes.length < 1) return null;
  return NORTHING_AXIS_NAMES.has(axes[0].toLowerCase());
}

/**
 * The SRID PostGIS knows the CRS as, and its axis order: from the document's `orderedAxes`
 * when given, else EPSG's (latitude first for geographic CRSs).
 */
export async function resolveCrs(
  engine: Engine,
  ref: CrsRef,
  orderedAxes?: readonly string[],
): Promise<{ srid: number; northingFirst: boolean }> {
  const declared = northingFirstFromAxes(orderedAxes);
  if (ref.kind === 'crs84') return { srid: 4326, northingFirst: declared ?? false };
  const { rows } = await engine.query<{ srid: number; srtext: string | null }>(
    `SELECT srid, srtext FROM spatial_ref_sys WHERE upper(auth_name) = 'EPSG' AND auth_srid = $1 ORDER BY srid LIMIT 1`,
    [ref.code],
  );
  if (rows.length === 0) {
    throw new TileryError('invalid_tile_matrix_set', { member: 'crs', reason: `EPSG:${ref.code} is not in spatial_ref_sys` });
  }
  const { srid, srtext } = rows[0];
  const geographic = /^\s*GEOG(CS|CRS)\[/i.test(srtext ?? '');
  return { srid, northingFirst: declared ?? (geographic || NORTHING_FIRST_PROJECTED.has(ref.code)) };
}
