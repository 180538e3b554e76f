// The `borders` layer: the lines of the world-atlas topology, one row per pair of countries
// sharing a land border and one per country's coastline.
import { mesh, type TopoGeometry, type Topology } from 'topojson-client';
import { planarLines } from './antimeridian.ts';
import type { CountryRecord } from './join.ts';
import { GEOJSON_SQL, wrapAntimeridianSql, type DemoRow, type DemoTable } from './table.ts';

export const BORDERS_TABLE: DemoTable = {
  name: 'borders',
  comment:
    'Land borders between two countries and coastlines of one country, from the shared arcs of ' +
    'the Natural Earth 1:50m topology (world-atlas 2.0.2).',
  idComment: 'Row number: the borders in the order of their countries in countries.id, then the coastlines.',
  columns: [
    { name: 'kind', type: 'text', notNull: true, comment: "'border' between two countries or 'coast' between a country and the sea." },
    { name: 'names', type: 'text', notNull: true, comment: "The countries on either side, e.g. 'France / Spain', or the country a coast belongs to." },
    { name: 'left_country', type: 'text', comment: 'Name of the country on the left of the line as drawn (countries.name); null on a coast, where the sea is.' },
    { name: 'right_country', type: 'text', notNull: true, comment: 'Name of the country on the right of the line as drawn (countries.name).' },
    { name: 'left_iso_a3', type: 'text', comment: 'ISO 3166-1 alpha-3 code of the left country, when it has one.' },
    { name: 'right_iso_a3', type: 'text', comment: 'ISO 3166-1 alpha-3 code of the right country, when it has one.' },
    {
      name: 'length_km',
      type: 'double precision',
      notNull: true,
      comment: 'Length on the WGS 84 spheroid in kilometres.',
      computed: 'ST_Length(g.geom::geography) / 1000',
    },
  ],
  geometryType: 'MultiLineString',
  geometryComment: 'The line in WGS 84 longitude/latitude, cut at the antimeridian; the right_country lies on its right.',
  geometrySql: `ST_Multi(ST_CollectionExtract(${wrapAntimeridianSql(GEOJSON_SQL)}, 2))`,
};

interface Side {
  name: string;
  iso: string | null;
}

function side(record: CountryRecord): Side {
  return { name: record.name, iso: record.country?.cca3 ?? null };
}

/**
 * Pairs of shapes sharing at least one arc, in collection order. topojson-client passes the
 * shape earlier in the collection first and keeps that shape's direction along the arc;
 * world-atlas rings run clockwise, so that shape lies on the right of the line.
 */
function neighbourPairs(topology: Topology, shapes: readonly TopoGeometry[]): [number, number][] {
  const index = new Map(shapes.map((shape, i) => [shape, i]));
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  mesh(topology, topology.objects.countries, (a, b) => {
    const pair: [number, number] = [index.get(a)!, index.get(b)!];
    const key = pair.join(':');
    if (a !== b && !seen.has(key)) {
      seen.add(key);
      pairs.push(pair);
    }
    return false;
  });
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

export function borderRows(topology: Topology, records: readonly CountryRecord[]): DemoRow[] {
  const shapes = records.map((r) => r.shape);
  const collection = topology.objects.countries;
  const rows: DemoRow[] = [];
  const add = (kind: 'border' | 'coast', right: Side, left: Side | null, lines: number[][][]): void => {
    if (lines.length === 0) return;
    const names = left ? [right.name, left.name].sort().join(' / ') : right.name;
    rows.push({
      id: rows.length + 1,
      kind,
      names,
      left_country: left?.name ?? null,
      right_country: right.name,
      left_iso_a3: left?.iso ?? null,
      right_iso_a3: right.iso,
      geom: { type: 'MultiLineString', coordinates: lines },
    });
  };
  for (const [i, j] of neighbourPairs(topology, shapes)) {
    const lines = mesh(topology, collection, (a, b) => a === shapes[i] && b === shapes[j]).coordinates;
    add('border', side(records[i]), side(records[j]), planarLines(lines));
  }
  records.forEach((record, i) => {
    const lines = mesh(topology, collection, (a, b) => a === shapes[i] && b === shapes[i]).coordinates;
    add('coast', side(record), null, planarLines(lines));
  });
  return rows;
}
