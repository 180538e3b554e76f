/**
 * Writes PMTiles v3 archives: clustered (tile data in tile id order), identical tiles stored
 * once, consecutive identical tiles as one run, directories and metadata gzipped, tiles MVT.
 *
 * Tiles may come in any order. Their data goes to a temporary file beside the archive as it
 * comes (gzipped unless told otherwise), and only the directory entries stay in memory (a few
 * numbers per tile, plus a hash per distinct tile); the archive is then assembled into another
 * temporary file and renamed over `path`, so a reader never sees a half-written archive.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { Compression, TileType, zxyToTileId, type Entry } from 'pmtiles';
import { serializeDirectory } from './directory.ts';
import { HEADER_BYTES, ROOT_BYTES_LIMIT, serializeHeader, type PmtilesHeader } from './header.ts';

export interface PmtilesTile {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  /** Uncompressed MVT bytes. */
  readonly data: Uint8Array;
}

export interface PmtilesMetadata {
  readonly minzoom: number;
  readonly maxzoom: number;
  /** [west, south, east, north] in degrees. */
  readonly bounds: readonly [number, number, number, number];
  /** [longitude, latitude, zoom]; absent: the middle of the bounds at minzoom. */
  readonly center?: readonly [number, number, number];
  /** TileJSON `vector_layers`; absent: an empty list. */
  readonly vectorLayers?: readonly unknown[];
  readonly name?: string;
  readonly description?: string;
  readonly attribution?: string;
}

export interface WritePmtilesOptions {
  /** How tiles are stored; default gzip. */
  readonly tileCompression?: 'gzip' | 'none';
}

export interface WritePmtilesResult {
  /** Tiles addressed by the archive. */
  readonly tiles: number;
  /** Size of the archive file. */
  readonly bytes: number;
}

/** The highest zoom whose tile ids a JavaScript number holds exactly (that of the `pmtiles` package). */
const MAX_TILE_ZOOM = 26;
/** Size of the temporary file's write batches and of the copy chunks. */
const IO_CHUNK = 1 << 20;
/** Tile entries per leaf directory, at first (doubled until the root fits). */
const FIRST_LEAF_SIZE = 4096;

function validateMetadata(m: PmtilesMetadata): void {
  const zoomOk = (z: number) => Number.isInteger(z) && z >= 0 && z <= MAX_TILE_ZOOM;
  if (!zoomOk(m.minzoom) || !zoomOk(m.maxzoom) || m.minzoom > m.maxzoom) {
    throw new RangeError(`PMTiles: minzoom and maxzoom must be integers with 0 ≤ minzoom ≤ maxzoom ≤ ${MAX_TILE_ZOOM}: ${m.minzoom}, ${m.maxzoom}`);
  }
  const [w, s, e, n] = m.bounds;
  const lonOk = (v: number) => Number.isFinite(v) && v >= -180 && v <= 180;
  const latOk = (v: number) => Number.isFinite(v) && v >= -90 && v <= 90;
  if (m.bounds.length !== 4 || !lonOk(w) || !lonOk(e) || !latOk(s) || !latOk(n) || s > n) {
    throw new RangeError(`PMTiles: bounds must be [west, south, east, north] in degrees: ${JSON.stringify(m.bounds)}`);
  }
  if (m.center !== undefined) {
    const [lon, lat, z] = m.center;
    if (m.center.length !== 3 || !lonOk(lon) || !latOk(lat) || !Number.isFinite(z) || z < 0 || z > 255) {
      throw new RangeError(`PMTiles: center must be [longitude, latitude, zoom]: ${JSON.stringify(m.center)}`);
    }
  }
}

/**
 * The tile's id on the PMTiles Hilbert curve. The package computes it, but checks less: a
 * negative or fractional x or y must not become another tile's id.
 */
function tileIdOf(z: number, x: number, y: number): number {
  const n = 2 ** z;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new RangeError(`PMTiles: tile ${z}/${x}/${y} is outside its zoom (x and y in 0 … ${n - 1})`);
  }
  return zxyToTileId(z, x, y);
}

function metadataJson(m: PmtilesMetadata): string {
  const out: Record<string, unknown> = {};
  if (m.name !== undefined) out.name = m.name;
  if (m.description !== undefined) out.description = m.description;
  if (m.attribution !== undefined) out.attribution = m.attribution;
  out.vector_layers = m.vectorLayers ?? [];
  return JSON.stringify(out);
}

/** Appends blobs to a file, in batches; returns each blob's offset. */
class Spool {
  readonly fh: FileHandle;
  size = 0;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(fh: FileHandle) {
    this.fh = fh;
  }

