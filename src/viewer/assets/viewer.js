// The layer viewer: reads the collections and tile matrix sets from tilery, previews any set of
// collections as one multi-layer vector tile source with a CQL2 filter, shows the attributes of
// a clicked feature, and outlines the cached tiles. `document.body.dataset.state` tells tests
// (and anyone) where it is: loading → idle, or error; `window.tileryMap` is the MapLibre map.

import {
  cacheOverlayStatus,
  cacheTileUrlTemplate,
  checkFilter,
  layerDetail,
  listCollections,
  listTileMatrixSets,
  tileError,
  tileUrlTemplate,
  transformRequest,
} from './api.js';
import { baseStyle, CACHE_LAYERS, CACHE_SOURCE, cacheLayers, collectionLayers, colourOf, DATA_SOURCE, geometryKind, unionBounds } from './map-style.js';
import { popupContent } from './popup.js';
import { el, renderLayerList, renderTmsList, tilesetHref } from './sidebar.js';

const maplibregl = window.maplibregl;
const $ = (id) => document.getElementById(id);

const view = {
  /** The collections of /collections, in its order (their colour is their rank). */
  collections: [],
  rank: new Map(),
  /** id → promise of the layer document (properties with types), read once. */
  details: new Map(),
  /** id → layer document, once read. */
  detailValues: new Map(),
  /** Previewed collection ids, in list order. */
  selected: [],
  /** The filter the map shows (the text box may hold an edit not applied yet). */
  filter: '',
  overlay: { available: false, on: false, checkedAt: 0 },
  /** Bumped by every change of what the map shows; late answers of an older one are dropped. */
  revision: 0,
  /** The current revision failed (filter rejected, tiles refused): the map shows the message. */
  failed: false,
  /** Data tiles were loaded since the cache outlines were last read. */
  overlayStale: false,
};

function setState(state) {
  document.body.dataset.state = state;
}

// ---------------------------------------------------------------------------------------------
// Map

const map = new maplibregl.Map({
  container: 'map',
  style: baseStyle(),
  center: [0, 20],
  zoom: 1,
  dragRotate: false,
  pitchWithRotate: false,
  attributionControl: { compact: true, customAttribution: 'Tiles by tilery' },
  transformRequest,
});
map.touchZoomRotate.disableRotation();
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
window.tileryMap = map;

const mapLoaded = new Promise((resolve) => map.once('load', resolve));

function dataLayerIds() {
  return (map.getStyle()?.layers ?? []).filter((l) => l.source === DATA_SOURCE).map((l) => l.id);
}

function removeData() {
  for (const id of dataLayerIds()) map.removeLayer(id);
  if (map.getSource(DATA_SOURCE)) map.removeSource(DATA_SOURCE);
}

const KIND_ORDER = { polygon: 0, any: 1, line: 2, point: 3 };

function addData(ids, filter) {
  const collections = ids.map((id) => view.collections[view.rank.get(id)]);
  const bounds = unionBounds(collections);
  map.addSource(DATA_SOURCE, {
    type: 'vector',
    tiles: [tileUrlTemplate(ids, filter)],
    minzoom: Math.min(...collections.map((c) => c.minzoom ?? 0)),
    maxzoom: Math.min(22, Math.max(...collections.map((c) => c.maxzoom ?? 22))),
    ...(bounds && { bounds }),
    attribution: 'tilery',
  });
  // surfaces under lines under points, whatever the order of the boxes
  const ordered = [...collections].sort((a, b) => KIND_ORDER[geometryKind(a.geometryType)] - KIND_ORDER[geometryKind(b.geometryType)]);
  const before = map.getLayer(CACHE_LAYERS[0]) ? CACHE_LAYERS[0] : undefined;
  for (const c of ordered) for (const layer of collectionLayers(c, colourOf(view.rank.get(c.id)))) map.addLayer(layer, before);
}

