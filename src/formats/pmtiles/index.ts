/** PMTiles v3: a writer of our own, and what reading with the `pmtiles` package needs on Node. */
export { writePmtiles } from './writer.ts';
export type { PmtilesMetadata, PmtilesTile, WritePmtilesOptions, WritePmtilesResult } from './writer.ts';
export { LocalFileSource, nodeDecompress } from './source.ts';
