/**
 * A Mapbox Vector Tile 2.1 encoder, for engines whose PostGIS cannot run ST_AsMVT.
 *
 * Geometries arrive as WKB already in tile coordinates (clipped and snapped by the database); the
 * encoder rounds them, drops what became degenerate, fixes ring orientation, and writes the
 * command stream. Properties follow ST_AsMVT's mapping of column types to value types.
 */
import { PbfWriter } from 'pbf';
import { readWkb, type Coordinates, type Geometry } from './wkb.ts';

export type MvtValue = string | number | bigint | boolean | null | undefined | object;

export interface MvtFeature {
  /** Written when a non-negative integer (number, bigint or its decimal string) that fits uint64. */
  id?: number | bigint | string | null;
  /** WKB or EWKB in tile coordinates. */
  geometry: Uint8Array;
  /** null and undefined are left out, as ST_AsMVT does. */
  properties: Record<string, MvtValue>;
}

export interface MvtLayer {
  name: string;
  extent: number;
  features: Iterable<MvtFeature>;
}

/** Bytes of one tile holding the given layers in order; layers without any encodable feature are left out (so no layer at all gives an empty Uint8Array). */
export function encodeMvt(layers: readonly MvtLayer[]): Uint8Array {
  checkLayers(layers);
  const encoder = new TileEncoder();
  for (const layer of layers) encoder.layer(layer);
  const pbf = encoder.pbf;
  return pbf.buf.slice(0, pbf.pos);
}

function checkLayers(layers: readonly MvtLayer[]): void {
  const names = new Set<string>();
  for (const { name, extent } of layers) {
    if (names.has(name)) throw new Error(`MVT: two layers are named ${JSON.stringify(name)}`);
    names.add(name);
    if (!Number.isInteger(extent) || extent <= 0 || extent > 0xffffffff) {
      throw new Error(`MVT: layer ${JSON.stringify(name)} has an invalid extent ${extent}`);
    }
  }
}

// Field numbers of vector_tile.proto.
const TILE_LAYERS = 3;
const LAYER_NAME = 1, LAYER_FEATURES = 2, LAYER_KEYS = 3, LAYER_VALUES = 4, LAYER_EXTENT = 5, LAYER_VERSION = 15;
const FEATURE_ID = 1, FEATURE_TAGS = 2, FEATURE_TYPE = 3, FEATURE_GEOMETRY = 4;
/** Value kinds, named by the Tile.Value field each is written to. */
const STRING = 1, DOUBLE = 3, UINT = 5, SINT = 6, BOOL = 7;

const MOVE_TO = 1, LINE_TO = 2, CLOSE_PATH = 7;
/** The dimension of each simple type; a feature's GeomType is its dimension + 1 (POINT 1, LINESTRING 2, POLYGON 3). */
const DIMENSION = { Point: 0, MultiPoint: 0, LineString: 1, MultiLineString: 1, Polygon: 2, MultiPolygon: 2 } as const;

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = -SAFE_MAX;
/** A canonical decimal integer short enough to possibly fit uint64. */
const DECIMAL_ID = /^(?:0|[1-9][0-9]{0,19})$/;

/** One entry of a layer's values table; integers are numbers when safe, bigints beyond. */
interface Value {
  readonly kind: number;
  readonly data: string | number | bigint | boolean;
}

/** The state of one encodeMvt call: one writer, the current layer's tables, scratch arrays reused by every feature. */
class TileEncoder {
  readonly pbf = new PbfWriter(new Uint8Array(16 * 1024));

  // The current layer.
  current: MvtLayer | undefined;
  featureCount = 0;
  readonly keyIndex = new Map<string, number>();
  readonly keys: string[] = [];
  readonly values: Value[] = [];
  /**
   * Index into values. One map serves every kind: a value's JavaScript type and sign decide its
   * kind (see value()), so 1, 1n, "1" and true stay apart, and 1 and 1n are one uint.
   */
  readonly valueIndex = new Map<Value['data'], number>();