  async append(blob: Uint8Array): Promise<number> {
    const offset = this.size;
    this.#pending.push(blob);
    this.#pendingBytes += blob.length;
    this.size += blob.length;
    if (this.#pendingBytes >= IO_CHUNK) await this.flush();
    return offset;
  }

  async flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const buf = Buffer.concat(this.#pending, this.#pendingBytes);
    const at = this.size - this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    await writeFully(this.fh, buf, at);
  }
}

async function writeFully(fh: FileHandle, buf: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

async function readFully(fh: FileHandle, buf: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new Error(`PMTiles writer: temporary file ended early at byte ${position + done}`);
    done += bytesRead;
  }
}

/**
 * Directories for `entries`: everything in the root when it fits in the first 16 KiB with the
 * header; otherwise one level of leaf directories, each of `leafSize` entries, `leafSize`
 * doubling until the root (one entry per leaf) fits.
 */
export function buildDirectories(
  entries: readonly Entry[],
  rootLimit: number = ROOT_BYTES_LIMIT - HEADER_BYTES,
): { root: Uint8Array; leaves: Uint8Array[]; leafSize: number | null } {
  const gz = (e: readonly Entry[]) => gzipSync(serializeDirectory(e));
  const whole = gz(entries);
  if (whole.length < rootLimit) return { root: whole, leaves: [], leafSize: null };
  for (let leafSize = FIRST_LEAF_SIZE; ; leafSize *= 2) {
    const leaves: Uint8Array[] = [];
    const rootEntries: Entry[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const chunk = entries.slice(i, i + leafSize);
      const bytes = gz(chunk);
      rootEntries.push({ tileId: chunk[0].tileId, offset, length: bytes.length, runLength: 0 });
      leaves.push(bytes);
      offset += bytes.length;
    }
    const root = gz(rootEntries);
    if (root.length < rootLimit) return { root, leaves, leafSize };
  }
}

/**
 * Write a PMTiles v3 archive of MVT tiles to `path` (replacing it). A tile given twice is an
 * error, and so is a tile outside metadata's zoom range. With tileCompression 'none', empty
 * tiles are left out (an entry cannot have length 0); gzipped, an empty tile is 20 bytes and kept.
 */
export async function writePmtiles(
  path: string,
  tiles: AsyncIterable<PmtilesTile> | Iterable<PmtilesTile>,
  metadata: PmtilesMetadata,
  options: WritePmtilesOptions = {},
): Promise<WritePmtilesResult> {
  validateMetadata(metadata);
  const tileCompression = options.tileCompression ?? 'gzip';
  if (tileCompression !== 'gzip' && tileCompression !== 'none') {
    throw new RangeError(`PMTiles: tileCompression must be 'gzip' or 'none': ${String(tileCompression)}`);
  }
  const gzipTiles = tileCompression === 'gzip';

  const stem = `${path}.${process.pid}-${randomBytes(6).toString('hex')}`;
  const dataPath = `${stem}.data.tmp`;
  const outPath = `${stem}.tmp`;
  let dataFh: FileHandle | undefined;
  let outFh: FileHandle | undefined;
  try {
    dataFh = await open(dataPath, 'w+', 0o600);
    const spool = new Spool(dataFh);

    // Per tile: its id and its blob. Per blob (distinct content): offset and length in the spool.
    const tileIds: number[] = [];
    const tileBlob: number[] = [];
    const blobOffset: number[] = [];
    const blobLength: number[] = [];
    const blobByHash = new Map<string, number>();
    let inOrder = true;

    for await (const tile of tiles) {
      const { z, x, y, data } = tile;
      if (!Number.isInteger(z) || z < metadata.minzoom || z > metadata.maxzoom) {
        throw new RangeError(`PMTiles: tile ${z}/${x}/${y} is outside the zoom range ${metadata.minzoom} … ${metadata.maxzoom}`);
      }
      const id = tileIdOf(z, x, y);
      if (data.length === 0 && !gzipTiles) continue;
      const hash = createHash('sha256').update(data).digest('base64');
      let blob = blobByHash.get(hash);
      if (blob === undefined) {
        // Copy uncompressed data: the caller may reuse its buffer before the spool flushes.
        const stored = gzipTiles ? gzipSync(data) : Uint8Array.prototype.slice.call(data);
        blob = blobOffset.length;
        blobOffset.push(await spool.append(stored));
        blobLength.push(stored.length);
        blobByHash.set(hash, blob);
      }
      if (tileIds.length > 0 && id <= tileIds[tileIds.length - 1]) inOrder = false;
      tileIds.push(id);
      tileBlob.push(blob);
    }
    await spool.flush();
    blobByHash.clear();

    const order = tileIds.map((_, i) => i);
    if (!inOrder) order.sort((a, b) => tileIds[a] - tileIds[b]);

    // Lay blobs out in the order of their first tile; run-length encode consecutive tiles
    // sharing a blob. A later tile with an earlier tile's content points back to it.
    const finalOffset: number[] = new Array(blobOffset.length).fill(-1);
    const placement: number[] = [];
    const entries: Entry[] = [];
    let dataLength = 0;
    let addressed = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const id = tileIds[i];
      const blob = tileBlob[i];
      const last = entries.length > 0 ? entries[entries.length - 1] : undefined;
      if (last !== undefined && id === last.tileId + last.runLength - 1) {
        throw new RangeError(`PMTiles: tile id ${id} given twice`);
      }
      if (finalOffset[blob] === -1) {
        finalOffset[blob] = dataLength;
        dataLength += blobLength[blob];
        placement.push(blob);
      }
      addressed++;
      if (
        last !== undefined &&
        id === last.tileId + last.runLength &&
        last.offset === finalOffset[blob] &&
        last.runLength < 0xffff_ffff
      ) {
        last.runLength++;
      } else {
        entries.push({ tileId: id, offset: finalOffset[blob], length: blobLength[blob], runLength: 1 });
      }
    }
    tileIds.length = 0;
    tileBlob.length = 0;

    const { root, leaves } = buildDirectories(entries);
    const meta = gzipSync(metadataJson(metadata));
    const leavesLength = leaves.reduce((s, l) => s + l.length, 0);
    const [west, south, east, north] = metadata.bounds;
    const center = metadata.center ?? [(west + east) / 2, (south + north) / 2, metadata.minzoom];
    const header: PmtilesHeader = {
      specVersion: 3,
      rootDirectoryOffset: HEADER_BYTES,
      rootDirectoryLength: root.length,
      jsonMetadataOffset: HEADER_BYTES + root.length,
      jsonMetadataLength: meta.length,
      leafDirectoryOffset: HEADER_BYTES + root.length + meta.length,
      leafDirectoryLength: leavesLength,
      tileDataOffset: HEADER_BYTES + root.length + meta.length + leavesLength,
      tileDataLength: dataLength,
      numAddressedTiles: addressed,
      numTileEntries: entries.length,
      numTileContents: placement.length,
      clustered: true,
      internalCompression: Compression.Gzip,
      tileCompression: gzipTiles ? Compression.Gzip : Compression.None,
      tileType: TileType.Mvt,
      minZoom: metadata.minzoom,
      maxZoom: metadata.maxzoom,
      minLon: west,
      minLat: south,
      maxLon: east,
      maxLat: north,
      centerZoom: Math.round(center[2]),
      centerLon: center[0],
      centerLat: center[1],
    };

    const spoolFh = dataFh;
    const archiveFh = (outFh = await open(outPath, 'w', 0o644));
    const head = Buffer.concat([serializeHeader(header), root, meta, ...leaves]);
    await writeFully(archiveFh, head, 0);

    // Copy the blobs in their final order, coalescing runs that are contiguous in the spool
    // (all of them when the tiles came in order).
    let position = head.length;
    let runStart = -1;
    let runEnd = -1;
    const copy = async (from: number, to: number): Promise<void> => {
      for (let at = from; at < to; at += IO_CHUNK) {
        const buf = Buffer.allocUnsafe(Math.min(IO_CHUNK, to - at));
        await readFully(spoolFh, buf, at);
        await writeFully(archiveFh, buf, position);
        position += buf.length;
      }
    };
    for (const blob of placement) {
      const start = blobOffset[blob];
      if (start === runEnd) {
        runEnd += blobLength[blob];
        continue;
      }
      if (runStart !== -1) await copy(runStart, runEnd);
      runStart = start;
      runEnd = start + blobLength[blob];
    }
    if (runStart !== -1) await copy(runStart, runEnd);
    if (position !== header.tileDataOffset + dataLength) {
      throw new Error(`PMTiles writer: wrote ${position} bytes, expected ${header.tileDataOffset + dataLength}`);
    }

    outFh = undefined;
    await archiveFh.close();
    await rename(outPath, path);
    return { tiles: addressed, bytes: position };
  } finally {
    await dataFh?.close().catch(() => {});
    await outFh?.close().catch(() => {});
    await rm(dataPath, { force: true }).catch(() => {});
    await rm(outPath, { force: true }).catch(() => {});
  }
}
