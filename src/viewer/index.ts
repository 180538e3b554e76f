export { ASSET_NAMES, ASSET_TYPES, createAssetStore, type Asset, type AssetEncoding } from './assets.ts';
export { cacheOverlayStatus, type CacheOverlayStatus } from './cache-overlay.ts';
export { CONTENT_SECURITY_POLICY, PAGE_ASSETS, PAGE_HEADERS, renderViewerPage, type PageLink, type ViewerPageInput } from './page.ts';
