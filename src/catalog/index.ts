export type { Collection, Property, Bounds, CollectionKind } from './model.ts';
export { WORLD_BOUNDS, mvtValueCast, TEMPORAL_TYPES } from './model.ts';
export { discoverCollections, type DiscoverOptions } from './discover.ts';
export { createCatalogRegistry, type CatalogRegistry, type CatalogSnapshot, type RegistryOptions } from './registry.ts';
export { dataVersion } from './version.ts';
