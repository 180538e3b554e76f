import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync, zstdCompressSync } from 'node:zlib';

/** A compressed representation a client may ask for (`Accept-Encoding`). */
export type AssetEncoding = 'zstd' | 'br' | 'gzip';

/** One file the viewer page loads, read once and kept with its hash and its encodings. */
export interface Asset {
  readonly name: string;
  /** Content-Type, charset included for text. */
  readonly type: string;
  readonly bytes: Buffer;
  /** Short content hash: the `v=` of the page's URLs, so that a versioned URL can be cached for good. */
  readonly version: string;
  /** Strong ETag of the identity bytes. */
  readonly etag: string;
  /** The bytes in an encoding, computed once. */
  encoded(encoding: AssetEncoding): Buffer;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

const own = (name: string): URL => new URL(`./assets/${name}`, import.meta.url);
/** MapLibre GL JS as installed with tilery (resolved like an import, wherever node_modules is). */
const maplibre = (name: string): URL => new URL(import.meta.resolve(`maplibre-gl/dist/${name}`));

/** Every file served under the viewer's prefix: nothing else can be read through it. */
const SOURCES: Readonly<Record<string, { file: () => URL; type: string }>> = {
  'viewer.js': { file: () => own('viewer.js'), type: JS },
  'api.js': { file: () => own('api.js'), type: JS },
  'map-style.js': { file: () => own('map-style.js'), type: JS },
  'sidebar.js': { file: () => own('sidebar.js'), type: JS },
  'popup.js': { file: () => own('popup.js'), type: JS },
  'viewer.css': { file: () => own('viewer.css'), type: CSS },
  'favicon.svg': { file: () => own('favicon.svg'), type: 'image/svg+xml' },
  'maplibre-gl.js': { file: () => maplibre('maplibre-gl.js'), type: JS },
  'maplibre-gl.js.map': { file: () => maplibre('maplibre-gl.js.map'), type: 'application/json' },
  'maplibre-gl.css': { file: () => maplibre('maplibre-gl.css'), type: CSS },
};

export const ASSET_NAMES: readonly string[] = Object.keys(SOURCES);
/** The media types of the files, without parameters. */
export const ASSET_TYPES: readonly string[] = [...new Set(Object.values(SOURCES).map((s) => s.type.split(';')[0]))];

function compress(bytes: Buffer, encoding: AssetEncoding): Buffer {
  if (encoding === 'gzip') return gzipSync(bytes, { level: 9 });
  if (encoding === 'br') return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  return zstdCompressSync(bytes, { params: { [constants.ZSTD_c_compressionLevel]: 12 } });
}

async function readAsset(name: string): Promise<Asset> {
  const source = SOURCES[name];
  const bytes = await readFile(source.file());
  const hash = createHash('sha256').update(bytes).digest('hex');
  const encodings = new Map<AssetEncoding, Buffer>();
  return {
    name,
    type: source.type,
    bytes,
    version: hash.slice(0, 12),
    etag: `"${hash.slice(0, 32)}"`,
    encoded(encoding) {
      let out = encodings.get(encoding);
      if (!out) {
        out = compress(bytes, encoding);
        encodings.set(encoding, out);
      }
      return out;
    },
  };
}

/**
 * The viewer's files, each read on its first request and then kept: they change only with a
 * new installation, which restarts the process.
 */
export function createAssetStore(): { get(name: string): Promise<Asset> | null; versions(names: readonly string[]): Promise<Record<string, string>> } {
  const loaded = new Map<string, Promise<Asset>>();
  const get = (name: string): Promise<Asset> | null => {
    if (!Object.hasOwn(SOURCES, name)) return null;
    let asset = loaded.get(name);
    if (!asset) {
      asset = readAsset(name);
      // a failed read (a file missing from the installation) is tried again next time
      asset.catch(() => loaded.delete(name));
      loaded.set(name, asset);
    }
    return asset;
  };
  return {
    get,
    async versions(names) {
      const assets = await Promise.all(names.map((n) => get(n)!));
      return Object.fromEntries(assets.map((a) => [a.name, a.version]));
    },
  };
}
