import { escapeHtml } from '../formats/html.ts';

/** A link of the page's header (the landing page's links, as a browser follows them). */
export interface PageLink {
  readonly href: string;
  /** A word or two for the header. */
  readonly label: string;
}

export interface ViewerPageInput {
  /** Path of tilery's root as the browser sees it (`/` or a proxy's prefix such as `/tiles/`), ending with `/`. */
  readonly basePath: string;
  /** Path of the viewer's files below `basePath` (no leading slash), ending with `/`. */
  readonly assetPath: string;
  /** Content versions of the files the page names (`v=` of their URLs). */
  readonly versions: Readonly<Record<string, string>>;
  readonly links: readonly PageLink[];
  readonly version: string;
}

/** The files the page itself loads; the modules of viewer.js import the others. */
export const PAGE_ASSETS = ['maplibre-gl.css', 'viewer.css', 'maplibre-gl.js', 'viewer.js', 'favicon.svg'] as const;

/**
 * What the page may do: its own scripts and styles only, fetches to tilery, and the blob: workers
 * and images MapLibre makes (its CSS inlines its control icons as data: URLs). Styles set from
 * scripts (CSSOM) need no 'unsafe-inline'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  'worker-src blob:',
  'child-src blob:',
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  // asset URLs carry their content version: the page must be revalidated to name new ones
  'Cache-Control': 'no-cache',
};

/**
 * The viewer: a sidebar (layers, filter, tile matrix sets, cache overlay) and the map. The page is
 * a shell; viewer.js fills it from the API, relative to `<base>`, so it works behind a prefix.
 */
export function renderViewerPage(input: ViewerPageInput): string {
  const asset = (name: string) => escapeHtml(`${input.assetPath}${name}?v=${input.versions[name] ?? ''}`);
  const links = input.links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="${escapeHtml(input.basePath)}">
<title>tilery – layer preview</title>
<link rel="icon" href="${asset('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${asset('maplibre-gl.css')}">
<link rel="stylesheet" href="${asset('viewer.css')}">
<script src="${asset('maplibre-gl.js')}" defer></script>
<script type="module" src="${asset('viewer.js')}"></script>
</head>
<body data-state="loading">
<div class="app">
  <aside class="sidebar" aria-label="Layers and options">
    <header class="brand">
      <h1>tilery <span class="version">${escapeHtml(input.version)}</span></h1>
      <nav class="api-links" aria-label="API">
      ${links}
      </nav>
    </header>

    <section class="panel layers-panel" aria-labelledby="layers-title">
      <div class="panel-head">
        <h2 id="layers-title">Layers <span class="count" id="layer-count"></span></h2>
        <button type="button" class="link-button" id="clear-selection" disabled>Clear selection</button>
      </div>
      <input type="search" id="layer-search" placeholder="Find a layer…" aria-label="Find a layer" autocomplete="off">
      <ul class="layer-list" id="layer-list" aria-live="polite"><li class="muted">Loading layers…</li></ul>
    </section>

    <section class="panel" aria-labelledby="filter-title">
      <h2 id="filter-title">Filter <small>CQL2 text, applied to every selected layer</small></h2>
      <form id="filter-form" class="filter-form" autocomplete="off">
        <textarea id="filter" name="filter" rows="2" spellcheck="false" placeholder="e.g. pop > 1000000 AND name LIKE 'W%'" aria-describedby="filter-hint"></textarea>
        <div class="filter-actions">
          <button type="submit" id="filter-apply">Apply</button>
          <button type="button" id="filter-clear" class="secondary">Clear</button>
          <span class="hint" id="filter-hint"></span>
        </div>
      </form>
      <div class="error" id="error" role="alert" hidden></div>
    </section>

    <section class="panel" aria-labelledby="options-title">
      <h2 id="options-title">Map</h2>
      <div class="option">
        <label for="tms">Tile matrix set</label>
        <select id="tms" aria-describedby="tms-note"><option>WebMercatorQuad</option></select>
      </div>
      <p class="hint" id="tms-note"></p>
      <label class="option toggle" id="cache-toggle" hidden><input type="checkbox" id="cache-overlay"> Outline the cached tiles <span class="legend-line"></span></label>
      <p class="hint" id="cache-note">Checking the cache tables…</p>
    </section>

    <footer class="status" id="status" aria-live="polite">Loading…</footer>
  </aside>
  <main class="map-wrap">
    <div id="map" class="map" role="region" aria-label="Map"></div>
    <div class="map-message" id="map-message" hidden></div>
  </main>
</div>
<noscript><p class="noscript">This page needs JavaScript. The API is described at <a href="api?f=html">api</a>.</p></noscript>
</body>
</html>
`;
}
