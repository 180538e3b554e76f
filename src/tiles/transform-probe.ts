import { LRUCache } from 'lru-cache';
import type { Engine } from '../engine/index.ts';
import type { Envelope } from '../tms/index.ts';
import { GRID } from './sql-fragments.ts';

/**
 * PostGIS refuses to transform a point its target CRS cannot represent ("Point outside of
 * projection domain"): a low-zoom tile of Web Mercator reaches the singular points of a
 * transverse Mercator (UTM) CRS, a tile of a custom matrix set in a regional CRS reaches past
 * the disk its projection covers. One such point fails the whole layer query; these errors say so.
 */
export function isTransformError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === 'XX000' && typeof e.message === 'string' && /transform|projection|PROJ/i.test(e.message);
}

/**
 * Each point of the grid is transformed on its own, in a PL/pgSQL block that catches the
 * failures, and the box of those that transform is kept in a transaction-local setting. The
 * inputs arrive the same way, as a setting: a DO block takes no bind parameters.
 */
const PROBE_SQL = `DO $probe$
DECLARE
  p float8[] := string_to_array(current_setting('tilery.probe_in'), ',')::float8[];
  pt geometry;
  x float8;
  y float8;
  minx float8;
  miny float8;
  maxx float8;
  maxy float8;
BEGIN
  FOR i IN 0..${GRID} LOOP
    FOR j IN 0..${GRID} LOOP
      BEGIN
        pt := ST_Transform(ST_SetSRID(ST_MakePoint(p[1] + (p[3] - p[1]) * i / ${GRID}, p[2] + (p[4] - p[2]) * j / ${GRID}), p[5]::int), p[6]::int);
        x := ST_X(pt);
        y := ST_Y(pt);
        IF x BETWEEN -1e300 AND 1e300 AND y BETWEEN -1e300 AND 1e300 THEN
          minx := LEAST(minx, x);
          miny := LEAST(miny, y);
          maxx := GREATEST(maxx, x);
          maxy := GREATEST(maxy, y);
        END IF;
      EXCEPTION WHEN OTHERS THEN
        NULL;
      END;
    END LOOP;
  END LOOP;
  PERFORM set_config('tilery.probe_out', COALESCE(concat_ws(',', minx, miny, maxx, maxy), ''), true);
END
$probe$`;

const memo = new LRUCache<string, { box: Envelope | null }>({ max: 4096 });

/**
 * The box, in `toSrid`, of the points of a grid over `env` (in `fromSrid`) that PostGIS can
 * transform; null when none can (the envelope lies wholly outside what the CRS represents).
 * Memoized: the same envelope and CRSs give the same box.
 */
export async function probeTransformedBox(engine: Engine, env: Envelope, fromSrid: number, toSrid: number): Promise<Envelope | null> {
  const input = [env.minx, env.miny, env.maxx, env.maxy, fromSrid, toSrid].join(',');
  const known = memo.get(input);
  if (known) return known.box;
  const text = await engine.transaction(async (q) => {
    await q("SELECT set_config('tilery.probe_in', $1, true)", [input]);
    await q(PROBE_SQL);
    const { rows } = await q<{ out: string }>("SELECT current_setting('tilery.probe_out') AS out");
    return rows[0].out;
  });
  const [minx, miny, maxx, maxy] = text === '' ? [] : text.split(',').map(Number);
  const box = text === '' ? null : { minx, miny, maxx, maxy };
  memo.set(input, { box });
  return box;
}
