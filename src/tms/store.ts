import { TileryError } from '../errors.ts';
import { createMissing, type Engine } from '../engine/index.ts';

/** A custom TMS as stored: its document (as posted, normalized) and what tilery derived from it. */
export interface StoredTms {
  id: string;
  catalog: string;
  document: Record<string, unknown>;
  srid: number;
  northing_first: boolean;
}

const UNDEFINED_TABLE = '42P01';
const INSUFFICIENT_PRIVILEGE = '42501';

const CREATE_SQL = `
CREATE SCHEMA IF NOT EXISTS tilery;
CREATE TABLE IF NOT EXISTS tilery.tile_matrix_sets (
  id text PRIMARY KEY,
  catalog text NOT NULL,
  document jsonb NOT NULL,
  srid integer NOT NULL,
  northing_first boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

/** Custom tile matrix sets live in the database, so every instance and every restart sees them. */
export async function loadStoredTms(engine: Engine): Promise<StoredTms[]> {
  try {
    const { rows } = await engine.query<StoredTms>(
      'SELECT id, catalog, document, srid, northing_first FROM tilery.tile_matrix_sets ORDER BY created_at, id',
    );
    return rows;
  } catch (err) {
    if ((err as { code?: string }).code === UNDEFINED_TABLE) return [];
    throw err;
  }
}

/** Insert; false when the id is taken. */
export async function insertStoredTms(engine: Engine, tms: StoredTms): Promise<boolean> {
  try {
    await createMissing(engine, CREATE_SQL);
    const { rows } = await engine.query(
      `INSERT INTO tilery.tile_matrix_sets (id, catalog, document, srid, northing_first) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [tms.id, tms.catalog, JSON.stringify(tms.document), tms.srid, tms.northing_first],
    );
    return rows.length === 1;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === INSUFFICIENT_PRIVILEGE) {
      throw new TileryError('database_permission_denied', {
        action: 'store tile matrix sets',
        reason: `${e.message}; grant CREATE on the database (or create schema "tilery" for the role)`,
      });
    }
    throw err;
  }
}
