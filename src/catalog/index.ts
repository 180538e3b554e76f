export type { Collection, TableLayer, FunctionLayer, Property, Bounds, CollectionKind, FunctionArgument, FunctionSignature } from './model.ts';
export { MVT_CONTENT_TYPE, WORLD_BOUNDS, isFunctionLayer, propertiesOf, freshnessOf } from './model.ts';
export { discoverCollections, type DiscoverOptions } from './discover.ts';
export { discoverFunctions } from './discover-functions.ts';
export { createCatalogRegistry, EVENT_TRIGGERS, ROLES_FINGERPRINT_SQL, type CatalogRegistry, type CatalogSnapshot, type RegistryOptions } from './registry.ts';
export { dataVersion } from './version.ts';
