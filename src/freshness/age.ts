import type { Logger } from 'pino';
import type { Retirement, RetirementLog } from '../cache/index.ts';
import type { CatalogSnapshot } from '../catalog/index.ts';

/**
 * The age bound as a retirement: what reads refuse already (a tile of an untracked collection,
 * or an authenticated user's tile without the event triggers, older than the bound) is also
 * retired from the stores, so that it does not take their room. Runs every `boundS` seconds (at
 * least every 10 s, at most every 5 min); a bound of 0 caches nothing, so there is nothing to do.
 */
export function startAgeRetirement(
  log: RetirementLog,
  catalog: { current(): CatalogSnapshot },
  boundS: number,
  logger?: Logger,
): { stop(): void } {
  if (boundS <= 0) return { stop() {} };
  const everyMs = Math.min(300, Math.max(10, boundS)) * 1000;
  const timer = setInterval(() => {
    const retirements = ageRetirements(catalog.current(), Date.now() - boundS * 1000);
    log.write(retirements).catch((err) => logger?.warn({ err: (err as Error).message }, 'cannot retire the tiles past their age bound'));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The retirements of the tiles generated before `before` that a bound applies to. */
export function ageRetirements(snapshot: CatalogSnapshot, before: number): Retirement[] {
  const out: Retirement[] = [];
  for (const c of snapshot.collections.values()) {
    if (!c.tracked) out.push({ collection: c.id, bounds: null, generatedBefore: before });
    else if (!snapshot.authorizationTracked) out.push({ collection: c.id, bounds: null, scope: 'roles', generatedBefore: before });
  }
  return out;
}