function fitTo(ids) {
  const bounds = unionBounds(ids.map((id) => view.collections[view.rank.get(id)]));
  if (!bounds) return;
  const minzoom = Math.max(...ids.map((id) => view.collections[view.rank.get(id)].minzoom ?? 0));
  const camera = map.cameraForBounds(bounds, { padding: 40, maxZoom: 14 });
  if (!camera) return;
  map.jumpTo({ ...camera, zoom: Math.max(camera.zoom, Math.min(minzoom, 14)) });
}

function minZoomOf(ids) {
  return Math.min(...ids.map((id) => view.collections[view.rank.get(id)].minzoom ?? 0));
}

/** Show what `view` says: the selected collections with the applied filter. */
async function update({ fit = false } = {}) {
  const revision = ++view.revision;
  const ids = [...view.selected];
  const filter = view.filter;
  view.failed = false;
  setState('loading');
  hideError();
  refreshSidebar();
  await mapLoaded;
  if (ids.length && filter) {
    try {
      await checkFilter(ids, filter, minZoomOf(ids));
    } catch (err) {
      if (revision !== view.revision) return;
      removeData();
      fail(err, filter);
      return;
    }
  }
  if (revision !== view.revision) return;
  removeData();
  if (ids.length) {
    addData(ids, filter);
    if (fit) fitTo(ids);
  }
  updateOverlaySource();
  showMapMessage(ids.length ? null : 'Tick one or more layers to preview them; click a feature for its attributes.');
  settle(revision);
}

/** `idle` once the map has drawn this revision with all its tiles. */
function settle(revision) {
  map.once('idle', () => {
    if (revision !== view.revision) return;
    if (!view.failed) setState('idle');
    updateStatus();
    maybeRecheckOverlay();
  });
  map.triggerRepaint();
}

function fail(err, filter) {
  view.failed = true;
  showError(err, filter);
  showMapMessage(`tilery refused the tiles: ${err.message}`);
  setState('error');
  updateStatus();
}

// A tile refused by tilery (e.g. a filter a database type rejects): read the error body once.
map.on('error', async (e) => {
  const status = e.error?.status;
  if (e.sourceId !== DATA_SOURCE || !status) {
    if (e.sourceId !== CACHE_SOURCE) console.warn('map:', e.error?.message ?? e);
    return;
  }
  if (view.failed) return;
  const revision = view.revision;
  view.failed = true;
  const err = (await tileError(e.error.url)) ?? new Error(`HTTP ${status} for a tile`);
  if (revision !== view.revision) return;
  removeData();
  fail(err, view.filter);
});

// ---------------------------------------------------------------------------------------------
// Feature attributes

// One popup a click: a popup reused while open would close itself on the click that moves it.
let popup = null;

function openPopup(lngLat, content) {
  popup?.remove();
  const opened = new maplibregl.Popup({ maxWidth: '360px', className: 'tilery-popup', focusAfterOpen: false });
  opened.on('close', () => {
    if (popup === opened) document.body.dataset.popup = 'closed';
  });
  popup = opened.setLngLat(lngLat).setDOMContent(content).addTo(map);
  document.body.dataset.popup = 'open';
}

function describe(id) {
  const c = view.collections[view.rank.get(id)];
  const detail = view.detailValues.get(id);
  return { title: c?.title ?? id, properties: detail?.properties?.map((p) => p.name) };
}

function interactiveLayers() {
  return [...dataLayerIds(), ...(view.overlay.on ? CACHE_LAYERS.filter((l) => map.getLayer(l)) : [])];
}

function featuresAround(point) {
  const layers = interactiveLayers();
  if (!layers.length) return [];
  return map.queryRenderedFeatures(
    [
      [point.x - 4, point.y - 4],
      [point.x + 4, point.y + 4],
    ],
    { layers },
  );
}

map.on('click', (e) => {
  const features = featuresAround(e.point);
  if (!features.length) {
    popup?.remove();
    return;
  }
  openPopup(e.lngLat, popupContent(features, describe));
});

map.on('mousemove', (e) => {
  map.getCanvas().style.cursor = featuresAround(e.point).length ? 'pointer' : '';
});

