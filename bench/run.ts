// `npm run bench`: tilery against the limits, measured in the same run on the same machine.
// Servers run in processes of their own; the load driver (autocannon) runs here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import autocannon from 'autocannon';
import pg from 'pg';
import { PbfReader } from 'pbf';
import { benchServer, freshDatabase } from './database.ts';
import { describeLag, measureFreshnessLag } from './freshness.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION_S = Number(process.env.TILERY_BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.TILERY_BENCH_CONNECTIONS ?? 16);
const POOL = 10;
const SCALE = Number(process.env.TILERY_BENCH_SCALE ?? 1);
/** A directory: tilery's processes write V8 CPU profiles there (see bench/profile-summary.ts). */
const PROFILE_DIR = process.env.TILERY_BENCH_PROFILE;

/** A deterministic mix of tiles: mostly inside the data, around the cities, some empty. */
function tileList(): Array<[number, number, number]> {
  const tiles: Array<[number, number, number]> = [];
  const tileOf = (lon: number, lat: number, z: number): [number, number, number] => {
    const n = 2 ** z;
    const r = (lat * Math.PI) / 180;
    return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
  };
  for (let i = 1; i <= 40; i += 3) {
    const lon = -120 + ((i * 37.7) % 240);
    const lat = -50 + ((i * 23.3) % 110);
    for (const z of [8, 10, 12, 13, 14]) tiles.push(tileOf(lon + 0.01 * z, lat + 0.005 * z, z));
  }
  for (const [lon, lat] of [[-150, -60], [170, 70], [-30, -55]]) tiles.push(tileOf(lon, lat, 11)); // empty
  return tiles;
}

interface Server {
  url: string;
  child: ChildProcess;
}