  // The current feature.
  featureType = 0;
  featureId: number | bigint | undefined;
  readonly tags: number[] = [];
  readonly geometry: number[] = [];
  /** Rounded points of the part being encoded, as x, y pairs. */
  readonly pts: number[] = [];
  cx = 0;
  cy = 0;

  layer(layer: MvtLayer): void {
    const pbf = this.pbf;
    const start = pbf.pos;
    this.current = layer;
    this.featureCount = 0;
    this.keyIndex.clear();
    this.keys.length = 0;
    this.values.length = 0;
    this.valueIndex.clear();
    pbf.writeMessage(TILE_LAYERS, writeLayer, this);
    if (this.featureCount === 0) pbf.pos = start;
  }

  feature(feature: MvtFeature): void {
    let geometry: Geometry;
    try {
      geometry = readWkb(feature.geometry);
    } catch (cause) {
      const id = feature.id == null ? '' : ` (id ${String(feature.id)})`;
      throw new Error(`MVT: layer ${JSON.stringify(this.current?.name)}: feature${id}: ${(cause as Error).message}`, { cause });
    }
    this.featureType = this.encodeGeometry(geometry);
    if (this.featureType === 0) return;
    this.encodeTags(feature.properties);
    this.featureId = featureId(feature.id);
    this.pbf.writeMessage(LAYER_FEATURES, writeFeature, this);
    this.featureCount++;
  }

  encodeTags(properties: Record<string, MvtValue>): void {
    const tags = this.tags;
    tags.length = 0;
    for (const key of Object.keys(properties)) {
      const value = properties[key];
      if (value == null) continue;
      const v = this.value(value);
      if (v < 0) continue;
      let k = this.keyIndex.get(key);
      if (k === undefined) {
        k = this.keys.length;
        this.keyIndex.set(key, k);
        this.keys.push(key);
      }
      tags.push(k, v);
    }
  }

  /** The index of a value in the layer's table, added if new; -1 for a value left out. */
  value(value: NonNullable<MvtValue>): number {
    switch (typeof value) {
      case 'string':
        return this.intern(STRING, value);
      case 'boolean':
        return this.intern(BOOL, value);
      case 'number':
        if (Number.isSafeInteger(value)) return this.intern(value < 0 ? SINT : UINT, value);
        return this.intern(DOUBLE, value);
      case 'bigint':
        if (value >= SAFE_MIN && value <= SAFE_MAX) return this.intern(value < 0n ? SINT : UINT, Number(value));
        if (value > 0n && value <= UINT64_MAX) return this.intern(UINT, value);
        if (value < 0n && value >= INT64_MIN) return this.intern(SINT, value);
        return this.intern(STRING, value.toString());
      default: {
        const text = objectText(value);
        return text === undefined ? -1 : this.intern(STRING, text);
      }
    }
  }

  intern(kind: number, data: Value['data']): number {
    let i = this.valueIndex.get(data);
    if (i === undefined) {
      i = this.values.length;
      this.valueIndex.set(data, i);
      this.values.push({ kind, data });
    }
    return i;
  }

  /** Fills this.geometry with the command stream of g; returns the GeomType, 0 when nothing is left to draw. */
  encodeGeometry(g: Geometry): number {
    this.geometry.length = 0;
    this.cx = 0;
    this.cy = 0;
    const dim = g.type === 'GeometryCollection' ? dimensionOf(g) : DIMENSION[g.type];
    if (dim === 0) this.flushPoints(this.addPoints(g, 0));
    else if (dim === 1) this.addLines(g);
    else if (dim === 2) this.addPolygons(g);
    return this.geometry.length === 0 ? 0 : dim + 1;
  }

  /** Collects the points of g after the first n collected; returns the new count. */
  addPoints(g: Geometry, n: number): number {
    if (g.type === 'Point' || g.type === 'MultiPoint') return this.collect(g.coordinates, n);
    if (g.type === 'GeometryCollection') for (const part of g.geometries) n = this.addPoints(part, n);
    return n;
  }

