// The attributes of the features under a click, built as DOM nodes (never as HTML text: the
// values are the database's).

import { el } from './sidebar.js';

const MAX_FEATURES = 5;

function formatValue(value) {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  return String(value);
}

/** Features of the same collection and id are drawn by several layers (fill and outline): once each. */
function distinct(features) {
  const seen = new Set();
  return features.filter((f) => {
    const key = `${f.source}\u0000${f.sourceLayer}\u0000${f.id ?? JSON.stringify(f.properties)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function attributeTable(entries) {
  const table = el('table', { className: 'attributes' });
  for (const [name, value] of entries) {
    table.append(el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, formatValue(value))));
  }
  return table;
}

/**
 * The popup content of `features` (MapLibre rendered features); `describe(sourceLayer)` gives a
 * collection's title and its property names in order, when known.
 */
export function popupContent(features, describe) {
  const list = distinct(features);
  const root = el('div', { className: 'popup' });
  for (const f of list.slice(0, MAX_FEATURES)) {
    const section = el('section', { className: 'popup-feature' });
    if (f.sourceLayer === '_cache') {
      const p = f.properties;
      section.append(el('h3', {}, 'Cached tile'));
      section.append(attributeTable(Object.entries(p)));
    } else {
      const info = describe(f.sourceLayer);
      section.dataset.collectionId = f.sourceLayer;
      if (f.id !== undefined) section.dataset.featureId = String(f.id);
      section.append(el('h3', {}, info.title, f.id !== undefined ? el('span', { className: 'muted' }, ` #${f.id}`) : ''));
      const names = info.properties ?? Object.keys(f.properties);
      const entries = names.filter((n) => n in f.properties).map((n) => [n, f.properties[n]]);
      // properties the layer document did not list (or not loaded yet) come last
      for (const [n, v] of Object.entries(f.properties)) if (!names.includes(n)) entries.push([n, v]);
      section.append(entries.length ? attributeTable(entries) : el('p', { className: 'muted' }, 'No attributes.'));
    }
    root.append(section);
  }
  if (list.length > MAX_FEATURES) root.append(el('p', { className: 'muted' }, `…and ${list.length - MAX_FEATURES} more here.`));
  return root;
}
