// GDAL's command-line tools (Debian's gdal-bin, GDAL 3.6) as a third-party client of tilery.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const OGRINFO = '/usr/bin/ogrinfo';

/** Runs ogrinfo and returns its stdout; throws with its stderr when it fails. */
export async function ogrinfo(args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(OGRINFO, args, {
      env: { ...process.env, GDAL_HTTP_TIMEOUT: '10', CPL_DEBUG: 'OFF' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string; stdout?: string; code?: number | string };
    // Drop the list of every driver GDAL tried ("  -> GeoJSON") that follows "Unable to open".
    const output = `${e.stderr ?? ''}\n${e.stdout ?? ''}`.split('\n').filter((l) => !/^\s+-> /.test(l)).join('\n').trim();
    throw new Error(`ogrinfo ${args.join(' ')} failed (${e.code ?? e.message}):\n${output || e.message}`);
  }
}

export interface TileXYZ {
  z: number;
  x: number;
  y: number;
}

export interface OgrFeature {
  layer: string;
  /** The MVT feature id (GDAL reports it as the `mvt_id` field, which is not in `attributes`). */
  fid?: number;
  /** GDAL's own feature number within the layer (0, 1, …), whatever the MVT id. */
  ogrFid: number;
  /** Field values as ogrinfo prints them; unset and NULL fields are left out. */
  attributes: Record<string, string>;
  /** OGR field types (String, Integer, Integer64, Real, …) of the attributes. */
  types: Record<string, string>;
  /** Geometry in WKT, in the tiling scheme's CRS; '' when the feature has none. */
  wkt: string;
}

export interface OgrinfoLayer {
  name: string;
  /** False when ogrinfo printed `Layer SRS WKT: (unknown)`, i.e. coordinates are tile units. */
  georeferenced: boolean;
  features: OgrFeature[];
}

const FEATURE_RE = /^OGRFeature\((.*)\):(-?\d+)$/;
const FIELD_RE = /^ {2}(\S.*?) \(([A-Za-z0-9]+)\) = (.*)$/;
const WKT_RE = /^ {2}((?:MULTI)?(?:POINT|LINESTRING|POLYGON)|GEOMETRYCOLLECTION)\b/;

/**
 * Parses the output of `ogrinfo -al` (without -q, so that each layer's SRS is known).
 * Limitation: string values containing newlines are not supported (ogrinfo prints them raw).
 */
export function parseOgrinfoLayers(text: string): OgrinfoLayer[] {
  const layers: OgrinfoLayer[] = [];
  let layer: OgrinfoLayer | undefined;
  let feature: OgrFeature | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.startsWith('Layer name: ')) {
      layer = { name: line.slice('Layer name: '.length), georeferenced: true, features: [] };
      layers.push(layer);
      feature = undefined;
      continue;
    }
    if (line === 'Layer SRS WKT:' && layer) {
      layer.georeferenced = (lines[i + 1] ?? '').trim() !== '(unknown)';
      continue;
    }
    const start = FEATURE_RE.exec(line);
    if (start) {
      const name = start[1]!;
      if (!layer || layer.name !== name) {
        layer = layers.find((l) => l.name === name) ?? { name, georeferenced: true, features: [] };
        if (!layers.includes(layer)) layers.push(layer);
      }
      feature = { layer: name, ogrFid: Number(start[2]), attributes: {}, types: {}, wkt: '' };
      layer.features.push(feature);
      continue;
    }
    if (!feature) continue;
    if (line === '') {
      feature = undefined;
      continue;
    }
    const field = FIELD_RE.exec(line);
    if (field) {
      const [, key, type, value] = field as unknown as [string, string, string, string];
      if (value === '(null)') continue;
      if (key === 'mvt_id') feature.fid = Number(value);
      else {
        feature.attributes[key] = value;
        feature.types[key] = type;
      }
      continue;
    }
    if (WKT_RE.test(line)) feature.wkt = line.trim();
  }
  return layers;
}

/**
 * A tiling scheme the way GDAL's MVT driver describes one: `CRS,originX,originY,tileWidth0`
 * (the TILING_SCHEME creation option of GDAL's MVT driver), optionally followed by
 * `,matrixWidth0,matrixHeight0` (tiles across and down at zoom 0, default 1,1). The origin is the
 * top-left corner and tiles are square. WorldCRS84Quad: `EPSG:4326,-180,90,180,2,1`.
 */
export interface TilingScheme {
  crs: string;
  originX: number;
  originY: number;
  tileWidth0: number;
  matrixWidth0: number;
  matrixHeight0: number;
}

export const WEB_MERCATOR_QUAD = 'EPSG:3857,-20037508.342789244,20037508.342789244,40075016.68557849';
export const WORLD_CRS84_QUAD = 'EPSG:4326,-180,90,180,2,1';

export function parseTilingScheme(s: string): TilingScheme {
  const parts = s.split(',').map((p) => p.trim());
  const nums = parts.slice(1).map(Number);
  if ((parts.length !== 4 && parts.length !== 6) || nums.some((n) => !Number.isFinite(n))) {
    throw new Error(`invalid tiling scheme ${JSON.stringify(s)}: want CRS,originX,originY,tileWidth0[,matrixWidth0,matrixHeight0]`);
  }
  const [originX, originY, tileWidth0, matrixWidth0 = 1, matrixHeight0 = 1] = nums as [number, number, number, number?, number?];
  return { crs: parts[0]!, originX, originY, tileWidth0, matrixWidth0, matrixHeight0 };
}

