/**
 * A reader of Well-Known Binary: ISO WKB and PostGIS EWKB, either byte order, Z and M dropped.
 *
 * The model follows GeoJSON's nesting, except that the innermost level, a run of positions, is one
 * flat array of number pairs (x0, y0, x1, y1, …): reading a ring costs one allocation, not one
 * per point, which matters on the tile encoder's hot path.
 */

/** Number pairs x0, y0, x1, y1, … */
export type Coordinates = Float64Array;

export type Geometry =
  /** One pair; NaN, NaN for POINT EMPTY. */
  | { readonly type: 'Point'; readonly coordinates: Coordinates }
  | { readonly type: 'LineString'; readonly coordinates: Coordinates }
  /** Exterior ring first, then the interior rings; each ring as stored (closed). */
  | { readonly type: 'Polygon'; readonly coordinates: readonly Coordinates[] }
  /** One pair per member point; NaN, NaN for an empty member. */
  | { readonly type: 'MultiPoint'; readonly coordinates: Coordinates }
  | { readonly type: 'MultiLineString'; readonly coordinates: readonly Coordinates[] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly Coordinates[])[] }
  | { readonly type: 'GeometryCollection'; readonly geometries: readonly Geometry[] };

export type GeometryType = Geometry['type'];

const TYPES: readonly (GeometryType | undefined)[] = [
  undefined,
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
];

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

/** The smallest encoding of a geometry: byte order, type and an element count. */
const MIN_GEOMETRY_BYTES = 9;

/** Reads one geometry; throws on truncated input, trailing bytes, or types other than the seven of simple features. */
export function readWkb(bytes: Uint8Array): Geometry {
  const reader = new Reader(bytes);
  const geometry = reader.geometry();
  if (reader.pos !== bytes.length) {
    throw new Error(`WKB: ${bytes.length - reader.pos} trailing byte(s) after the geometry at offset ${reader.pos}`);
  }
  return geometry;
}

interface Header {
  readonly type: GeometryType;
  readonly little: boolean;
  /** Numbers per position: 2, 3 or 4. */
  readonly dims: number;
}

class Reader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  geometry(): Geometry {
    return this.body(this.header());
  }

  header(): Header {
    const at = this.pos;
    this.need(5, 'geometry header');
    const order = this.bytes[this.pos++];
    if (order !== 0 && order !== 1) throw new Error(`WKB: invalid byte order ${order} at offset ${at}`);
    const little = order === 1;
    const raw = this.view.getUint32(this.pos, little);
    this.pos += 4;
    const code = raw & 0x0fffffff;
    const iso = Math.floor(code / 1000);
    const type = iso <= 3 ? TYPES[code % 1000] : undefined;
    if (type === undefined || (raw & 0x10000000) !== 0) {
      throw new Error(`WKB: unsupported geometry type ${raw} (0x${raw.toString(16)}) at offset ${at}`);
    }
    const z = (raw & EWKB_Z) !== 0 || iso === 1 || iso === 3;
    const m = (raw & EWKB_M) !== 0 || iso === 2 || iso === 3;
    if ((raw & EWKB_SRID) !== 0) {
      this.need(4, 'SRID');
      this.pos += 4;
    }
    return { type, little, dims: 2 + (z ? 1 : 0) + (m ? 1 : 0) };
  }

  body(h: Header): Geometry {
    switch (h.type) {
      case 'Point':
        return { type: 'Point', coordinates: this.positions(h, 1) };
      case 'LineString':
        return { type: 'LineString', coordinates: this.points(h) };
      case 'Polygon':
        return { type: 'Polygon', coordinates: this.rings(h) };
      case 'MultiPoint': {
        const n = this.count(h, MIN_GEOMETRY_BYTES, 'points');
        const coordinates = new Float64Array(n * 2);
        for (let i = 0; i < n; i++) this.readInto(this.member(h.type, 'Point'), 1, coordinates, i * 2);
        return { type: 'MultiPoint', coordinates };
      }
      case 'MultiLineString': {
        const n = this.count(h, MIN_GEOMETRY_BYTES, 'line strings');
        const coordinates: Coordinates[] = [];
        for (let i = 0; i < n; i++) {
          coordinates.push(this.points(this.member(h.type, 'LineString')));
        }
        return { type: 'MultiLineString', coordinates };
      }
      case 'MultiPolygon': {
        const n = this.count(h, MIN_GEOMETRY_BYTES, 'polygons');
        const coordinates: Coordinates[][] = [];
        for (let i = 0; i < n; i++) coordinates.push(this.rings(this.member(h.type, 'Polygon')));
        return { type: 'MultiPolygon', coordinates };
      }
      case 'GeometryCollection': {
        const n = this.count(h, MIN_GEOMETRY_BYTES, 'geometries');
        const geometries: Geometry[] = [];
        for (let i = 0; i < n; i++) geometries.push(this.geometry());
        return { type: 'GeometryCollection', geometries };
      }
    }
  }

  /** Reads the header of a member of a multi-geometry, which must be of the member type. */
  member(parent: GeometryType, expected: GeometryType): Header {
    const at = this.pos;
    const h = this.header();
    if (h.type !== expected) throw new Error(`WKB: ${parent} holds a ${h.type} at offset ${at}`);
    return h;
  }

  rings(h: Header): Coordinates[] {
    const n = this.count(h, 4, 'rings');
    const rings: Coordinates[] = [];
    for (let i = 0; i < n; i++) rings.push(this.points(h));
    return rings;
  }

  /** A counted run of positions: a line string or a ring. */
  points(h: Header): Coordinates {
    return this.positions(h, this.count(h, 8 * h.dims, 'points'));
  }

  /** Reads an element count, checking that the rest of the input can hold that many elements. */
  count(h: Header, minBytesEach: number, what: string): number {
    this.need(4, `count of ${what}`);
    const n = this.view.getUint32(this.pos, h.little);
    this.pos += 4;
    this.need(n * minBytesEach, `${n} ${what}`);
    return n;
  }

  positions(h: Header, n: number): Coordinates {
    const out = new Float64Array(n * 2);
    this.readInto(h, n, out, 0);
    return out;
  }

  /** Reads n positions as x, y pairs into out from index at, skipping Z and M. */
  readInto(h: Header, n: number, out: Float64Array, at: number): void {
    const stride = 8 * h.dims;
    this.need(n * stride, n === 1 ? 'point' : `${n} points`);
    const view = this.view;
    const little = h.little;
    let p = this.pos;
    for (let i = at, end = at + n * 2; i < end; i += 2, p += stride) {
      out[i] = view.getFloat64(p, little);
      out[i + 1] = view.getFloat64(p + 8, little);
    }
    this.pos = p;
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) {
      throw new Error(`WKB: truncated input: ${what} at offset ${this.pos} needs ${n} byte(s), ${this.bytes.length - this.pos} left`);
    }
  }
}
