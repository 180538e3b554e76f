// The sidebar's lists: collections with their metadata, and tile matrix sets. Everything from
// the database is set as text, never parsed as HTML.

import { geometryKind } from './map-style.js';

/** A DOM element: properties (`className`, `type`…, `dataset` and `style` as objects), then children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset' || key === 'style') Object.assign(node[key], value);
    else node[key] = value;
  }
  for (const child of children) if (child !== null && child !== undefined && child !== '') node.append(child);
  return node;
}

/** `EPSG:4326` from a storage CRS URI. */
export function sridOf(collection) {
  const m = /\/EPSG\/0\/(\d+)$/.exec(collection.storageCrs ?? '');
  return m ? Number(m[1]) : null;
}

const round = (v) => Number(v.toFixed(4));

function boundsText(bounds) {
  return Array.isArray(bounds) ? bounds.map(round).join(', ') : '—';
}

/**
 * The list of collections. `onToggle(id, checked)` runs when a box changes; `loadDetail(id)`
 * returns the promise of the layer document (shared with the rest of the page).
 */
export function renderLayerList(list, collections, { colourOf, onToggle, loadDetail }) {
  list.replaceChildren();
  if (collections.length === 0) {
    list.append(el('li', { className: 'muted' }, 'No layer is published: tilery lists the tables and views with a typed geometry column that its database role may read.'));
    return;
  }
  collections.forEach((c, index) => {
    const kind = geometryKind(c.geometryType);
    const checkbox = el('input', { type: 'checkbox', className: 'layer-check', value: c.id, id: `layer-${index}` });
    checkbox.addEventListener('change', () => onToggle(c.id, checkbox.checked));
    const srid = sridOf(c);
    const body = el('div', { className: 'detail-body' }, el('p', { className: 'muted' }, 'Loading…'));
    const details = el('details', { className: 'layer-details' }, el('summary', {}, 'Properties, bounds, zooms'), body);
    details.addEventListener('toggle', () => {
      if (details.open && !details.dataset.loaded) {
        details.dataset.loaded = 'true';
        loadDetail(c.id).then(
          (d) => body.replaceChildren(...detailNodes(c, d)),
          (err) => body.replaceChildren(el('p', { className: 'error-text' }, `Could not read the layer: ${err.message}`)),
        );
      }
    });
    const item = el(
      'li',
      { className: 'layer', dataset: { collectionId: c.id } },
      el(
        'label',
        { className: 'layer-head', htmlFor: checkbox.id },
        checkbox,
        el('span', { className: `swatch swatch-${kind}`, ariaHidden: 'true' }),
        el('span', { className: 'layer-title' }, c.title ?? c.id),
        el('span', { className: 'badge', title: 'Geometry type' }, c.geometryType ?? (c.layerType === 'function' ? 'function' : '?')),
      ),
      el('div', { className: 'layer-meta' }, el('code', {}, c.id), srid ? ` · EPSG:${srid}` : '', ` · z${c.minzoom ?? 0}–${c.maxzoom ?? 22}`),
      c.description ? el('p', { className: 'layer-desc' }, c.description) : '',
      details,
    );
    // a CSS custom property is set through setProperty (CSSOM: allowed by the page's CSP)
    item.querySelector('.swatch').style.setProperty('--colour', colourOf(index));
    list.append(item);
  });
}

/** The layer document as definition list and property table. */
function detailNodes(c, d) {
  const dl = el('dl', { className: 'meta' });
  const row = (term, value) => dl.append(el('dt', {}, term), el('dd', {}, value));
  if (d.type === 'function') {
    // a function layer: its tiles come from the function, given the query parameters as JSON
    const args = (d.arguments ?? []).map((a) => `${a.name} ${a.type}${a.default ? ` = ${a.default}` : ''}`);
    row('Function', `${c.id}(z, x, y${args.length ? `, ${args.join(', ')}` : ''})`);
    row('Zooms', `${d.minzoom ?? c.minzoom}–${d.maxzoom ?? c.maxzoom}`);
    return [dl];
  }
  row('Geometry', `${d.geometrytype ?? c.geometryType} in column ${d.geometrycolumn ?? '?'}`);
  row('SRID', String(d.srid ?? sridOf(c) ?? '?'));
  row('Bounds', boundsText(d.bounds ?? c.extent?.spatial?.bbox?.[0]));
  row('Zooms', `${d.minzoom ?? c.minzoom}–${d.maxzoom ?? c.maxzoom}`);
  row('Feature id', d.idcolumn ?? 'none (no integer primary key)');
  const properties = d.properties ?? [];
  const table = el(
    'table',
    { className: 'properties' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Property'), el('th', {}, 'Type'), el('th', {}, 'Description'))),
    el(
      'tbody',
      {},
      ...properties.map((p) => el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, p.type), el('td', {}, p.description || ''))),
    ),
  );
  return [dl, properties.length ? table : el('p', { className: 'muted' }, 'No attribute column.')];
}

/**
 * The tile matrix sets. MapLibre GL JS draws Web Mercator tiles only: the others are listed but
 * disabled, and the note links the tileset of the selection in each (for OpenLayers, QGIS, GDAL).
 */
export function renderTmsList(select, note, sets) {
  select.replaceChildren(
    ...sets.map((t) => {
      const usable = t.id === DRAWN_TMS;
      return el('option', { value: t.id, disabled: !usable, selected: usable, title: t.title ?? '' }, usable ? t.id : `${t.id} (not drawable)`);
    }),
  );
  const links = [DRAWN_TMS, ...sets.map((t) => t.id).filter((id) => id !== DRAWN_TMS)].map((id) =>
    el('a', { className: 'tms-link', href: tilesetHref(id, []), dataset: { tmsId: id } }, id),
  );
  note.replaceChildren('MapLibre draws WebMercatorQuad only; the other sets are for clients such as OpenLayers or QGIS. Tilesets: ');
  links.forEach((a, i) => note.append(...(i ? [', ', a] : [a])));
  note.append('.');
}

/** The one tile matrix set MapLibre GL JS draws. */
export const DRAWN_TMS = 'WebMercatorQuad';

/** The TileSet metadata page of the selected collections in a tile matrix set. */
export function tilesetHref(tmsId, ids) {
  const collections = ids.length ? `collections=${ids.map((id) => encodeURIComponent(id)).join(',')}&` : '';
  return `tiles/${encodeURIComponent(tmsId)}?${collections}f=html`;
}
