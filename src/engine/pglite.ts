import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import pg from 'pg';
import { TileryError } from '../errors.ts';
import { detectCapabilities } from './capabilities.ts';
import { quoteIdent } from './sql.ts';
import type { Engine, Listener, QueryResult } from './types.ts';

export interface PgliteEngineOptions {
  /** Where the database lives, created when missing; undefined: in memory, gone at `close()`. */
  dataDir?: string;
  /** Told what a slow (first) start is doing. */
  progress?: (message: string) => void;
}

/**
 * node-postgres's own conversion of a bind value to its text (a Buffer stays bytes): arrays to
 * array literals, Dates to local time with their offset, objects to JSON, the rest `toString()`.
 */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): string | Buffer | null };

const QUERY_CANCELED = '57014';
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * The embedded engine: PostgreSQL and PostGIS compiled to WebAssembly (PGlite), in this process,
 * on one connection. Rows come back as node-postgres returns them (its type parsers, its bind
 * value conversion), so callers need no branch. PostGIS here has no `ST_AsMVT`: `capabilities`
 * says so, found by trying.
 */
export async function createPgliteEngine(options: PgliteEngineOptions = {}): Promise<Engine> {
  const started = Date.now();
  const progress = options.progress ?? (() => {});
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const fresh = dataDir === undefined || !existsSync(join(dataDir, 'PG_VERSION'));
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  if (fresh) progress(`embedded database: initialising ${options.dataDir ?? 'in memory'} (${dataDir ? 'first start, ' : ''}~10 s)…`);

  const db = await PGlite.create({ dataDir, extensions: { postgis } });
  try {
    const { rows } = await db.query("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'postgis'");
    const install = rows.length === 0;
    if (install) {
      progress('embedded database: installing PostGIS (~5 s)…');
      await db.exec('CREATE EXTENSION postgis');
    }
    await speakNodePostgres(db);
    const engine = wrap(db);
    Object.assign(engine.capabilities, await detectCapabilities(engine.query));
    if (fresh || install) progress(`embedded database: ready in ${Math.round((Date.now() - started) / 1000)} s`);
    return engine;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

/**
 * Parse every column with node-postgres's parsers (pg-types: int8 and numeric as strings, bytea
 * as Buffer, timestamps as Date, json parsed, int4[] as numbers, types it does not know as
 * their text), and send bind values as node-postgres prepares them.
 */
async function speakNodePostgres(db: PGlite): Promise<void> {
  const parserOf = pg.types.getTypeParser as (oid: number, format: 'text') => (text: string) => unknown;
  const unparsed = parserOf(0, 'text');
  const { rows } = await db.query<{ oid: number }>('SELECT oid::int4 AS oid FROM pg_catalog.pg_type');
  const parsers: Record<number, (text: string) => unknown> = {};
  for (const { oid } of rows) {
    const parse = parserOf(oid, 'text');
    // PGlite passes the type as a second argument: keep it from reaching parseInt and the like
    if (parse !== unparsed) parsers[oid] = (text) => parse(text);
  }
  db.parsers = parsers;
  // Values arrive prepared (strings, or Buffers for bytea): no other serializer may touch them
  // (PGlite's would reject 'ture' for a boolean itself, where PostgreSQL answers 22P02).
  db.serializers = {
    17: (x: unknown) => (x instanceof Uint8Array ? `\\x${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')}` : String(x)),
  };
}

/** Set while a transaction's `work` runs: the engine's own methods would wait for it forever. */
interface OpenTransaction {
  open: boolean;
}

function wrap(db: PGlite): Engine {
  const inTransaction = new AsyncLocalStorage<OpenTransaction>();
  const pending = new Set<Promise<unknown>>();
  const channels = new Map<string, Set<(payload: string) => void>>();
  let closing: Promise<void> | null = null;

  db.onNotification((channel, payload) => {
    for (const onMessage of channels.get(channel) ?? []) onMessage(payload);
  });

  /** Refuse work the engine could not do (closed), or would never finish (inside a transaction). */
  function admit(what: string): void {
    if (closing) throw new TileryError('database_unavailable', { reason: 'the embedded database is closed' });
    if (inTransaction.getStore()?.open) {
      throw new Error(
        `engine.${what}() inside a transaction's work would wait for that transaction forever (the embedded database has one connection): use the query given to the work`,
      );
    }
  }

  /** Remember work under way, for `close()` to wait for. */
  function track<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    work.then(
      () => pending.delete(work),
      () => pending.delete(work),
    );
    return work;
  }

  // PGlite's own `query` and `exec` wait for an open transaction, and the transaction for them.
  async function query<Row>(sql: string, values: readonly unknown[] = []): Promise<QueryResult<Row>> {
    admit('query');
    return track(run<Row>(db, sql, values));
  }

  async function transaction<T>(work: (q: Engine['query']) => Promise<T>): Promise<T> {
    admit('transaction');
    const inside = db.transaction(async (tx) => {
      const state: OpenTransaction = { open: true };
      const q = (<Row>(sql: string, values: readonly unknown[] = []) => run<Row>(tx, sql, values)) as Engine['query'];
      try {
        return await inTransaction.run(state, () => work(q));
      } finally {
        state.open = false;
      }
    });
    return track(inside.catch((err: unknown) => Promise.reject(classify(err))));
  }

  async function listen(channel: string, onMessage: (payload: string) => void): Promise<Listener> {
    admit('listen');
    let listeners = channels.get(channel);
    if (!listeners) channels.set(channel, (listeners = new Set()));
    // a callback of its own: the same function may listen twice, and close once each
    const deliver = (payload: string) => onMessage(payload);
    listeners.add(deliver);
    const forget = (): boolean => {
      listeners.delete(deliver);
      if (listeners.size > 0 || channels.get(channel) !== listeners) return false;
      channels.delete(channel);
      return true;
    };
    try {
      // LISTEN is idempotent; PGlite runs statements in the order they were asked for, so a
      // LISTEN asked after an UNLISTEN of the same channel comes after it
      await track(run(db, `LISTEN ${quoteIdent(channel)}`, []));
    } catch (err) {
      forget();
      throw err;
    }
    let closed = false;
    return {
      async close() {
        if (closed) return;
        closed = true;
        if (forget() && !closing) await track(run(db, `UNLISTEN ${quoteIdent(channel)}`, [])).catch(() => {});
      },
    };
  }

  return {
    capabilities: { asMvt: false },
    query,
    transaction,
    listen,
    async notify(channel, payload) {
      await query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async ping() {
      try {
        await query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close() {
      if (inTransaction.getStore()?.open) return Promise.reject(new Error("engine.close() inside a transaction's work would wait for it forever"));
      closing ??= (async () => {
        while (pending.size > 0) await Promise.allSettled([...pending]);
        channels.clear();
        await db.close();
      })();
      return closing;
    },
  };
}

/**
 * One statement with values on the extended protocol; without values on the simple one (as
 * node-postgres does), where a script of several statements runs too and answers with the
 * rows of its last.
 */
async function run<Row>(target: PGlite | Transaction, sql: string, values: readonly unknown[]): Promise<QueryResult<Row>> {
  try {
    if (values.length === 0) {
      const results = await target.exec(sql);
      return { rows: (results.at(-1)?.rows ?? []) as Row[] };
    }
    const result = await target.query<Row>(sql, values.map((v) => prepareValue(v)));
    return { rows: result.rows };
  } catch (err) {
    throw classify(err);
  }
}

/** The same classes as the pg engine: 504 for a cancelled statement, 503 for a database gone. */
function classify(err: unknown): unknown {
  if (err instanceof TileryError) return err;
  const e = err as { code?: string; message?: string; name?: string; query?: unknown; params?: unknown; queryOptions?: unknown };
  if (e.code === QUERY_CANCELED) return new TileryError('query_timeout', { timeout_ms: '?', reason: e.message });
  const gone =
    err instanceof WebAssembly.RuntimeError || e.name === 'ExitStatus' || /^PGlite is clos(ed|ing)/.test(e.message ?? '') || (e.code !== undefined && (UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08')));
  if (gone) return new TileryError('database_unavailable', { reason: e.message ?? String(err) });
  // PGlite adds the statement and its values (tiles, perhaps) to its errors; node-postgres does not
  if (typeof err === 'object' && err !== null && 'params' in err) {
    delete e.query;
    delete e.params;
    delete e.queryOptions;
  }
  return err;
}
