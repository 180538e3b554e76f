/** MBTiles 1.3 of vector tiles, written with node:sqlite. */
export { flipY, MBTILES_APPLICATION_ID, metadataRows, writeMbtiles } from './writer.ts';
export type { MbtilesMetadata, MbtilesTile, VectorLayer, WriteMbtilesResult } from './writer.ts';
