import pg from 'pg';
import { startCluster } from '../test/harness/cluster.ts';
import { ensurePostgis } from '../test/harness/postgis.ts';

/** The server of a benchmark: TILERY_TEST_DATABASE_URL, or a throwaway cluster (`destroy` removes it). */
export async function benchServer(): Promise<{ url: string; destroy(): Promise<void> }> {
  const given = process.env.TILERY_TEST_DATABASE_URL;
  if (given) return { url: given, destroy: async () => {} };
  await ensurePostgis();
  const cluster = await startCluster();
  return { url: cluster.url, destroy: () => cluster.destroy() };
}

/** A new, empty database `name` with PostGIS on the server at `url` (dropped first if there); its URL. */
export async function freshDatabase(url: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const db = new URL(url);
  db.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: db.toString() });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } finally {
    await client.end();
  }
  return db.toString();
}
