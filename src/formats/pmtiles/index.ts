/** PMTiles v3: a writer of our own, and what reading with the `pmtiles` package needs on Node. */
export { writePmtiles, buildDirectories } from './writer.ts';
export type { PmtilesMetadata, PmtilesTile, WritePmtilesOptions, WritePmtilesResult } from './writer.ts';
export { MAX_TILE_ZOOM, firstTileIdOfZoom, tileIdToZxy, zxyToTileId } from './tile-id.ts';
export type { TileAddress } from './tile-id.ts';
export { deserializeDirectory, findEntry, serializeDirectory } from './directory.ts';
export type { DirectoryEntry } from './directory.ts';
export { Compression, HEADER_BYTES, ROOT_BYTES_LIMIT, TileType, deserializeHeader, serializeHeader } from './header.ts';
export type { CompressionCode, PmtilesHeader } from './header.ts';
export { compressionName, decompress } from './compression.ts';
export { LocalFileSource, nodeDecompress } from './source.ts';
export { ByteReader, ByteWriter, decodeVarint, encodeVarint } from './varint.ts';
