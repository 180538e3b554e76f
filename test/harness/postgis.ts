import { join } from 'node:path';
import type { DebianPackage } from './system-packages.ts';
import { ensureDebianPackages } from './system-packages.ts';

export const PG_MAJOR = 15;
export const PG_BIN = `/usr/lib/postgresql/${PG_MAJOR}/bin`;
export const POSTGIS_CONTROL = `/usr/share/postgresql/${PG_MAJOR}/extension/postgis.control`;

/** What a local throwaway cluster needs: the server binaries and the PostGIS extension. */
export const POSTGIS_PACKAGES: DebianPackage[] = [
  ...['initdb', 'pg_ctl', 'postgres'].map((bin) => ({
    pkg: `postgresql-${PG_MAJOR}`,
    probe: join(PG_BIN, bin),
    purpose: `PostgreSQL ${PG_MAJOR} server for the throwaway test cluster`,
  })),
  { pkg: `postgresql-${PG_MAJOR}-postgis-3`, probe: POSTGIS_CONTROL, purpose: 'the PostGIS extension' },
];

export const POSTGIS_HINT =
  'Instead of installing PostgreSQL and PostGIS, you may set TILERY_TEST_DATABASE_URL to the ' +
  'superuser URL of an existing PostGIS server.';

/**
 * Makes sure a PostgreSQL 15 server with PostGIS is installed locally, installing it
 * with apt when running as root.
 */
export async function ensurePostgis(): Promise<void> {
  await ensureDebianPackages(POSTGIS_PACKAGES, { hint: POSTGIS_HINT });
}