/**
 * GDAL 3.6 georeferences a single tile only when 0 <= x, y < 2^Z (it assumes one tile at zoom 0)
 * and otherwise silently reports tile coordinates. A scheme with several tiles at zoom 0
 * (WorldCRS84Quad: 2x1) is therefore given to GDAL as the equivalent one-tile scheme whose
 * tile is k times as wide (k = the power of two >= matrix size at zoom 0), with zoom z + log2(k).
 */
export function gdalTileFor(scheme: TilingScheme, tile: TileXYZ): { tileDim0: number; z: number } {
  const m = Math.max(scheme.matrixWidth0, scheme.matrixHeight0);
  const shift = Math.ceil(Math.log2(m));
  return { tileDim0: scheme.tileWidth0 * 2 ** shift, z: tile.z + shift };
}

/**
 * Reads one MVT tile file with GDAL's MVT driver, georeferenced: features with their attributes
 * and their geometry in the tiling scheme's CRS (default Web Mercator), as WKT.
 *
 * For Web Mercator the open options Z, X, Y are enough; any other scheme needs a metadata.json
 * (keys crs, tile_origin_upper_left_x/y, tile_dimension_zoom_0) passed as METADATA_FILE, as
 * GDAL 3.6 has no TILING_SCHEME open option (only a creation option). This always writes one.
 * Throws when GDAL did not georeference a layer.
 *
 * `clip: false` passes GDAL's CLIP=NO open option: GDAL then reports the geometries as the tile
 * holds them, buffer included; by default (CLIP=YES) it cuts them at the tile's edges and drops
 * the points of the buffer.
 */
export async function ogrMvtFeatures(
  file: string,
  tile: TileXYZ,
  tilingScheme?: string,
  options: { clip?: boolean } = {},
): Promise<OgrFeature[]> {
  const scheme = parseTilingScheme(tilingScheme ?? WEB_MERCATOR_QUAD);
  const width = scheme.matrixWidth0 * 2 ** tile.z;
  const height = scheme.matrixHeight0 * 2 ** tile.z;
  for (const [k, v, max] of [['x', tile.x, width], ['y', tile.y, height]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= max) {
      throw new Error(`tile ${tile.z}/${tile.x}/${tile.y}: ${k} is outside 0..${max - 1} of the tiling scheme`);
    }
  }
  const gdal = gdalTileFor(scheme, tile);
  const args = ['-ro', '-al', '-oo', `Z=${gdal.z}`, '-oo', `X=${tile.x}`, '-oo', `Y=${tile.y}`];
  if (options.clip === false) args.push('-oo', 'CLIP=NO');
  let metaDir: string | undefined;
  try {
    {
      // Also for Web Mercator: a metadata.json of a {z}/{x}/{y} directory layout around the file
      // would otherwise be picked up.
      metaDir = await mkdtemp(join(tmpdir(), 'tilery-gdal-'));
      const metadata = join(metaDir, 'metadata.json');
      await writeFile(
        metadata,
        JSON.stringify({
          crs: scheme.crs,
          tile_origin_upper_left_x: scheme.originX,
          tile_origin_upper_left_y: scheme.originY,
          tile_dimension_zoom_0: gdal.tileDim0,
        }),
      );
      args.push('-oo', `METADATA_FILE=${metadata}`);
    }
    // The MVT: prefix makes GDAL use the MVT driver whatever the file is named.
    const out = await ogrinfo([...args, `MVT:${file}`]);
    const layers = parseOgrinfoLayers(out);
    const flat = layers.filter((l) => !l.georeferenced && l.features.length > 0);
    if (flat.length > 0) {
      throw new Error(`GDAL did not georeference layer(s) ${flat.map((l) => l.name).join(', ')} of ${file}:\n${out}`);
    }
    return layers.flatMap((l) => l.features);
  } finally {
    if (metaDir) await rm(metaDir, { recursive: true, force: true });
  }
}

/** The coordinates of a `POINT (x y)` WKT. */
export function wktPoint(wkt: string): [number, number] {
  const m = /^POINT\s*\(\s*(\S+)\s+(\S+)\s*\)$/.exec(wkt.trim());
  if (!m) throw new Error(`not a 2D POINT WKT: ${wkt}`);
  return [Number(m[1]), Number(m[2])];
}

/** Every vertex of a 2D WKT geometry (POINT, LINESTRING, POLYGON and their MULTI forms), in order. */
export function wktVertices(wkt: string): Array<[number, number]> {
  const body = /^[A-Z ]+\((.*)\)$/.exec(wkt.trim());
  if (!body) throw new Error(`not a WKT geometry: ${wkt}`);
  return body[1]!
    .replace(/[()]/g, '')
    .split(',')
    .map((pair) => {
      const nums = pair.trim().split(/\s+/).map(Number);
      if (nums.length !== 2 || nums.some((n) => !Number.isFinite(n))) throw new Error(`not a 2D vertex ${JSON.stringify(pair)} in ${wkt}`);
      return [nums[0]!, nums[1]!] as [number, number];
    });
}