  addLines(g: Geometry): void {
    if (g.type === 'LineString') this.line(g.coordinates);
    else if (g.type === 'MultiLineString') for (const line of g.coordinates) this.line(line);
    else if (g.type === 'GeometryCollection') for (const part of g.geometries) this.addLines(part);
  }

  addPolygons(g: Geometry): void {
    if (g.type === 'Polygon') this.polygon(g.coordinates);
    else if (g.type === 'MultiPolygon') for (const polygon of g.coordinates) this.polygon(polygon);
    else if (g.type === 'GeometryCollection') for (const part of g.geometries) this.addPolygons(part);
  }

  /**
   * Appends the points of coords to this.pts after the first n: rounded to the grid, without
   * non-finite points (empty points) and without repeats of the point before. Returns the new count.
   */
  collect(coords: Coordinates, n: number): number {
    const pts = this.pts;
    let px = n > 0 ? pts[2 * n - 2] : NaN;
    let py = n > 0 ? pts[2 * n - 1] : NaN;
    for (let i = 0, len = coords.length; i < len; i += 2) {
      const x = Math.round(coords[i]) + 0;
      const y = Math.round(coords[i + 1]) + 0;
      if ((x === px && y === py) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      pts[2 * n] = px = x;
      pts[2 * n + 1] = py = y;
      n++;
    }
    return n;
  }

  flushPoints(n: number): void {
    if (n === 0) return;
    this.command(MOVE_TO, n);
    for (let i = 0; i < n; i++) this.vertex(i);
  }

  line(coords: Coordinates): void {
    const n = this.collect(coords, 0);
    if (n < 2) return;
    this.command(MOVE_TO, 1);
    this.vertex(0);
    this.command(LINE_TO, n - 1);
    for (let i = 1; i < n; i++) this.vertex(i);
  }

  /** Writes the rings left of one polygon; nothing when its exterior ring collapsed. */
  polygon(rings: readonly Coordinates[]): void {
    const pts = this.pts;
    for (let r = 0; r < rings.length; r++) {
      let n = this.collect(rings[r], 0);
      while (n > 1 && pts[0] === pts[2 * n - 2] && pts[1] === pts[2 * n - 1]) n--;
      const area = n < 3 ? 0 : doubleArea(pts, n);
      if (area === 0) {
        if (r === 0) return;
        continue;
      }
      // Exterior rings positive by the surveyor's formula (clockwise with y down), interior negative.
      const reverse = r === 0 ? area < 0 : area > 0;
      this.command(MOVE_TO, 1);
      this.vertex(0);
      this.command(LINE_TO, n - 1);
      if (reverse) for (let i = n - 1; i > 0; i--) this.vertex(i);
      else for (let i = 1; i < n; i++) this.vertex(i);
      this.command(CLOSE_PATH, 1);
    }
  }

  command(id: number, count: number): void {
    this.geometry.push(id + count * 8);
  }

  /** Writes point i of this.pts as a zigzag delta from the cursor, and moves the cursor there. */
  vertex(i: number): void {
    const x = this.pts[2 * i];
    const y = this.pts[2 * i + 1];
    this.geometry.push(zigzag(x - this.cx), zigzag(y - this.cy));
    this.cx = x;
    this.cy = y;
  }
}

function writeLayer(e: TileEncoder, pbf: PbfWriter): void {
  const layer = e.current!;
  pbf.writeStringField(LAYER_NAME, layer.name);
  for (const feature of layer.features) e.feature(feature);
  for (const key of e.keys) pbf.writeStringField(LAYER_KEYS, key);
  for (const value of e.values) pbf.writeMessage(LAYER_VALUES, writeValue, value);
  pbf.writeVarintField(LAYER_EXTENT, layer.extent);
  pbf.writeVarintField(LAYER_VERSION, 2);
}

function writeFeature(e: TileEncoder, pbf: PbfWriter): void {
  const id = e.featureId;
  if (typeof id === 'number') pbf.writeVarintField(FEATURE_ID, id);
  else if (id !== undefined) writeBigVarintField(pbf, FEATURE_ID, id);
  pbf.writePackedVarint(FEATURE_TAGS, e.tags);
  pbf.writeVarintField(FEATURE_TYPE, e.featureType);
  pbf.writePackedVarint(FEATURE_GEOMETRY, e.geometry);
}

function writeValue({ kind, data }: Value, pbf: PbfWriter): void {
  switch (kind) {
    case STRING:
      return pbf.writeStringField(STRING, data as string);
    case DOUBLE:
      return pbf.writeDoubleField(DOUBLE, data as number);
    case BOOL:
      return pbf.writeBooleanField(BOOL, data as boolean);
    case UINT:
      if (typeof data === 'bigint') return writeBigVarintField(pbf, UINT, data);
      return pbf.writeVarintField(UINT, data as number);
    default: {
      // SINT: always negative; zigzag is -2v - 1, exact as a number while v ≥ -2^52.
      const v = data as number | bigint;
      if (typeof v === 'number' && v >= -(2 ** 52)) return pbf.writeVarintField(SINT, -2 * v - 1);
      return writeBigVarintField(pbf, SINT, -2n * BigInt(v) - 1n);
    }
  }
}

/** A varint field beyond 2^53, where numbers lose precision. */
function writeBigVarintField(pbf: PbfWriter, field: number, value: bigint): void {
  pbf.writeTag(field, 0);
  pbf.realloc(10);
  const buf = pbf.buf;
  let pos = pbf.pos;
  while (value >= 0x80n) {
    buf[pos++] = Number(value & 0x7fn) | 0x80;
    value >>= 7n;
  }
  buf[pos++] = Number(value);
  pbf.pos = pos;
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/** Twice the ring's area by the surveyor's formula, positive when clockwise with y down. */
function doubleArea(pts: readonly number[], n: number): number {
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) sum += pts[2 * j] * pts[2 * i + 1] - pts[2 * i] * pts[2 * j + 1];
  return sum;
}

/** The highest dimension among the non-empty parts of g: 0 points, 1 lines, 2 polygons, -1 none. */
function dimensionOf(g: Geometry): number {
  switch (g.type) {
    case 'Point':
    case 'MultiPoint':
      for (let i = 0; i < g.coordinates.length; i += 2) {
        if (Number.isFinite(g.coordinates[i]) && Number.isFinite(g.coordinates[i + 1])) return 0;
      }
      return -1;
    case 'LineString':
      return g.coordinates.length > 0 ? 1 : -1;
    case 'MultiLineString':
      return g.coordinates.some((line) => line.length > 0) ? 1 : -1;
    case 'Polygon':
      return g.coordinates.length > 0 && g.coordinates[0].length > 0 ? 2 : -1;
    case 'MultiPolygon':
      return g.coordinates.some((rings) => rings.length > 0 && rings[0].length > 0) ? 2 : -1;
    case 'GeometryCollection':
      return g.geometries.reduce((max, part) => Math.max(max, dimensionOf(part)), -1);
  }
}

function featureId(id: MvtFeature['id']): number | bigint | undefined {
  switch (typeof id) {
    case 'number':
      return Number.isSafeInteger(id) && id >= 0 ? id + 0 : undefined;
    case 'bigint':
      if (id < 0n || id > UINT64_MAX) return undefined;
      return id <= SAFE_MAX ? Number(id) : id;
    case 'string':
      return DECIMAL_ID.test(id) ? featureId(BigInt(id)) : undefined;
    default:
      return undefined;
  }
}

/** The string_value of an object: a Date as ISO 8601, bytes as PostgreSQL's hex bytea, others as JSON; undefined to leave it out. */
function objectText(value: object): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (value instanceof Uint8Array) {
    let hex = '\\x';
    for (const byte of value) hex += byte.toString(16).padStart(2, '0');
    return hex;
  }
  try {
    return JSON.stringify(value);
  } catch {
    // A bigint inside: written as its decimal digits in a string.
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}
