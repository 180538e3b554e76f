// The `countries` layer: Natural Earth 1:50m shapes with world-countries attributes.
import { feature, type Topology } from 'topojson-client';
import { planarMultiPolygon, type Position } from './antimeridian.ts';
import type { CountryRecord } from './join.ts';
import { GEOJSON_SQL, wrapAntimeridianSql, type DemoRow, type DemoTable } from './table.ts';

const polygons = (geometry: string): string => `ST_CollectionExtract(ST_MakeValid(${geometry}), 3)`;

export const COUNTRIES_TABLE: DemoTable = {
  name: 'countries',
  comment:
    'Countries and territories of the world: Natural Earth 1:50m boundaries (world-atlas 2.0.2) ' +
    'joined to the attributes of world-countries 5.1.0 by ISO 3166-1 numeric code.',
  idComment: 'Position of the shape in the Natural Earth (world-atlas) collection, from 1.',
  columns: [
    { name: 'name', type: 'text', notNull: true, comment: 'Common English name (world-countries), else the Natural Earth name.' },
    { name: 'official_name', type: 'text', comment: 'Official English name; null when no world-countries entry describes the shape.' },
    { name: 'ne_name', type: 'text', notNull: true, comment: 'Short name as written in Natural Earth (world-atlas).' },
    { name: 'iso_a2', type: 'text', comment: 'ISO 3166-1 alpha-2 code.' },
    { name: 'iso_a3', type: 'text', comment: 'ISO 3166-1 alpha-3 code (UNK for Kosovo, which has none).' },
    { name: 'iso_n3', type: 'text', comment: 'ISO 3166-1 numeric code, three digits, as world-atlas gives it; null when it gives none.' },
    { name: 'region', type: 'text', comment: 'UN geoscheme region: Africa, Americas, Antarctic, Asia, Europe or Oceania.' },
    { name: 'subregion', type: 'text', comment: 'UN geoscheme subregion, e.g. Western Europe; null when there is none.' },
    { name: 'capital', type: 'text', comment: 'Capital city; several are separated by ", "; null when there is none.' },
    { name: 'area_km2', type: 'double precision', comment: 'Land area in square kilometres as published by world-countries.' },
    { name: 'landlocked', type: 'boolean', comment: 'True when the country has no coast on the open sea.' },
    { name: 'independent', type: 'boolean', comment: 'True for sovereign states, false for dependent territories.' },
    { name: 'un_member', type: 'boolean', comment: 'True for member states of the United Nations.' },
  ],
  geometryType: 'MultiPolygon',
  geometryComment:
    'Boundary in WGS 84 longitude/latitude, made valid, cut at the antimeridian and closed along the pole.',
  geometrySql: `ST_Multi(${polygons(wrapAntimeridianSql(polygons(GEOJSON_SQL)))})`,
};

function polygonsOf(topology: Topology, record: CountryRecord): Position[][][] {
  const geometry = feature(topology, record.shape).geometry;
  if (geometry?.type === 'Polygon') return [geometry.coordinates as Position[][]];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates as Position[][][];
  return [];
}

export function countryRows(topology: Topology, records: readonly CountryRecord[]): DemoRow[] {
  return records.map((record) => {
    const c = record.country;
    return {
      id: record.id,
      name: record.name,
      official_name: c?.name.official ?? null,
      ne_name: record.atlasName,
      iso_a2: c?.cca2 ?? null,
      iso_a3: c?.cca3 ?? null,
      iso_n3: record.isoNumeric ?? null,
      region: c?.region || null,
      subregion: c?.subregion || null,
      capital: c && c.capital.length > 0 ? c.capital.join(', ') : null,
      area_km2: c?.area ?? null,
      landlocked: c?.landlocked ?? null,
      independent: c?.independent ?? null,
      un_member: c?.unMember ?? null,
      geom: { type: 'MultiPolygon', coordinates: planarMultiPolygon(polygonsOf(topology, record)) },
    };
  });
}
