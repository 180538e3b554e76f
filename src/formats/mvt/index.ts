/** Mapbox Vector Tiles encoded in TypeScript, from (E)WKB geometries, for engines without ST_AsMVT. */
export { encodeMvt } from './encode.ts';
export type { MvtFeature, MvtLayer, MvtValue } from './encode.ts';
