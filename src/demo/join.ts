// Joins the world-atlas country shapes to the world-countries attributes.
import type { TopoGeometry } from 'topojson-client';
import type { Country, DemoSources } from './sources.ts';

export interface CountryRecord {
  /** 1-based position in the world-atlas collection: the countries table's id. */
  id: number;
  shape: TopoGeometry;
  /** The Natural Earth name world-atlas carries. */
  atlasName: string;
  /** world-atlas id: the ISO 3166-1 numeric code, when the shape has one. */
  isoNumeric: string | undefined;
  /** The matching world-countries entry, if any. */
  country: Country | undefined;
  /** world-countries' common name, else the Natural Earth name. */
  name: string;
}

/**
 * Matches on the ISO numeric code; a shape without one matches a world-countries entry of
 * the same common name (Kosovo, which has no ISO numeric code). An entry describes one shape:
 * when several share its code (Ashmore and Cartier Islands has Australia's 036), it goes to
 * the one of the same name, else the first, and the others keep their Natural Earth name only.
 */
export function joinCountries({ topology, countries }: DemoSources): CountryRecord[] {
  const byNumeric = new Map<string, Country>();
  const byName = new Map<string, Country>();
  for (const country of countries) {
    if (country.ccn3) byNumeric.set(country.ccn3, country);
    byName.set(country.name.common, country);
  }
  const shapes = topology.objects.countries.geometries;
  const candidates = shapes.map((shape) => {
    const atlasName = String(shape.properties?.name ?? '');
    const isoNumeric = shape.id === undefined ? undefined : String(shape.id);
    const country = isoNumeric === undefined ? byName.get(atlasName) : byNumeric.get(isoNumeric);
    return { shape, atlasName, isoNumeric, country };
  });
  const owner = new Map<Country, number>();
  candidates.forEach(({ atlasName, country }, index) => {
    if (country && (!owner.has(country) || atlasName === country.name.common)) owner.set(country, index);
  });
  return candidates.map((candidate, index) => {
    const country = candidate.country && owner.get(candidate.country) === index ? candidate.country : undefined;
    return { ...candidate, id: index + 1, country, name: country?.name.common ?? candidate.atlasName };
  });
}
