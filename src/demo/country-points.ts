// The `country_points` layer: one point per world-countries entry at its `latlng`, a
// representative location for a label (world-countries has no capital coordinates).
import type { Country } from './sources.ts';
import { GEOJSON_SQL, type DemoRow, type DemoTable } from './table.ts';

export const COUNTRY_POINTS_TABLE: DemoTable = {
  name: 'country_points',
  comment:
    'One point per country or territory of world-countries 5.1.0, at its representative ' +
    'location (world-countries latlng): where a label for it fits.',
  idComment: 'Position of the entry in world-countries, from 1.',
  columns: [
    { name: 'name', type: 'text', notNull: true, comment: 'Common English name.' },
    { name: 'official_name', type: 'text', notNull: true, comment: 'Official English name.' },
    { name: 'iso_a2', type: 'text', notNull: true, comment: 'ISO 3166-1 alpha-2 code.' },
    { name: 'iso_a3', type: 'text', notNull: true, comment: 'ISO 3166-1 alpha-3 code (UNK for Kosovo); joins countries.iso_a3.' },
    { name: 'capital', type: 'text', comment: 'Capital city; several are separated by ", "; null when there is none.' },
    { name: 'region', type: 'text', notNull: true, comment: 'UN geoscheme region: Africa, Americas, Antarctic, Asia, Europe or Oceania.' },
    { name: 'area_km2', type: 'double precision', notNull: true, comment: 'Land area in square kilometres as published by world-countries.' },
  ],
  geometryType: 'Point',
  geometryComment: 'Representative location in WGS 84 longitude/latitude (world-countries latlng).',
  geometrySql: GEOJSON_SQL,
};

export function countryPointRows(countries: readonly Country[]): DemoRow[] {
  return countries.map((c, index) => ({
    id: index + 1,
    name: c.name.common,
    official_name: c.name.official,
    iso_a2: c.cca2,
    iso_a3: c.cca3,
    capital: c.capital.length > 0 ? c.capital.join(', ') : null,
    region: c.region,
    area_km2: c.area,
    geom: { type: 'Point', coordinates: [c.latlng[1], c.latlng[0]] },
  }));
}
