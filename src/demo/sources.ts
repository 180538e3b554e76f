// The packages the demo is built from, read only when the demo is loaded.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Topology } from 'topojson-client';
import type { Country } from 'world-countries';

export type { Country } from 'world-countries';

/** world-atlas file with the countries: Natural Earth 1:50m, quantized TopoJSON. */
export const ATLAS_FILE = 'world-atlas/countries-50m.json';
export const COUNTRIES_FILE = 'world-countries/countries.json';

export interface DemoSources {
  topology: Topology;
  countries: readonly Country[];
}

async function readPackageJson<T>(specifier: string): Promise<T> {
  return JSON.parse(await readFile(fileURLToPath(import.meta.resolve(specifier)), 'utf8')) as T;
}

export async function readDemoSources(): Promise<DemoSources> {
  const [topology, countries] = await Promise.all([
    readPackageJson<Topology>(ATLAS_FILE),
    readPackageJson<Country[]>(COUNTRIES_FILE),
  ]);
  return { topology, countries };
}
