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
import type { Engine, Listener, QueryOptions, QueryResult } from './types.ts';
import { notifyAndPing, queryAsRole } from './common.ts';
import { classifyDriverError, type DriverErrorRules } from './errors.ts';
import { lockDirectory } from './dir-lock.ts';

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

/** The embedded database is away when its WebAssembly runtime failed or stopped, or it was closed. */
const PGLITE_ERRORS: DriverErrorRules = {
  gone: (e) => e instanceof WebAssembly.RuntimeError || e.name === 'ExitStatus' || /^PGlite is clos(ed|ing)/.test(e.message ?? ''),
  // PGlite adds the statement and its values (tiles, perhaps) to its errors; node-postgres does not
  detach: ['query', 'params', 'queryOptions'],
};

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
  const release = dataDir === undefined ? () => {} : lockDirectory(dataDir);
  if (fresh) progress(`embedded database: initialising ${options.dataDir ?? 'in memory'} (${dataDir ? 'first start, ' : ''}~10 s)…`);

  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, extensions: { postgis } });
  } catch (err) {
    release();
    throw err;
  }
  try {
    const { rows } = await db.query("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'postgis'");
    const install = rows.length === 0;
    if (install) {
      progress('embedded database: installing PostGIS (~5 s)…');
      await db.exec('CREATE EXTENSION postgis');
    }
    await speakNodePostgres(db);
    const engine = embeddedEngine(db);
    Object.assign(engine.capabilities, await detectCapabilities(engine.query));
    if (fresh || install) progress(`embedded database: ready in ${Math.round((Date.now() - started) / 1000)} s`);
    const close = engine.close;
    return { ...engine, close: () => close().finally(release) };
  } catch (err) {
    await db.close().catch(() => {});
    release();
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

/**
 * The engine over the database: units of work (a statement, or a whole transaction) take turns
 * on its one connection, in the order asked.
 */
function embeddedEngine(db: PGlite): Engine {
  const inTransaction = new AsyncLocalStorage<OpenTransaction>();
  const channels = new Map<string, Set<(payload: string) => void>>();
  db.onNotification((channel, payload) => {
    for (const onMessage of channels.get(channel) ?? []) onMessage(payload);
  });
  let tail: Promise<unknown> = Promise.resolve();
  const pending = new Set<Promise<unknown>>();
  let closing: Promise<void> | null = null;

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

  /** `work` in the connection's next turn. */
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    // each turn after a pass of the event loop: PGlite computes in this thread, and statements
    // chained by promises alone would keep timers, signals and sockets waiting for the queue
    const turn = tail.then(() => new Promise<void>((r) => setImmediate(r))).then(work);
    tail = turn.catch(() => {});
    return turn;
  }

  // PGlite's own `query` and `exec` wait for an open transaction, and the transaction for them.
  async function query<Row>(sql: string, values: readonly unknown[] = [], queryOptions?: QueryOptions): Promise<QueryResult<Row>> {
    if (queryOptions?.role !== undefined) return queryAsRole<Row>(transaction, queryOptions.role, sql, values);
    admit('query');
    return track(inTurn(() => run<Row>(db, sql, values)));
  }

  async function transaction<T>(work: (q: Engine['query']) => Promise<T>): Promise<T> {
    admit('transaction');
    const inside = inTurn(() =>
      db.transaction(async (tx) => {
        const state: OpenTransaction = { open: true };
        const q = (<Row>(sql: string, values: readonly unknown[] = []) => run<Row>(tx, sql, values)) as Engine['query'];
        try {
          return await inTransaction.run(state, () => work(q));
        } finally {
          state.open = false;
        }
      }),
    );
    return track(inside.catch((err: unknown) => Promise.reject(classify(err))));
  }

  async function listen(channel: string, onMessage: (payload: string) => void): Promise<Listener> {
    admit('listen');
    let heard = channels.get(channel);
    if (!heard) channels.set(channel, (heard = new Set()));
    // a callback of its own: the same function may listen twice, and close once each
    const deliver = (payload: string) => onMessage(payload);
    heard.add(deliver);
    /** True when nobody on the database listens to the channel any more. */
    const forget = (): boolean => {
      heard.delete(deliver);
      if (heard.size > 0 || channels.get(channel) !== heard) return false;
      channels.delete(channel);
      return true;
    };
    try {
      // LISTEN is idempotent; statements run in the order they were asked for, so a LISTEN
      // asked after an UNLISTEN of the same channel comes after it
      await track(inTurn(() => run(db, `LISTEN ${quoteIdent(channel)}`, [])));
    } catch (err) {
      forget();
      throw err;
    }
    let closed = false;
    return {
      async close() {
        if (closed) return;
        closed = true;
        if (forget() && !db.closed) await track(inTurn(() => run(db, `UNLISTEN ${quoteIdent(channel)}`, []))).catch(() => {});
      },
    };
  }

  return {
    capabilities: { asMvt: false },
    query,
    transaction,
    listen,
    ...notifyAndPing(query),
    // one connection, busy while this engine has work under way (a statement or a transaction)
    stats: () => (closing ? { total: 0, idle: 0, waiting: 0 } : { total: 1, idle: pending.size === 0 ? 1 : 0, waiting: Math.max(0, pending.size - 1) }),
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

function classify(err: unknown): unknown {
  return classifyDriverError(err, PGLITE_ERRORS);
}
