// Engines over one embedded database, each with a role of its own, as the pooled engines of a
// PostgreSQL test database each log in as theirs. The embedded engine has one connection: before
// the work of an engine whose role is not the connection's now, the connection switches with
// `SET SESSION AUTHORIZATION` (not SET ROLE: the session would stay the superuser's, which may
// switch to any role, where a reader may only take the roles granted to it).
import { notifyAndPing } from '../../src/engine/common.ts';
import { quoteIdent, type Engine, type Listener } from '../../src/engine/index.ts';
import { TileryError } from '../../src/errors.ts';

export interface SharedDatabase {
  /**
   * An engine whose statements run as `role` (absent: the superuser). Its statements must not
   * change the role themselves. `close()` waits for its work, stops what it listened to and
   * leaves the database open for the others.
   */
  engine(role?: string): Engine;
}

/** Shares `base`, an engine that is the database's only user, connected as `superuser`. */
export function shareDatabase(base: Engine, superuser: string): SharedDatabase {
  // the role of the connection once the work queued so far has run
  let current: string | undefined = superuser;

  /**
   * `start()` calls `base`, which queues the work on the connection; when the role differs,
   * the switch is queued first, at once, so that no other work comes between the two.
   */
  function as<T>(role: string, start: () => Promise<T>): Promise<T> {
    if (current === role) return start();
    current = role;
    const switched = base.query(`SET SESSION AUTHORIZATION ${quoteIdent(role)}`);
    const work = start();
    return switched.then(
      () => work,
      (err: unknown) => {
        // what followed ran as another role: refuse its answer, and switch again next time
        current = undefined;
        work.catch(() => {});
        throw err;
      },
    );
  }

  return { engine: (role = superuser) => engineAs(base, role, as) };
}

function engineAs(base: Engine, role: string, as: <T>(role: string, start: () => Promise<T>) => Promise<T>): Engine {
  const pending = new Set<Promise<unknown>>();
  const listeners = new Set<Listener>();
  let closing: Promise<void> | null = null;

  /** Refuse work once closed; otherwise remember it, for `close()` to wait for. */
  function track<T>(start: () => Promise<T>): Promise<T> {
    if (closing) return Promise.reject(new TileryError('database_unavailable', { reason: 'the embedded database is closed' }));
    const work = start();
    pending.add(work);
    const done = () => pending.delete(work);
    work.then(done, done);
    return work;
  }

  const query = ((sql, values, options) => track(() => as(role, () => base.query(sql, values, options)))) as Engine['query'];

  async function listen(channel: string, onMessage: (payload: string) => void): Promise<Listener> {
    const inner = await track(() => base.listen(channel, onMessage));
    const listener: Listener = {
      async close() {
        if (listeners.delete(listener)) await inner.close();
      },
    };
    listeners.add(listener);
    return listener;
  }

  return {
    capabilities: base.capabilities,
    query,
    transaction: (work) => track(() => as(role, () => base.transaction(work))),
    listen,
    ...notifyAndPing(query),
    stats: () => (closing ? { total: 0, idle: 0, waiting: 0 } : base.stats()),
    close() {
      closing ??= (async () => {
        while (pending.size > 0) await Promise.allSettled([...pending]);
        for (const listener of [...listeners]) await listener.close();
      })();
      return closing;
    },
  };
}