// ---------------------------------------------------------------------------------------------
// Cache overlay

/**
 * Shows (again) or hides the outlines. Shown again means read again: tiles were cached or retired
 * since. A new source rather than `setTiles`, which makes MapLibre abort and repeat requests.
 */
function updateOverlaySource() {
  view.overlayStale = false;
  for (const id of CACHE_LAYERS) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(CACHE_SOURCE)) map.removeSource(CACHE_SOURCE);
  if (!view.overlay.on) return;
  map.addSource(CACHE_SOURCE, { type: 'vector', tiles: [cacheTileUrlTemplate(view.selected)], minzoom: 0, maxzoom: 22 });
  for (const layer of cacheLayers()) map.addLayer(layer);
}

// Tiles are stored in the background after they are served: read the outlines a moment after
// the data tiles came.
let overlayTimer = 0;
map.on('sourcedata', (e) => {
  if (e.sourceId === DATA_SOURCE && e.tile) view.overlayStale = true;
});
map.on('idle', () => {
  if (!view.overlay.on || !view.overlayStale) return;
  clearTimeout(overlayTimer);
  overlayTimer = setTimeout(() => {
    // still reading the outlines (the map moved meanwhile): the next idle comes back here
    if (view.overlay.on && map.getSource(CACHE_SOURCE) && map.isSourceLoaded(CACHE_SOURCE)) updateOverlaySource();
  }, 400);
});

async function checkOverlay() {
  view.overlay.checkedAt = Date.now();
  let status;
  try {
    status = await cacheOverlayStatus();
  } catch (err) {
    status = { available: false, reason: `The cache overlay cannot be checked: ${err.message}` };
  }
  view.overlay.available = status.available;
  $('cache-toggle').hidden = !status.available;
  $('cache-note').textContent = status.available
    ? 'Tiles of every zoom holding the selection: pink in PostGIS, teal in the bucket.'
    : status.reason;
}

/** The cache tables appear when the first tile is stored: look again after tiles came (at most every 1.5 s). */
let recheckTimer = 0;
function maybeRecheckOverlay() {
  if (view.overlay.available || recheckTimer) return;
  const wait = Math.max(300, 1500 - (Date.now() - view.overlay.checkedAt));
  recheckTimer = setTimeout(() => {
    recheckTimer = 0;
    checkOverlay();
  }, wait);
}

$('cache-overlay').addEventListener('change', (e) => {
  view.overlay.on = e.target.checked;
  document.body.dataset.cacheOverlay = view.overlay.on ? 'on' : 'off';
  updateOverlaySource();
  const revision = view.revision;
  if (!view.failed) setState('loading');
  settle(revision);
});

// ---------------------------------------------------------------------------------------------
// Sidebar

function loadDetail(id) {
  let pending = view.details.get(id);
  if (!pending) {
    pending = layerDetail(id).then((d) => {
      view.detailValues.set(id, d);
      return d;
    });
    pending.catch(() => view.details.delete(id));
    view.details.set(id, pending);
  }
  return pending;
}

function onToggle(id, checked) {
  const chosen = new Set(view.selected);
  if (checked) chosen.add(id);
  else chosen.delete(id);
  view.selected = view.collections.map((c) => c.id).filter((c) => chosen.has(c));
  document.body.dataset.layers = view.selected.join(',');
  for (const s of view.selected) loadDetail(s).then(refreshFilterHint, () => {});
  update({ fit: checked });
}

function refreshSidebar() {
  $('clear-selection').disabled = view.selected.length === 0;
  for (const a of document.querySelectorAll('.tms-link')) a.href = tilesetHref(a.dataset.tmsId, view.selected);
  refreshFilterHint();
}

