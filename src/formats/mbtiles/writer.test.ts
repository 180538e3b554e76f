import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync } from 'node:zlib';
import { flipY, MBTILES_APPLICATION_ID, metadataRows, writeMbtiles, type MbtilesMetadata } from './index.ts';
import { tempDirForSuite } from '../../../test/helpers/temp-dir.ts';

const META: MbtilesMetadata = {
  name: 'test',
  minzoom: 0,
  maxzoom: 2,
  bounds: [-10, -5, 20, 30],
  vectorLayers: [{ id: 'places', fields: { name: 'String', rank: 'Number' }, minzoom: 0, maxzoom: 2, description: 'Grid' }],
  description: 'a test',
};
const bytes = (s: string) => new TextEncoder().encode(s);

describe('MBTiles writer', () => {
  const dir = tempDirForSuite('tilery-mbtiles-');

  test('the TMS row flip is its own inverse', () => {
    assert.equal(flipY(0, 0), 0);
    assert.equal(flipY(2, 0), 3);
    assert.equal(flipY(3, 5), 2);
    for (let y = 0; y < 16; y++) assert.equal(flipY(4, flipY(4, y)), y);
  });

  test('metadata rows: the MBTiles 1.3 keys, center defaulting to the middle at minzoom', () => {
    const rows = Object.fromEntries(metadataRows(META));
    assert.deepEqual(rows, {
      name: 'test',
      format: 'pbf',
      bounds: '-10,-5,20,30',
      center: '5,12.5,0',
      minzoom: '0',
      maxzoom: '2',
      type: 'overlay',
      version: '1',
      json: JSON.stringify({ vector_layers: META.vectorLayers }),
      description: 'a test',
    });
    assert.throws(() => metadataRows({ ...META, minzoom: 3 }), /minzoom/);
    assert.throws(() => metadataRows({ ...META, bounds: [10, 0, -10, 5] }), /bounds/);
  });

  test('tiles gzipped, rows flipped, read back with SQLite; the unique tile_index', async () => {
    const path = join(dir(), 'a.mbtiles');
    async function* tiles() {
      yield { z: 2, x: 1, y: 0, data: bytes('north') };
      yield { z: 0, x: 0, y: 0, data: bytes('world') };
      yield { z: 2, x: 3, y: 3, data: bytes('south-east') };
    }
    const result = await writeMbtiles(path, tiles(), META);
    assert.equal(result.tiles, 3);
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      assert.equal((db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id, MBTILES_APPLICATION_ID);
      const rows = db.prepare('SELECT zoom_level AS z, tile_column AS x, tile_row AS row, tile_data AS data FROM tiles ORDER BY z, x').all() as Array<{ z: number; x: number; row: number; data: Uint8Array }>;
      assert.deepEqual(
        rows.map((r) => [r.z, r.x, r.row, gunzipSync(r.data).toString()]),
        [[0, 0, 0, 'world'], [2, 1, 3, 'north'], [2, 3, 0, 'south-east']],
      );
      const index = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'tile_index'`).get() as { sql: string };
      assert.match(index.sql, /UNIQUE INDEX tile_index ON tiles \(zoom_level, tile_column, tile_row\)/);
      const meta = Object.fromEntries((db.prepare('SELECT name, value FROM metadata').all() as Array<{ name: string; value: string }>).map((r) => [r.name, r.value]));
      assert.equal(meta.format, 'pbf');
      assert.deepEqual(JSON.parse(meta.json).vector_layers[0].fields, { name: 'String', rank: 'Number' });
    } finally {
      db.close();
    }
    assert.deepEqual(await readdir(dir()), ['a.mbtiles'], 'no temporary file left');
  });

  test('a tile twice, or outside the zooms or the matrix, fails and leaves the old file alone', async () => {
    const path = join(dir(), 'b.mbtiles');
    await writeFile(path, 'previous');
    const t = { z: 1, x: 1, y: 1, data: bytes('x') };
    await assert.rejects(writeMbtiles(path, [t, t], META), /tile 1\/1\/1 given twice/);
    await assert.rejects(writeMbtiles(path, [{ ...t, z: 3 }], META), /outside the zoom range/);
    await assert.rejects(writeMbtiles(path, [{ ...t, x: 2 }], META), /outside the matrix/);
    async function* failing() {
      yield t;
      throw new Error('interrupted');
    }
    await assert.rejects(writeMbtiles(path, failing(), META), /interrupted/);
    assert.deepEqual((await readdir(dir())).filter((f) => f.startsWith('b.')), ['b.mbtiles']);
    assert.equal(await readFile(path, 'utf8'), 'previous');
  });
});
