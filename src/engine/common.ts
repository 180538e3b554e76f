import type { Engine } from './types.ts';

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