/** The properties every selected collection has: what a filter may name. */
function refreshFilterHint() {
  const hint = $('filter-hint');
  hint.replaceChildren();
  if (!view.selected.length) {
    hint.textContent = 'Select a layer to filter it.';
    return;
  }
  const lists = view.selected.map((id) => view.detailValues.get(id)?.properties?.map((p) => p.name));
  if (lists.some((l) => !l)) return;
  const common = lists.reduce((acc, l) => acc.filter((n) => l.includes(n)));
  if (!common.length) {
    hint.textContent = 'The selected layers share no property.';
    return;
  }
  hint.append('Properties: ');
  common.slice(0, 12).forEach((name, i) => {
    if (i) hint.append(' ');
    const button = el('button', { type: 'button', className: 'chip', title: 'Insert into the filter' }, name);
    button.addEventListener('click', () => insertIntoFilter(name));
    hint.append(button);
  });
}

function insertIntoFilter(name) {
  const box = $('filter');
  const quoted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
  const at = box.selectionStart ?? box.value.length;
  box.value = `${box.value.slice(0, at)}${quoted}${box.value.slice(box.selectionEnd ?? at)}`;
  box.focus();
  box.selectionStart = box.selectionEnd = at + quoted.length;
}

function hideError() {
  $('error').hidden = true;
  $('error').replaceChildren();
  $('filter').removeAttribute('aria-invalid');
  delete document.body.dataset.error;
}

/** tilery's message; for a CQL2 error, the filter with a mark under the position. */
function showError(err, filter) {
  const box = $('error');
  const body = err.body ?? {};
  box.replaceChildren(el('strong', {}, err.status ? `${err.status} ${body.code ?? 'error'}` : 'Error'), el('p', { className: 'error-message' }, err.message));
  if (body.parameter === 'filter') {
    $('filter').setAttribute('aria-invalid', 'true');
    if (Number.isInteger(body.position) && filter) {
      const line = filter.replace(/\s/g, ' ');
      box.append(el('pre', { className: 'error-position' }, `${line}\n${' '.repeat(Math.min(body.position, line.length))}^`));
    }
  }
  box.hidden = false;
  document.body.dataset.error = err.message;
}

function showMapMessage(text) {
  const box = $('map-message');
  box.hidden = !text;
  box.textContent = text ?? '';
}

function updateStatus() {
  const n = view.selected.length;
  const what = n === 0 ? 'No layer shown' : `${n} layer${n > 1 ? 's' : ''} shown`;
  const filter = view.filter && n ? ' · filtered' : '';
  $('status').textContent = `${what}${filter} · zoom ${map.getZoom().toFixed(1)} · WebMercatorQuad`;
}
map.on('moveend', updateStatus);

$('filter-form').addEventListener('submit', (e) => {
  e.preventDefault();
  view.filter = $('filter').value.trim();
  update();
});
$('filter').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    $('filter-form').requestSubmit();
  }
});
$('filter-clear').addEventListener('click', () => {
  $('filter').value = '';
  if (view.filter === '' && !view.failed) return;
  view.filter = '';
  update();
});
$('clear-selection').addEventListener('click', () => {
  for (const box of document.querySelectorAll('.layer-check')) box.checked = false;
  view.selected = [];
  document.body.dataset.layers = '';
  update();
});
$('layer-search').addEventListener('input', (e) => {
  const q = e.target.value.trim().toLowerCase();
  for (const item of document.querySelectorAll('#layer-list .layer')) {
    item.hidden = q !== '' && !item.textContent.toLowerCase().includes(q);
  }
});

// ---------------------------------------------------------------------------------------------
// Start

async function start() {
  try {
    const [collections, sets] = await Promise.all([listCollections(), listTileMatrixSets(), checkOverlay()]);
    view.collections = collections;
    view.rank = new Map(collections.map((c, i) => [c.id, i]));
    $('layer-count').textContent = `(${collections.length})`;
    renderLayerList($('layer-list'), collections, { colourOf, onToggle, loadDetail });
    renderTmsList($('tms'), $('tms-note'), sets);
  } catch (err) {
    $('layer-list').replaceChildren(el('li', { className: 'error-text' }, `Could not read the layers: ${err.message}`));
    fail(err, '');
    return;
  }
  await update();
}

start();
