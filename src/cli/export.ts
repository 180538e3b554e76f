import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { Command, Option } from 'commander';
import type { Bounds } from '../catalog/index.ts';
import { writeMbtiles, type MbtilesMetadata } from '../formats/mbtiles/index.ts';
import { writePmtiles } from '../formats/pmtiles/index.ts';
import { countTiles, intersectBounds, unionBounds } from '../tiles/enumerate.ts';
import { vectorLayers } from '../tiles/vector-layers.ts';
import { mapConcurrent } from './job.ts';
import { createProgress, summaryLine } from './progress.ts';
import { combinedTiles, describeTile, openTilery, planTiles, stopOnInterrupt, tileRequest, withTileJobOptions, type PlannedTile, type TileJobFlags, type TilePlan } from './tile-job.ts';

type ExportFormat = 'mbtiles' | 'pmtiles';

interface ExportFlags extends TileJobFlags {
  output: string;
  format?: ExportFormat;
  force?: boolean;
  name?: string;
  description?: string;
  attribution?: string;
}

/** The latitude where Web Mercator stops. */
const MERCATOR_MAX_LAT = 85.0511287798066;

class Interrupted extends Error {}

/**
 * `tilery export`: the tiles of some collections over zooms and a box into one MBTiles or
 * PMTiles file, a multi-layer tile per address (one layer per collection, named as the catalog
 * routes name it), the bytes the server generates for `?collections=a,b`, gzipped.
 */
export function exportCommand(): Command {
  return withTileJobOptions(
    new Command('export').description(
      'write the tiles of some collections, zooms and area to an MBTiles or PMTiles file (WebMercatorQuad; one layer per collection; empty tiles left out)',
    ),
  )
    .requiredOption('-o, --output <file>', 'the file to write: .mbtiles or .pmtiles')
    .addOption(new Option('--format <format>', 'file format; default: from the extension of --output').choices(['mbtiles', 'pmtiles']))
    .option('--force', 'replace --output when it exists')
    .option('--name <text>', 'tileset name in the metadata; default: the dataset and collections')
    .option('--description <text>', 'tileset description in the metadata')
    .option('--attribution <text>', 'attribution in the metadata')
    .action(async (flags: ExportFlags) => {
      process.exitCode = await exportTiles(flags);
    });
}

/** The format from `--format`, else from the file's extension. */
export function exportFormat(output: string, format?: string): ExportFormat {
  if (format === 'mbtiles' || format === 'pmtiles') return format;
  const ext = extname(output).toLowerCase();
  if (ext === '.mbtiles' || ext === '.pmtiles') return ext.slice(1) as ExportFormat;
  throw new Error(`--output: cannot tell the format of "${output}" from its extension; name it .mbtiles or .pmtiles, or give --format`);
}

async function exportTiles(flags: ExportFlags): Promise<number> {
  const format = exportFormat(flags.output, flags.format);
  // What MBTiles and PMTiles readers (GDAL, MapLibre, the pmtiles package) assume, and all they can say.
  if (flags.tms !== 'WebMercatorQuad') {
    throw new Error(`--tms: ${format} files hold WebMercatorQuad tiles only (their readers assume it), not ${flags.tms}`);
  }
  if (existsSync(flags.output) && !flags.force) throw new Error(`--output: ${flags.output} exists; give --force to replace it`);

  const { config, tilery } = await openTilery(flags);
  try {
    const plan = await planTiles(tilery, flags);
    const { total, tiles } = combinedTiles(plan);
    const metadata = exportMetadata(plan, flags);
    process.stdout.write(
      `export: ${total} tiles of ${plan.collections.map((c) => c.name).join(', ')} in ${plan.dataset}, zooms ${metadata.minzoom}-${metadata.maxzoom}` +
        `${plan.bbox ? `, bbox ${plan.bbox.join(',')}` : ''}, to ${flags.output} (${format})\n`,
    );
    const progress = createProgress({ label: 'export', total, counters: ['written', 'empty'], stream: process.stderr, intervalMs: flags.progressInterval });
    const interrupt = stopOnInterrupt(() => progress.message('export: stopping after the tiles under way (Ctrl-C again to quit at once); no file will be written'));

    // Generated, never read from or saved to the caches: the file is the data as it is now.
    const make = async (tile: PlannedTile) => {
      try {
        const result = await tilery.pipeline.getTile(tileRequest(config, plan, tile, 'name', 'bypass'));
        return { tile, bytes: result.tile?.bytes ?? Buffer.alloc(0) };
      } catch (err) {
        throw new Error(`${describeTile(tile)}: ${(err as Error).message}`, { cause: err });
      }
    };
    async function* produce() {
      const concurrency = flags.concurrency ?? config.database.pool_size;
      for await (const { tile, bytes } of mapConcurrent(tiles, make, { concurrency, signal: interrupt.signal })) {
        if (bytes.length === 0) {
          progress.add('empty');
          continue;
        }
        yield { z: tile.z, x: tile.x, y: tile.y, data: bytes };
        progress.add('written');
      }
      // A file missing the tiles not yet made would pass for a whole one: the writers drop it.
      if (interrupt.signal.aborted) throw new Interrupted();
    }

    try {
      const written = format === 'mbtiles' ? await writeMbtiles(flags.output, produce(), metadata) : await writePmtiles(flags.output, produce(), metadata);
      const end = progress.finish();
      process.stdout.write(`${summaryLine(end)}\n`);
      process.stdout.write(`export: wrote ${written.tiles} tiles to ${flags.output} (${format}, ${written.bytes} bytes)\n`);
      return 0;
    } catch (err) {
      const end = progress.finish();
      if (err instanceof Interrupted) {
        process.stdout.write(`${summaryLine(end, { interrupted: true })}; no file written\n`);
        return 130;
      }
      throw new Error(`${(err as Error).message}; no file written`, { cause: err });
    } finally {
      interrupt.dispose();
    }
  } finally {
    await tilery.close();
  }
}

/** Name, zooms, bounds, center and vector_layers of the file. */
function exportMetadata(plan: TilePlan, flags: ExportFlags): MbtilesMetadata {
  const withTiles = plan.collections.filter((c) => countTiles(plan.rects.get(c.id) ?? []) > 0);
  const layers = vectorLayers(withTiles, 'name', plan.zoom);
  const minzoom = Math.min(...layers.map((l) => l.minzoom));
  const maxzoom = Math.max(...layers.map((l) => l.maxzoom));
  const areas = withTiles.map((c) => (plan.bbox ? intersectBounds(plan.bbox, c.bounds) : c.bounds)).filter((b): b is Bounds => b !== null);
  const [w, s, e, n] = unionBounds(areas);
  const bounds: [number, number, number, number] = [w, Math.max(s, -MERCATOR_MAX_LAT), e, Math.min(n, MERCATOR_MAX_LAT)];
  const centerZoom = Math.min(maxzoom, Math.max(minzoom, Math.min(...withTiles.map((c) => c.center[2]))));
  return {
    name: flags.name ?? `${plan.dataset}: ${plan.collections.map((c) => c.name).join(', ')}`,
    minzoom,
    maxzoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, centerZoom],
    vectorLayers: layers,
    ...(flags.description !== undefined && { description: flags.description }),
    ...(flags.attribution !== undefined && { attribution: flags.attribution }),
  };
}
