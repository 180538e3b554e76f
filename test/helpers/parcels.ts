import type { TestDatabase } from '../harness/db.ts';

/** A name quoted as an identifier (test role and database names are plain). */
export const quoted = (name: string) => `"${name}"`;

/**
 * `public.parcels`: 400 points near the Mediterranean, owned in turn by `owners` (role names or
 * any text), each row readable by its owner only (row-level security), SELECT granted to
 * `readers`. Roles must exist. tilery's role gets CREATE on the database (for its own tables).
 */
export async function createParcels(db: TestDatabase, owners: readonly [string, string, string], readers: readonly string[]): Promise<void> {
  await db.query(`
    GRANT CREATE ON DATABASE ${quoted(db.name)} TO ${quoted(db.readerRole)};
    CREATE TABLE public.parcels (id integer PRIMARY KEY, owner text, name text, geom geometry(Point, 4326));
    INSERT INTO public.parcels
      SELECT i, CASE i % 3 WHEN 0 THEN '${owners[0]}' WHEN 1 THEN '${owners[1]}' ELSE '${owners[2]}' END, 'parcel ' || i,
             ST_SetSRID(ST_MakePoint(2 + (i % 20) * 1.7, 36 + (i / 20) * 1.3), 4326)
      FROM generate_series(0, 399) AS i;
    CREATE INDEX ON public.parcels USING gist (geom);
    ALTER TABLE public.parcels ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own_parcels ON public.parcels FOR SELECT USING (owner = current_user);
    GRANT SELECT ON public.parcels TO ${[db.readerRole, ...readers].map(quoted).join(', ')};
  `);
}
