/**
 * Unsigned LEB128 varints (the encoding of PMTiles directories), for the integers a JavaScript
 * number holds exactly (0 … 2^53 − 1). Arithmetic rather than bit operators, which stop at 32 bits.
 */

/** A growable byte buffer that varints and raw bytes are appended to. */
export class ByteWriter {
  #buf: Uint8Array;
  #len = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.#len;
  }

  #reserve(extra: number): void {
    const need = this.#len + extra;
    if (need <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint: not an unsigned safe integer: ${value}`);
    this.#reserve(8); // 2^53 needs 8 varint bytes
    let v = value;
    while (v >= 0x80) {
      this.#buf[this.#len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[this.#len++] = v;
  }

  /** The bytes written so far (a copy, so the writer may go on). */
  toBytes(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** A cursor over bytes, reading varints. */
export class ByteReader {
  readonly buf: Uint8Array;
  pos: number;

  constructor(buf: Uint8Array, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): number {
    let result = 0;
    let factor = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new RangeError('varint: unexpected end of data');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * factor;
      if (b < 0x80) break;
      factor *= 0x80;
      if (factor > 2 ** 49) throw new RangeError('varint: longer than 8 bytes');
    }
    if (!Number.isSafeInteger(result)) throw new RangeError(`varint: value exceeds 2^53 − 1 at byte ${this.pos}`);
    return result;
  }
}

export function encodeVarint(value: number): Uint8Array {
  const w = new ByteWriter(16);
  w.varint(value);
  return w.toBytes();
}

export function decodeVarint(buf: Uint8Array, pos = 0): { value: number; next: number } {
  const r = new ByteReader(buf, pos);
  const value = r.varint();
  return { value, next: r.pos };
}
