/**
 * Unsigned LEB128 varints (the encoding of PMTiles directories), for the integers a JavaScript
 * number holds exactly (0 … 2^53 − 1). Arithmetic rather than bit operators, which stop at 32 bits.
 * Reading them back is the `pmtiles` package's work.
 */

/** A growable byte buffer that varints are appended to. */
export class ByteWriter {
  #buf: Uint8Array;
  #len = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, initialCapacity));
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
