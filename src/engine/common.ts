import { TileryError } from '../errors.ts';
import type { Engine, QueryResult } from './types.ts';

/** NOTIFY and the liveness check, which every engine does the same way over its own `query`. */
export function notifyAndPing(query: Engine['query']): Pick<Engine, 'notify' | 'ping'> {
  return {
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
  };
}

/** SQLSTATEs of a role that cannot be switched to: unknown (22023) or not granted (42501). */
const ROLE_REFUSED = new Set(['22023', '42501']);

/**
 * One statement as another role, inside a transaction of its own: `set_config('role', …, true)`
 * is `SET LOCAL ROLE` with the name bound rather than written into the SQL, and it ends with
 * the transaction, so the pooled connection goes back with its own role.
 */
export function queryAsRole<Row>(transaction: Engine['transaction'], role: string, sql: string, values: readonly unknown[]): Promise<QueryResult<Row>> {
  return transaction(async (q) => {
    try {
      await q("SELECT set_config('role', $1, true)", [role]);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code && ROLE_REFUSED.has(code)) throw new TileryError('role_not_allowed', { role, reason: (err as Error).message });
      throw err;
    }
    return q<Row>(sql, values);
  });
}
