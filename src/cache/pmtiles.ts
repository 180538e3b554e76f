import { stat } from 'node:fs/promises';
/**
 * The `pmtiles` L2 provider: read-only PMTiles archives, one per collection (for instance a
 * pre-rendered pyramid of low zooms), answering plain single-collection WebMercatorQuad MVT
 * tiles. Writes and deletions are ignored: the archives are made by `tilery export` or others.
 */
import { resolve } from 'node:path';
import { PMTiles, SharedPromiseCache, TileType, type Header } from 'pmtiles';
import type { Engine } from '../engine/index.ts';
import { LocalFileSource, nodeDecompress } from '../formats/pmtiles/index.ts';
import { boundsSql } from './guard.ts';
import type { CacheKey, CachedTile, TileCacheProvider } from './provider.ts';
import { ensureCacheTables } from './tables.ts';

export interface PmtilesArchiveConfig {
  readonly path: string;
  /** Zooms served from the archive; absent: the archive's own. */
  readonly minzoom?: number;
  readonly maxzoom?: number;
}

/** Headers and directories cached per archive (the root, and leaves as they are read). */
const DIRECTORY_CACHE_ENTRIES = 256;

interface OpenArchive {
  readonly source: LocalFileSource;
  readonly reader: PMTiles;
  readonly header: Promise<Header>;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface PmtilesProviderOptions {
  /**
   * The database whose retirement log keeps what was retired of the archived collections
   * (pmtiles.sql): an archive's tile retired after the archive's file was written is a miss.
   * Absent: archives are served as they are (tests of the reader alone).
   */
  engine?: Engine;
}

/** Register the collections served from archives, so that their retirements are kept (tilery.archived). */
async function registerArchives(engine: Engine, collections: readonly string[]): Promise<void> {
  await ensureCacheTables(engine);
  await engine.query('INSERT INTO tilery.archived (collection) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...collections]]);
}

/** Whether a retirement of the tile's area was kept after `sinceMs`. */
async function retiredSince(engine: Engine, key: CacheKey, sinceMs: number): Promise<boolean> {
  const { rows } = await engine.query(
    `SELECT 1 FROM tilery.archive_changes
     WHERE collection = ANY ($1::text[]) AND at > to_timestamp($2::float8 / 1000)
       AND (bounds IS NULL OR bounds && ${boundsSql(3)})
     LIMIT 1`,
    [key.collections, sinceMs, ...key.envelope, key.srid],
  );
  return rows.length > 0;
}

export function createPmtilesProvider(archives: Readonly<Record<string, PmtilesArchiveConfig>>, options: PmtilesProviderOptions = {}): TileCacheProvider {
  const config = new Map<string, PmtilesArchiveConfig>(Object.entries(archives));
  const { engine } = options;
  // registered at once (retirements from then on are kept), and again by a read after a failure
  let registered: Promise<void> | null = null;
  const register = (db: Engine) =>
    (registered ??= registerArchives(db, [...config.keys()]).catch((err) => {
      registered = null;
      throw err;
    }));
  if (engine && config.size > 0) register(engine).catch(() => {});
  const changedSince = engine
    ? async (key: CacheKey, sinceMs: number) => {
        await register(engine);
        return retiredSince(engine, key, sinceMs);
      }
    : null;
  /** By resolved path: collections sharing an archive share its reader and caches. */
  const open = new Map<string, OpenArchive>();

  function archiveAt(path: string): OpenArchive {
    const existing = open.get(path);
    if (existing !== undefined) return existing;
    const source = new LocalFileSource(path);
    const reader = new PMTiles(source, new SharedPromiseCache(DIRECTORY_CACHE_ENTRIES, false, nodeDecompress), nodeDecompress);
    const header = reader.getHeader().then((h) => {
      if (h.specVersion !== 3) throw new Error(`PMTiles spec version ${h.specVersion}, expected 3`);
      if (h.tileType !== TileType.Mvt) throw new Error(`tile type ${h.tileType}, expected MVT (1)`);
      return h;
    });
    const archive: OpenArchive = { source, reader, header };
    open.set(path, archive);
    // The reader keeps a failed header for good: forget the archive, so the next request
    // tries again (the file may be put in place later).
    header.catch(() => {
      if (open.get(path) === archive) open.delete(path);
      void source.close();
    });
    return archive;
  }

  async function get(key: CacheKey): Promise<CachedTile | null> {
    if (key.collections.length !== 1 || key.paramHash !== null || key.tmsId !== 'WebMercatorQuad' || key.format !== 'mvt') {
      return null;
    }
    const collection = key.collections[0];
    const cfg = config.get(collection);
    if (cfg === undefined) return null;
    const { z, x, y } = key;
    const n = 2 ** z;
    if (!Number.isInteger(z) || z < 0 || z > 26 || x < 0 || y < 0 || x >= n || y >= n) return null;
    // Outside a configured range: no need to read the archive.
    if ((cfg.minzoom !== undefined && z < cfg.minzoom) || (cfg.maxzoom !== undefined && z > cfg.maxzoom)) return null;

    const path = resolve(cfg.path);
    try {
      const archive = archiveAt(path);
      const header = await archive.header;
      const minzoom = cfg.minzoom ?? header.minZoom;
      const maxzoom = cfg.maxzoom ?? header.maxZoom;
      if (z < minzoom || z > maxzoom) return null;
      // A retirement of the tile's area since the archive was written makes it out of date; its
      // tiles were generated when it was written.
      const written = (await stat(path)).mtimeMs;
      if (changedSince && (await changedSince(key, written))) return null;
      const tile = await archive.reader.getZxy(z, x, y);
      if (tile === undefined) return null;
      return { bytes: Buffer.from(tile.data), generatedAt: written };
    } catch (err) {
      throw new Error(`PMTiles archive ${path} (collection ${collection}): ${describe(err)}`, { cause: err });
    }
  }

  return {
    name: 'pmtiles',
    get,
    put: async () => {},
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(all.map((a) => a.source.close()));
    },
  };
}
