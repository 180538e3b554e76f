import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Engine } from '../engine/index.ts';
import { INTEGER_TYPES, quoteIdent, quoteQualified } from '../engine/index.ts';
import { detectTemporalColumns, WORLD_BOUNDS, type Bounds, type Collection, type Property, type TableLayer } from './model.ts';

const PUBLISHED_SCHEMA_SQL = readFileSync(new URL('./published-schema.sql', import.meta.url), 'utf8').replace(/^--.*\n/gm, '');

/** A discovery query of this folder, with the published-schema conditions in place ($1, $2: see `schemaValues`). */
export function discoverySql(file: string): string {
  const sql = readFileSync(new URL(file, import.meta.url), 'utf8');
  if (!sql.includes('  -- published schema of n\n')) throw new Error(`${file} does not name the published schemas`);
  return sql.replaceAll('  -- published schema of n\n', PUBLISHED_SCHEMA_SQL);
}

const DISCOVER_SQL = discoverySql('./discover.sql');

export interface DiscoverOptions {
  includeSchemas: readonly string[];
  excludeSchemas: readonly string[];
  defaultMinzoom: number;
  defaultMaxzoom: number;
  /** Per-collection settings by id (zoom range, datetime columns), overriding the defaults. */
  layerZooms?: Readonly<Record<string, { minzoom?: number; maxzoom?: number; datetime_columns?: string[] }>>;
  /** Above this many rows (planner estimate), bounds come from statistics, not a full scan. */
  estimateBoundsAboveRows?: number;
  logger?: Logger;
}

interface RelationRow {
  schema: string;
  name: string;
  kind: string;
  description: string | null;
  estimated_rows: number;
  columns: Array<{ name: string; type: string; format: string; description: string | null }>;
  primary_key: string[] | null;
  relations: number;
  triggers: Array<{ rel: number; name: string; args: string }> | null;
  state: string;
}

/** The freshness triggers a tracked relation has (freshness/install.ts installs them). */
const FRESHNESS_TRIGGERS = ['tilery_changes_insert', 'tilery_changes_update', 'tilery_changes_delete', 'tilery_changes_truncate'];

/**
 * Tracked: each relation of the collection (itself, and its partitions) has every freshness
 * trigger, enabled, for this collection and geometry column (a renamed table's triggers still
 * name its old id: it is untracked until they are installed again).
 */
function isTracked(row: RelationRow, id: string, geometryColumn: string): boolean {
  if (row.kind !== 'r' && row.kind !== 'p') return false;
  // the arguments as pg_trigger keeps them: each followed by a NUL byte
  const args = Buffer.from(`${id}\0${geometryColumn}\0`, 'utf8').toString('hex');
  const good = (row.triggers ?? []).filter((t) => FRESHNESS_TRIGGERS.includes(t.name) && t.args === args);
  const perRelation = new Map<number, Set<string>>();
  for (const t of good) perRelation.set(t.rel, (perRelation.get(t.rel) ?? new Set()).add(t.name));
  return perRelation.size === row.relations && [...perRelation.values()].every((names) => names.size === FRESHNESS_TRIGGERS.length);
}

const KINDS: Record<string, TableLayer['kind']> = { r: 'table', p: 'table', v: 'view', m: 'materialized_view', f: 'foreign_table' };
/** `format_type` of a geometry column with a declared type (and maybe an SRID). */
const DECLARED_GEOMETRY = /^geometry\((\w+)(?:,(-?\d+))?\)$/;
const ESTIMATE_BOUNDS_ABOVE_ROWS = 200_000;
const BOUNDS_CONCURRENCY = 4;

/** Read the publishable collections of the database; the result is a fresh list each time. */
export async function discoverCollections(engine: Engine, options: DiscoverOptions): Promise<Collection[]> {
  const { rows } = await engine.query<RelationRow>(DISCOVER_SQL, schemaValues(options));
  const drafts = rows.map(toDraft).filter((d): d is Draft => d !== null);
  const collections: Collection[] = [];
  for (let i = 0; i < drafts.length; i += BOUNDS_CONCURRENCY) {
    const batch = drafts.slice(i, i + BOUNDS_CONCURRENCY);
    const bounds = await Promise.all(batch.map((d) => readBounds(engine, d, options.estimateBoundsAboveRows ?? ESTIMATE_BOUNDS_ABOVE_ROWS, options.logger)));
    batch.forEach((d, j) => collections.push(finish(d, bounds[j], options)));
  }
  return collections;
}

type Draft = Omit<TableLayer, 'bounds' | 'center' | 'minzoom' | 'maxzoom'>;

