/**
 * A vector tile read field by field from its protobuf, without a decoder's help: what
 * @mapbox/vector-tile hides (the order of a layer's fields, the Tile.Value field each value was
 * written to, ids beyond 2^53 exactly) is there to check.
 */
import assert from 'node:assert/strict';

/** A raw protobuf field: varints kept exact as bigint, length-delimited fields as bytes. */
interface Field {
  field: number;
  varint?: bigint;
  bytes?: Uint8Array;
  double?: number;
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = buf[pos++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, varint: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      out.push({ field, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) {
      out.push({ field, double: new DataView(buf.buffer, buf.byteOffset + pos, 8).getFloat64(0, true) });
      pos += 8;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

export interface RawFeature {
  id?: bigint;
  tags: number[];
  type: number;
  geometry: number[];
}
export interface RawLayer {
  fieldOrder: number[];
  name: string;
  version: number;
  extent: number;
  keys: string[];
  /** [field number of Tile.Value, decoded value] */
  values: [number, string | number | bigint | boolean][];
  features: RawFeature[];
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function packed(b: Uint8Array): number[] {
  const out: number[] = [];
  let v = 0;
  let scale = 1;
  for (const byte of b) {
    v += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) {
      out.push(v);
      v = 0;
      scale = 1;
    }
  }
  return out;
}

export function rawLayers(bytes: Uint8Array): RawLayer[] {
  return fields(bytes).map((tileField) => {
    assert.equal(tileField.field, 3, 'a tile holds only layers');
    const l: RawLayer = { fieldOrder: [], name: '', version: 0, extent: 0, keys: [], values: [], features: [] };
    for (const f of fields(tileField.bytes!)) {
      l.fieldOrder.push(f.field);
      if (f.field === 1) l.name = text(f.bytes!);
      else if (f.field === 15) l.version = Number(f.varint);
      else if (f.field === 5) l.extent = Number(f.varint);
      else if (f.field === 3) l.keys.push(text(f.bytes!));
      else if (f.field === 4) {
        const [v, ...more] = fields(f.bytes!);
        assert.equal(more.length, 0, 'a value has one field');
        const zz = (n: bigint) => (n & 1n ? -(n >> 1n) - 1n : n >> 1n);
        const decoded =
          v.field === 1 ? text(v.bytes!) :
          v.field === 3 ? v.double! :
          v.field === 5 ? v.varint! :
          v.field === 6 ? zz(v.varint!) :
          v.field === 7 ? v.varint === 1n :
          assert.fail(`unexpected value field ${v.field}`);
        l.values.push([v.field, decoded]);
      } else if (f.field === 2) {
        const feat: RawFeature = { tags: [], type: 0, geometry: [] };
        for (const ff of fields(f.bytes!)) {
          if (ff.field === 1) feat.id = ff.varint;
          else if (ff.field === 2) feat.tags = packed(ff.bytes!);
          else if (ff.field === 3) feat.type = Number(ff.varint);
          else if (ff.field === 4) feat.geometry = packed(ff.bytes!);
        }
        l.features.push(feat);
      } else assert.fail(`unexpected layer field ${f.field}`);
    }
    return l;
  });
}
