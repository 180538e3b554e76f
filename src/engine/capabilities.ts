import { TileryError } from '../errors.ts';
import type { Engine, EngineCapabilities } from './types.ts';

/**
 * One point in a unit envelope, encoded by the database: only a build with protobuf-c support
 * answers (PostGIS without it, as in PGlite, fails with "Compiled without protobuf-c support").
 */
const AS_MVT_PROBE = `SELECT ST_AsMVT(q, 'probe') AS mvt
  FROM (SELECT ST_AsMVTGeom(ST_MakePoint(0.5, 0.5), ST_MakeEnvelope(0, 0, 1, 1)) AS geom) AS q`;

/**
 * True when `ST_AsMVT` works on this database, tried rather than read from a version string.
 * A database that is away (or too slow) rejects with its `TileryError`: nothing was learnt.
 */
export async function probeAsMvt(query: Engine['query']): Promise<boolean> {
  try {
    const { rows } = await query<{ mvt: Uint8Array | null }>(AS_MVT_PROBE);
    return (rows[0]?.mvt?.length ?? 0) > 0;
  } catch (err) {
    if (err instanceof TileryError) throw err;
    return false;
  }
}

export async function detectCapabilities(query: Engine['query']): Promise<EngineCapabilities> {
  return { asMvt: await probeAsMvt(query) };
}

/**
 * Capabilities of an engine created without talking to the database: `capabilities` holds
 * `initial` until the first use of the engine waits for the probe (concurrent first uses share
 * it). `ready()` answers null once the probe is done, so later uses start at once. A database
 * that is away rejects that use, and the next one probes again.
 */
export function detectOnFirstUse(
  query: Engine['query'],
  initial: EngineCapabilities,
): { capabilities: EngineCapabilities; ready: () => Promise<void> | null } {
  const capabilities: EngineCapabilities = { ...initial };
  let detecting: Promise<void> | null = null;
  let detected = false;
  const ready = (): Promise<void> | null => {
    if (detected) return null;
    detecting ??= detectCapabilities(query).then(
      (found) => {
        Object.assign(capabilities, found);
        detected = true;
      },
      (err: unknown) => {
        detecting = null;
        throw err;
      },
    );
    return detecting;
  };
  return { capabilities, ready };
}