async function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Server> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk;
      const m = ready.exec(out);
      if (m) {
        // from now on the output (one log line a tile) is read and dropped
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(m[1].startsWith('http') ? m[1] : `http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c) => (out += c));
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { url, child };
}

async function startTilery(dbUrl: string, dir: string, name: string, yaml: string): Promise<Server> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `${name}.cpuprofile`] : [];
  return startProcess([...profile, join(ROOT, 'bin/tilery.js'), 'serve', '--port', '0', '--config', file], { DATABASE_URL: dbUrl, TILERY_LOG_LEVEL: 'info' }, /listening (?:on|at) (http:\/\/[^"\s]+)/);
}

function startBaseline(mode: string, arg: string): Promise<Server> {
  return startProcess([join(ROOT, 'bench/baselines.ts'), mode, arg, String(POOL)], {}, /listening (\d+)/);
}

/** Stop a server (at once when it has ended already, by a signal or by itself). */
async function stop(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

async function peakRss(s: Server): Promise<number> {
  const status = await readFile(`/proc/${s.child.pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

interface Result {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  rssMiB: number;
  /** Scenarios this one is compared with, the first being the target's. */
  baselines: string[];
}

async function load(base: string, paths: string[]): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function warm(base: string, paths: string[]): Promise<void> {
  for (const p of paths) await (await fetch(base + p)).arrayBuffer();
}

function featureIds(bytes: Buffer): Record<string, number[]> {
  if (bytes.length === 0) return {};
  const tile = new VectorTile(new PbfReader(bytes));
  return Object.fromEntries(Object.entries(tile.layers).map(([name, l]) => [name, Array.from({ length: l.length }, (_, i) => Number(l.feature(i).id)).sort((a, b) => a - b)]));
}

async function main(): Promise<void> {
  const started = Date.now();
  const server = await benchServer();
  const dir = await mkdtemp(join(tmpdir(), 'tilery-bench-'));
  const servers: Server[] = [];
  try {
    const dbUrl = await freshDatabase(server.url, 'tilery_bench');
    const client = new pg.Client({ connectionString: dbUrl });
    client.on('error', () => {});
    await client.connect();
    const sql = (await readFile(join(ROOT, 'bench/dataset.sql'), 'utf8')).replaceAll(':scale', String(SCALE));
    process.stderr.write(`bench: loading the dataset (scale ${SCALE})…\n`);
    await client.query(sql);
    await client.query('VACUUM ANALYZE');
    const counts = (await client.query(`SELECT (SELECT count(*) FROM public.buildings) AS buildings, (SELECT count(*) FROM public.roads) AS roads, (SELECT count(*) FROM public.pois) AS pois`)).rows[0];
    process.stderr.write(`bench: ${JSON.stringify(counts)} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);

    const tiles = tileList();
    const single = tiles.flatMap(([z, x, y], i) => [`/${['public.pois', 'public.buildings', 'public.roads'][i % 3]}/${z}/${x}/${y}`]);
    const multi = tiles.map(([z, x, y]) => `/public.buildings,public.roads,public.pois/${z}/${x}/${y}`);
    const tileryPath = (p: string, extra = '') => `${p}.pbf${extra}`;

    const rawSql = await startBaseline('raw-sql', dbUrl);
    const rawTuned = await startBaseline('raw-sql-tuned', dbUrl);
    const memory = await startTilery(dbUrl, dir, 'memory', `database:\n  pool_size: ${POOL}\ncache:\n  storage_priority: []\n  memory:\n    max_entries: 100000\n`);
    servers.push(rawSql, rawTuned, memory);

    // correctness: tilery's tiles hold the same features as the canonical query's. Lines that
    // only graze a tile's corner may differ: tilery clips in the layer's CRS before it
    // transforms, which moves a long segment by a hair; more than 1% of features is a failure.
    let checked = 0;
    let features = 0;
    let differing = 0;
    for (const p of [...single.slice(0, 20), ...multi.slice(0, 5)]) {
      const a = featureIds(Buffer.from(await (await fetch(memory.url + tileryPath(p, '?disable_cache=true'))).arrayBuffer()));
      const b = featureIds(Buffer.from(await (await fetch(rawSql.url + p)).arrayBuffer()));
      for (const layer of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const [x, y] = [new Set(a[layer] ?? []), new Set(b[layer] ?? [])];
        features += Math.max(x.size, y.size);
        differing += [...x].filter((id) => !y.has(id)).length + [...y].filter((id) => !x.has(id)).length;
      }
      checked++;
    }
    if (differing > features / 100) throw new Error(`tilery and raw SQL differ on ${differing} of ${features} features`);

    const results: Result[] = [];
    const run = async (scenario: string, server: Server, paths: string[], ...baselines: string[]) => {
      const r = await load(server.url, paths);
      results.push({ scenario, ...r, rssMiB: (await peakRss(server)) / 2 ** 20, baselines });
      process.stderr.write(`bench: ${scenario}: ${r.rps.toFixed(0)} tiles/s\n`);
    };

    await warm(rawSql.url, single);
    await run('raw SQL (baseline)', rawSql, single);
    await run('raw SQL, tuned sessions', rawTuned, single);
    await run('cold generation', memory, single.map((p) => tileryPath(p, '?disable_cache=true')), 'raw SQL (baseline)', 'raw SQL, tuned sessions');
    await run('raw SQL, multi-layer (baseline)', rawSql, multi);
    await run('raw SQL, multi-layer, tuned sessions', rawTuned, multi);
    await run('cold generation, multi-layer', memory, multi.map((p) => tileryPath(p, '?disable_cache=true')), 'raw SQL, multi-layer (baseline)', 'raw SQL, multi-layer, tuned sessions');
    await run('cold generation, CQL2 filter', memory, single.filter((p) => p.startsWith('/public.pois')).map((p) => tileryPath(p, `?disable_cache=true&filter=${encodeURIComponent("category = 'cafe'")}`)));

    // memory hits against bare Node serving the same bytes
    const bytes: Record<string, string> = {};
    for (const p of single) bytes[tileryPath(p)] = Buffer.from(await (await fetch(memory.url + tileryPath(p))).arrayBuffer()).toString('base64');
    await writeFile(join(dir, 'tiles.json'), JSON.stringify(bytes));
    const bare = await startBaseline('bare', join(dir, 'tiles.json'));
    servers.push(bare);
    await run('bare Node, bytes from a Map (baseline)', bare, Object.keys(bytes));
    await run('L1 memory hits', memory, Object.keys(bytes), 'bare Node, bytes from a Map (baseline)');
    await stop(memory);

    // PostGIS table hits (L1 off) against a plain SELECT of the bytes by key
    const table = await startTilery(dbUrl, dir, 'table', `database:\n  pool_size: ${POOL}\ncache:\n  storage_priority: [pg]\n  memory:\n    ttl_seconds: 0\n`);
    servers.push(table);
    await warm(table.url, single.map((p) => tileryPath(p)));
    await new Promise((r) => setTimeout(r, 1000));
    const hashes = (await client.query('SELECT key_hash FROM tilery.tile_cache')).rows.map((r) => `/${r.key_hash}`);
    const rawCache = await startBaseline('raw-cache', dbUrl);
    servers.push(rawCache);
    await run('raw cache read (baseline)', rawCache, hashes);
    await run('L2 PostGIS table hits', table, single.map((p) => tileryPath(p)), 'raw cache read (baseline)');

    // bucket (directory) hits
    const bucket = await startTilery(dbUrl, dir, 'bucket', `database:\n  pool_size: ${POOL}\ncache:\n  storage_priority: [bucket]\n  memory:\n    ttl_seconds: 0\n  bucket:\n    url: file://${join(dir, 'bucket')}\n`);
    servers.push(bucket);
    await warm(bucket.url, single.map((p) => tileryPath(p)));
    await new Promise((r) => setTimeout(r, 1000));
    await run('L2 bucket (directory) hits', bucket, single.map((p) => tileryPath(p)), 'raw cache read (baseline)');
    await client.end();
    await Promise.all(servers.map(stop));

    process.stderr.write('bench: freshness lag…\n');
    const lag = await measureFreshnessLag(dbUrl);
    print(results, `${checked} tiles, ${features} features: ${differing} differ (lines grazing a tile corner)`, Date.now() - started, describeLag(lag));
  } finally {
    await Promise.all(servers.map(stop));
    await rm(dir, { recursive: true, force: true });
    await server.destroy();
  }
}

function print(results: Result[], checked: string, ms: number, freshness: string): void {
  const byName = new Map(results.map((r) => [r.scenario, r]));
  const rows = results.map((r) => {
    const ratio = r.baselines
      .map((name, i) => {
        const base = byName.get(name)!;
        const text = `${(r.rps / base.rps).toFixed(2)}× (p99 ${(r.p99 / Math.max(base.p99, 0.001)).toFixed(2)}×)`;
        return i === 0 ? text : `${text} of ${name}`;
      })
      .join('; ');
    return `| ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.rssMiB.toFixed(0)} | ${ratio} |`;
  });
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    [
      '',
      `tilery bench: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s a scenario, pool ${POOL}`,
      `correctness against the canonical ST_AsMVT query: ${checked}`,
      '',
      '| scenario | tiles/s | p50 ms | p99 ms | errors | peak RSS MiB | ratio to baseline |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      freshness,
      '',
      `finished in ${(ms / 1000).toFixed(0)} s`,
      '',
    ].join('\n'),
  );
}

await main();
