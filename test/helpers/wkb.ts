/**
 * A WKB writer of the tests' own: a GeoJSON-like input, every header written out by hand, in
 * either byte order, ISO or EWKB, with Z, M and an SRID if asked.
 */

export type Pos = readonly number[];
export type Shape =
  | { type: 'Point'; coordinates: Pos }
  | { type: 'LineString'; coordinates: readonly Pos[] }
  | { type: 'Polygon'; coordinates: readonly (readonly Pos[])[] }
  | { type: 'MultiPoint'; coordinates: readonly Pos[] }
  | { type: 'MultiLineString'; coordinates: readonly (readonly Pos[])[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly (readonly Pos[])[])[] }
  | { type: 'GeometryCollection'; geometries: readonly Shape[] };

export interface WkbFlavour {
  /** Byte order: NDR (little, the default) or XDR. */
  little?: boolean;
  /** ISO type offsets (1000, 2000, 3000) or EWKB flag bits for Z and M. */
  dialect?: 'iso' | 'ewkb';
  z?: boolean;
  m?: boolean;
  /** EWKB only, on the outermost geometry. */
  srid?: number;
}

const CODES = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 };
/** What the writer stores as Z and M, which a reader must skip. */
const Z_VALUE = 123.25;
const M_VALUE = -7.5;

export function wkb(shape: Shape, flavour: WkbFlavour = {}): Uint8Array {
  const out: number[] = [];
  const scratch = new DataView(new ArrayBuffer(8));
  const little = flavour.little ?? true;
  const u32 = (v: number) => {
    scratch.setUint32(0, v, little);
    for (let i = 0; i < 4; i++) out.push(scratch.getUint8(i));
  };
  const f64 = (v: number) => {
    scratch.setFloat64(0, v, little);
    for (let i = 0; i < 8; i++) out.push(scratch.getUint8(i));
  };
  const pos = (p: Pos) => {
    f64(p.length ? p[0] : NaN);
    f64(p.length ? p[1] : NaN);
    if (flavour.z) f64(p.length ? Z_VALUE : NaN);
    if (flavour.m) f64(p.length ? M_VALUE : NaN);
  };
  const run = (ps: readonly Pos[]) => {
    u32(ps.length);
    ps.forEach(pos);
  };
  const header = (type: Shape['type'], outer: boolean) => {
    out.push(little ? 1 : 0);
    let code = CODES[type];
    if (flavour.dialect === 'ewkb') {
      if (flavour.z) code |= 0x80000000;
      if (flavour.m) code |= 0x40000000;
      if (outer && flavour.srid !== undefined) code |= 0x20000000;
      u32(code >>> 0);
      if (outer && flavour.srid !== undefined) u32(flavour.srid);
    } else {
      u32(code + (flavour.z ? 1000 : 0) + (flavour.m ? 2000 : 0));
    }
  };
  const write = (s: Shape, outer: boolean): void => {
    header(s.type, outer);
    switch (s.type) {
      case 'Point':
        return pos(s.coordinates);
      case 'LineString':
        return run(s.coordinates);
      case 'Polygon':
        u32(s.coordinates.length);
        return s.coordinates.forEach(run);
      case 'MultiPoint':
        u32(s.coordinates.length);
        return s.coordinates.forEach((p) => write({ type: 'Point', coordinates: p }, false));
      case 'MultiLineString':
        u32(s.coordinates.length);
        return s.coordinates.forEach((l) => write({ type: 'LineString', coordinates: l }, false));
      case 'MultiPolygon':
        u32(s.coordinates.length);
        return s.coordinates.forEach((p) => write({ type: 'Polygon', coordinates: p }, false));
      case 'GeometryCollection':
        u32(s.geometries.length);
        return s.geometries.forEach((g) => write(g, false));
    }
  };
  write(shape, true);
  return Uint8Array.from(out);
}