function toDraft(row: RelationRow): Draft | null {
  const columns = row.columns ?? [];
  // The first geometry column with a declared type and SRID; other geometry columns are
  // neither the layer's geometry nor attributes.
  let geometry: { name: string; type: string; srid: number } | null = null;
  for (const col of columns) {
    const m = col.type === 'geometry' ? DECLARED_GEOMETRY.exec(col.format) : null;
    if (m && m[2] && Number(m[2]) > 0) {
      geometry = { name: col.name, type: m[1], srid: Number(m[2]) };
      break;
    }
  }
  if (!geometry) return null;
  const properties: Property[] = columns
    .filter((c) => c.type !== 'geometry' && c.type !== 'geography')
    .map((c) => ({ name: c.name, type: c.type, description: c.description ?? '' }));
  const pk = row.primary_key ?? [];
  const pkType = pk.length === 1 ? columns.find((c) => c.name === pk[0])?.type : undefined;
  const id = `${row.schema}.${row.name}`;
  const tracked = isTracked(row, id, geometry.name);
  return {
    id,
    schema: row.schema,
    name: row.name,
    kind: KINDS[row.kind] ?? 'table',
    description: row.description ?? '',
    geometryColumn: geometry.name,
    geometryType: geometry.type,
    srid: geometry.srid,
    idColumn: pkType && INTEGER_TYPES.has(pkType) ? pk[0] : null,
    properties,
    temporalColumns: detectTemporalColumns(properties),
    estimatedRows: row.estimated_rows,
    tracked,
    fingerprint: createHash('sha256').update(JSON.stringify([row.state, row.kind, columns, pk, tracked])).digest('base64url'),
  };
}

/**
 * WGS84 bounds of the data: exact for small relations (each geometry transformed, so the box is
 * tight); for large tables from the statistics' box, densified before it is transformed so
 * that edges which curve in WGS84 still fall inside.
 */
async function readBounds(engine: Engine, d: Draft, estimateAbove: number, logger?: Logger): Promise<Bounds | null> {
  const geom = quoteIdent(d.geometryColumn);
  const table = quoteQualified(d.schema, d.name);
  const useEstimate = d.kind !== 'view' && d.estimatedRows > estimateAbove;
  const box = useEstimate
    ? `(SELECT CASE WHEN ${d.srid} = 4326 THEN g::box2d
               ELSE ST_Transform(ST_Segmentize(g, GREATEST(ST_XMax(g) - ST_XMin(g), ST_YMax(g) - ST_YMin(g), 1e-9) / 16), 4326)::box2d END
        FROM (SELECT ST_SetSRID(COALESCE(ST_EstimatedExtent($1, $2, $3), (SELECT ST_Extent(${geom}) FROM ${table}))::geometry, ${d.srid}) AS g) AS e)`
    : d.srid === 4326
      ? `(SELECT ST_Extent(${geom}) FROM ${table})`
      : `(SELECT ST_Extent(ST_Transform(${geom}, 4326)) FROM ${table})`;
  const sql = `SELECT ST_XMin(b) AS minx, ST_YMin(b) AS miny, ST_XMax(b) AS maxx, ST_YMax(b) AS maxy FROM (SELECT ${box} AS b) AS t`;
  const values = useEstimate ? [d.schema, d.name, d.geometryColumn] : [];
  try {
    const { rows } = await engine.query<{ minx: number | null; miny: number; maxx: number; maxy: number }>(sql, values);
    const r = rows[0];
    if (!r || r.minx === null) return null;
    return [clamp(r.minx, -180, 180), clamp(r.miny, -90, 90), clamp(r.maxx, -180, 180), clamp(r.maxy, -90, 90)];
  } catch (err) {
    logger?.warn({ collection: d.id, err: (err as Error).message }, 'cannot compute bounds; using the whole world');
    return null;
  }
}

/** $1 and $2 of the published-schema conditions: the included schemas (null: all), the excluded ones. */
export function schemaValues(options: DiscoverOptions): [string[] | null, string[]] {
  return [options.includeSchemas.length > 0 ? [...options.includeSchemas] : null, [...options.excludeSchemas]];
}

/** A collection's zoom range: its own settings over the defaults, maxzoom never below minzoom. */
export function zoomRange(id: string, options: DiscoverOptions): { minzoom: number; maxzoom: number } {
  const own = options.layerZooms?.[id];
  const minzoom = own?.minzoom ?? options.defaultMinzoom;
  return { minzoom, maxzoom: Math.max(minzoom, own?.maxzoom ?? options.defaultMaxzoom) };
}

function finish(d: Draft, bounds: Bounds | null, options: DiscoverOptions): TableLayer {
  const b = bounds ?? WORLD_BOUNDS;
  const own = options.layerZooms?.[d.id];
  const { minzoom, maxzoom } = zoomRange(d.id, options);
  const span = Math.max(b[2] - b[0], (b[3] - b[1]) * 2, 1e-9);
  const zoom = clamp(Math.floor(Math.log2(360 / span)), minzoom, Math.min(maxzoom, 16));
  const configured = own?.datetime_columns?.filter((name) => d.properties.some((p) => p.name === name));
  return Object.freeze({
    ...d,
    temporalColumns: Object.freeze(configured && configured.length > 0 ? configured : d.temporalColumns),
    properties: Object.freeze(d.properties.map((p) => Object.freeze(p))),
    bounds: Object.freeze(b) as Bounds,
    center: Object.freeze([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, zoom] as const),
    minzoom,
    maxzoom,
  });
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
