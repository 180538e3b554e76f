// The MapLibre style of the viewer: a plain background with a graticule, then one group of
// layers per previewed collection, drawn after its geometry type, each in its own colour.

/** The vector source of the previewed collections (one multi-layer tile). */
export const DATA_SOURCE = 'tilery';
/** The vector source of the cache debug layer. */
export const CACHE_SOURCE = 'tilery-cache';
export const CACHE_LAYERS = ['tilery-cache-outline'];

// Ten colours that stay apart from one another on a light background.
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

export function colourOf(index) {
  return PALETTE[index % PALETTE.length];
}

/** The first style: no data, a background and lines every 30° so that the world can be read. */
export function baseStyle() {
  const lines = [];
  for (let lon = -180; lon <= 180; lon += 30) lines.push([[lon, -85], [lon, 85]]);
  for (let lat = -60; lat <= 60; lat += 30) lines.push([[-180, lat], [180, lat]]);
  return {
    version: 8,
    sources: {
      graticule: {
        type: 'geojson',
        data: { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } },
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f6f8' } },
      { id: 'graticule', type: 'line', source: 'graticule', paint: { 'line-color': '#d5dbe1', 'line-width': 0.6 } },
    ],
  };
}

/** `polygon`, `line`, `point`, or `any` (Geometry, GeometryCollection: drawn all three ways). */
export function geometryKind(geometryType) {
  const t = String(geometryType ?? '').replace(/[ZM]+$/, '').toLowerCase();
  if (t.endsWith('polygon') || t.endsWith('surface')) return 'polygon';
  if (t.endsWith('linestring') || t.endsWith('curve')) return 'line';
  if (t.endsWith('point')) return 'point';
  return 'any';
}

const ofType = (...types) => ['match', ['geometry-type'], types, true, false];
const POLYGONS = ofType('Polygon', 'MultiPolygon');
const LINES = ofType('LineString', 'MultiLineString');
const POINTS = ofType('Point', 'MultiPoint');

/** The MapLibre layers of one collection (`source-layer` is its id, as the tile route names it). */
export function collectionLayers(collection, colour) {
  const kind = geometryKind(collection.geometryType);
  const base = { source: DATA_SOURCE, 'source-layer': collection.id };
  const id = (suffix) => `tilery:${collection.id}:${suffix}`;
  const layers = [];
  if (kind === 'polygon' || kind === 'any') {
    layers.push({
      ...base,
      id: id('fill'),
      type: 'fill',
      filter: POLYGONS,
      paint: { 'fill-color': colour, 'fill-opacity': 0.3 },
    });
    layers.push({
      ...base,
      id: id('outline'),
      type: 'line',
      filter: POLYGONS,
      paint: { 'line-color': colour, 'line-width': 1.2 },
    });
  }
  if (kind === 'line' || kind === 'any') {
    layers.push({
      ...base,
      id: id('line'),
      type: 'line',
      filter: LINES,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': colour, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 1.2, 12, 3] },
    });
  }
  if (kind === 'point' || kind === 'any') {
    layers.push({
      ...base,
      id: id('circle'),
      type: 'circle',
      filter: POINTS,
      paint: {
        'circle-color': colour,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 0, 2.5, 10, 5],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 0.8,
        'circle-opacity': 0.9,
      },
    });
  }
  return layers;
}

/** Outlines of the cached tiles: dashed, one colour per provider. */
export function cacheLayers() {
  return [
    {
      id: CACHE_LAYERS[0],
      type: 'line',
      source: CACHE_SOURCE,
      'source-layer': '_cache',
      paint: {
        'line-color': ['match', ['get', 'provider'], 'bucket', '#0b7285', '#c2255c'],
        'line-width': 1.4,
        'line-dasharray': [3, 2],
      },
    },
  ];
}

/** The union of WGS84 bounds, within what Web Mercator shows; null for none. */
export function unionBounds(collections) {
  if (collections.length === 0) return null;
  const boxes = collections.map((c) => c.extent?.spatial?.bbox?.[0]).filter((b) => Array.isArray(b) && b.length >= 4);
  if (boxes.length === 0) return null;
  const clampLat = (v) => Math.max(-85.0511, Math.min(85.0511, v));
  const clampLon = (v) => Math.max(-180, Math.min(180, v));
  return [
    clampLon(Math.min(...boxes.map((b) => b[0]))),
    clampLat(Math.min(...boxes.map((b) => b[1]))),
    clampLon(Math.max(...boxes.map((b) => b[2]))),
    clampLat(Math.max(...boxes.map((b) => b[3]))),
  ];
}
