// The baselines of `npm run bench`, each a plain node:http server in a process of its own:
//   raw-sql <db url> <pool size>   the canonical ST_AsMVT query per layer (the limit for generation)
//   raw-sql-tuned <db url> <pool>  the same, on sessions with tilery's settings (no JIT, no parallel plans)
//   bare <tiles.json>              tile bytes from a Map (the limit for a memory hit)
//   raw-cache <db url> <pool size> SELECT of the bytes by key from tilery.tile_cache (the limit for a table hit)
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';

/** The columns of the bench layers, as tilery publishes them. */
export const LAYERS: Record<string, { table: string; srid: number; columns: string[] }> = {
  'public.buildings': { table: 'public.buildings', srid: 3857, columns: ['kind', 'height'] },
  'public.roads': { table: 'public.roads', srid: 4326, columns: ['class'] },
  'public.pois': { table: 'public.pois', srid: 4326, columns: ['category', 'seen_at::text AS seen_at'] },
  'public.countries': { table: 'public.countries', srid: 4326, columns: ['name'] },
};

/** The tile tilery makes: the key as the feature id (the first "id") and as an attribute (the second). */
function canonicalSql(layer: string): string {
  const l = LAYERS[layer];
  const geom = l.srid === 3857 ? 't.geom' : 'ST_Transform(t.geom, 3857)';
  return `SELECT ST_AsMVT(q, $1, 4096, 'geom', 'id') AS mvt FROM (
    SELECT ST_AsMVTGeom(${geom}, ST_TileEnvelope($2, $3, $4), 4096, $5::int, true) AS geom, t.id, t.id, ${l.columns.map((c) => `t.${c}`).join(', ')}
    FROM ${l.table} t
    WHERE t.geom && ST_Transform(ST_TileEnvelope($2, $3, $4, margin => $5::int / 4096.0), ${l.srid})
    LIMIT 50000) q`;
}

function send(res: ServerResponse, bytes: Buffer | null): void {
  if (!bytes || bytes.length === 0) {
    res.writeHead(204).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile', 'content-length': bytes.length }).end(bytes);
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): void {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
  });
}

const [mode, arg, poolSize] = process.argv.slice(2);
if (mode === 'raw-sql' || mode === 'raw-sql-tuned') {
  const options = mode === 'raw-sql-tuned' ? '-c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_custom_plan' : undefined;
  const pool = new pg.Pool({ connectionString: arg, max: Number(poolSize), options });
  const sql = Object.fromEntries(Object.keys(LAYERS).map((l) => [l, canonicalSql(l)]));
  listen(async (req, res) => {
    const [path, query] = req.url!.split('?');
    const [, layers, z, x, y] = path.split('/');
    const buffer = Number(new URLSearchParams(query ?? '').get('buffer') ?? 256);
    try {
      const parts = await Promise.all(
        layers.split(',').map(async (layer) => (await pool.query(sql[layer], [layer, Number(z), Number(x), Number(y), buffer])).rows[0].mvt as Buffer),
      );
      send(res, Buffer.concat(parts));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
} else if (mode === 'bare') {
  const tiles = new Map<string, Buffer>(Object.entries(JSON.parse(readFileSync(arg, 'utf8')) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
  listen((req, res) => send(res, tiles.get(req.url!) ?? null));
} else if (mode === 'raw-cache') {
  const pool = new pg.Pool({ connectionString: arg, max: Number(poolSize) });
  listen(async (req, res) => {
    try {
      const { rows } = await pool.query('SELECT tile FROM tilery.tile_cache WHERE key_hash = $1', [req.url!.slice(1)]);
      send(res, rows[0]?.tile ?? null);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
} else {
  process.stderr.write('usage: baselines.ts raw-sql|raw-sql-tuned|bare|raw-cache <arg> [pool size]\n');
  process.exit(2);
}
