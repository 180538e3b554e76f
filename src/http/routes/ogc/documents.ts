import { freshnessOf, isFunctionLayer, propertiesOf, type Collection } from '../../../catalog/index.ts';
import { jsonSchemaOf, vectorFieldType } from '../../../engine/index.ts';
import type { TileMatrixLimits, TileMatrixSet } from '../../../tms/index.ts';
import { HTML_TYPE, JSON_TYPE, path, REL, selfLinks, TILEJSON_TYPE, type Link } from '../../links.ts';
import { MVT_MEDIA_TYPE } from '../../reply.ts';
import { vectorTilesLink } from '../vector-tiles-link.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** Conformance classes tilery implements (and only those). */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/landing-page',
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/json',
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/collections-selection',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/datetime',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt',
  'http://www.opengis.net/spec/tms/2.0/conf/tilematrixset',
  'http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset',
  'http://www.opengis.net/spec/tms/2.0/conf/tilematrixsetlimits',
  'http://www.opengis.net/spec/tms/2.0/conf/tilesetmetadata',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  ...[
    'cql2-text',
    'cql2-json',
    'basic-cql2',
    'advanced-comparison-operators',
    'case-insensitive-comparison',
    'accent-insensitive-comparison',
    'basic-spatial-functions',
    'basic-spatial-functions-plus',
    'spatial-functions',
    'temporal-functions',
    'array-functions',
    'property-property',
    'arithmetic',
  ].map((c) => `http://www.opengis.net/spec/cql2/1.0/conf/${c}`),
];

/** Geometry dimension of a declared PostGIS type: 0 points, 1 lines, 2 surfaces. */
function geometryDimension(type: string): number | undefined {
  const t = type.replace(/[ZM]+$/, '').toLowerCase();
  if (t.endsWith('point')) return 0;
  if (t.endsWith('linestring') || t.endsWith('curve')) return 1;
  if (t.endsWith('polygon') || t.endsWith('surface')) return 2;
  return undefined;
}

/** The `format` of a geometry queryable (OGC API – Features, part 5). */
function geometryFormat(type: string): string {
  const t = type.replace(/[ZM]+$/, '').toLowerCase();
  const known = ['point', 'multipoint', 'linestring', 'multilinestring', 'polygon', 'multipolygon', 'geometrycollection'];
  return known.includes(t) ? `geometry-${t}` : 'geometry-any';
}

function propertiesSchema(c: Collection): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(
      propertiesOf(c).map((p) => [p.name, { ...jsonSchemaOf(p.type), ...(p.description && { description: p.description }) }]),
    ),
  };
}

function boundingBox(c: { bounds: readonly number[] }): Record<string, unknown> {
  return { lowerLeft: [c.bounds[0], c.bounds[1]], upperRight: [c.bounds[2], c.bounds[3]], crs: CRS84 };
}

export function collectionDoc(c: Collection, base: string, untrackedMaxAgeS: number): Record<string, unknown> {
  const self = path('collections', c.id);
  // a function layer has nothing to query or filter, no stored CRS or declared geometry type
  const fn = isFunctionLayer(c);
  const links: Array<Link | Record<string, unknown>> = [
    ...selfLinks(base, self, c.name),
    { href: `${base}${self}/tiles`, rel: REL.tilesetsVector, type: JSON_TYPE, title: 'Vector tilesets' },
    ...(fn ? [] : [{ href: `${base}${self}/queryables`, rel: REL.queryables, type: 'application/schema+json', title: 'Queryables' }]),
    { ...vectorTilesLink(c), rel: 'tiles', type: MVT_MEDIA_TYPE, templated: true },
  ];
  return {
    id: c.id,
    title: c.name,
    description: c.description,
    dataType: 'vector',
    ...(fn && { layerType: 'function' }),
    extent: { spatial: { bbox: [c.bounds], crs: CRS84 } },
    crs: [CRS84],
    ...(!fn && { storageCrs: `http://www.opengis.net/def/crs/EPSG/0/${c.srid}`, geometryType: c.geometryType }),
    minzoom: c.minzoom,
    maxzoom: c.maxzoom,
    ...freshnessOf(c, untrackedMaxAgeS),
    links,
  };
}

export function queryablesDoc(c: Collection, base: string): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}${path('collections', c.id, 'queryables')}`,
    type: 'object',
    title: c.name,
    description: c.description,
    properties: {
      // a function layer has no geometry column nor properties to filter on
      ...(!isFunctionLayer(c) && {
        [c.geometryColumn]: {
          title: 'Geometry',
          format: geometryFormat(c.geometryType),
          'x-ogc-role': 'primary-geometry',
        },
      }),
      ...Object.fromEntries(
        propertiesOf(c).map((p) => [p.name, { title: p.name, ...(p.description && { description: p.description }), ...jsonSchemaOf(p.type) }]),
      ),
    },
    additionalProperties: false,
  };
}

/** Where a tileset lives: a collection's, or the dataset's (with its `collections` selection). */
export interface TilesetPlace {
  /** Path of the tilesets list: `/collections/{id}/tiles` or `/tiles`. */
  readonly listPath: string;
  /** Query string to keep on links (`collections=…`), without `?`; empty for none. */
  readonly query: string;
}

function withQuery(href: string, query: string, extra = ''): string {
  const q = [query, extra].filter(Boolean).join('&');
  return q ? `${href}?${q}` : href;
}

/** An entry of a tilesets list. */
export function tilesetSummary(tms: TileMatrixSet, base: string, place: TilesetPlace, title: string): Record<string, unknown> {
  const href = `${base}${place.listPath}/${encodeURIComponent(tms.id)}`;
  return {
    title: `${title} (${tms.id})`,
    dataType: 'vector',
    crs: tms.crs,
    ...(tms.uri && { tileMatrixSetURI: tms.uri }),
    links: [
      { href: withQuery(href, place.query), rel: 'self', type: JSON_TYPE, title: `${title} tileset in ${tms.id}` },
      { href: `${base}${path('tileMatrixSets', tms.id)}`, rel: REL.tilingScheme, type: JSON_TYPE, title: tms.title },
    ],
  };
}

export interface TilesetInput {
  base: string;
  tms: TileMatrixSet;
  place: TilesetPlace;
  title: string;
  description: string;
  collections: readonly Collection[];
  limits: readonly TileMatrixLimits[];
  version: string;
}

/** OGC TileSet metadata (TMS 2.0 tilesetmetadata) of some collections in one TMS. */
export function tilesetDoc(t: TilesetInput): Record<string, unknown> {
  const self = `${t.base}${t.place.listPath}/${encodeURIComponent(t.tms.id)}`;
  const bounds = unionBounds(t.collections);
  const minzoom = Math.min(...t.collections.map((c) => c.minzoom));
  const maxzoom = Math.min(Math.max(...t.collections.map((c) => c.maxzoom)), t.tms.tileMatrices.length - 1);
  const centerZoom = Math.max(minzoom, Math.min(maxzoom, Math.min(...t.collections.map((c) => c.center[2]))));
  return {
    title: t.title,
    description: t.description,
    dataType: 'vector',
    crs: t.tms.crs,
    ...(t.tms.uri && { tileMatrixSetURI: t.tms.uri }),
    version: t.version,
    links: [
      { href: withQuery(self, t.place.query), rel: 'self', type: JSON_TYPE, title: 'This tileset' },
      { href: withQuery(self, t.place.query, 'f=html'), rel: 'alternate', type: HTML_TYPE, title: 'This tileset (HTML)' },
      ...(t.tms.id === 'WebMercatorQuad'
        ? [{ href: withQuery(self, t.place.query, 'f=tilejson'), rel: 'alternate', type: TILEJSON_TYPE, title: 'TileJSON' }]
        : []),
      { href: `${t.base}${path('tileMatrixSets', t.tms.id)}`, rel: REL.tilingScheme, type: JSON_TYPE, title: t.tms.title },
      {
        href: withQuery(`${self}/{tileMatrix}/{tileRow}/{tileCol}`, t.place.query),
        rel: 'item',
        type: MVT_MEDIA_TYPE,
        title: 'Vector tiles',
        templated: true,
      },
    ],
    tileMatrixSetLimits: t.limits,
    boundingBox: boundingBox({ bounds }),
    centerPoint: { coordinates: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2], tileMatrix: t.tms.tileMatrices[centerZoom]?.id, crs: CRS84 },
    layers: t.collections.map((c) => ({
      id: c.id,
      title: c.name,
      description: c.description,
      dataType: 'vector',
      ...(!isFunctionLayer(c) && geometryDimension(c.geometryType) !== undefined && { geometryDimension: geometryDimension(c.geometryType) }),
      featureType: c.name,
      crs: t.tms.crs,
      minTileMatrix: t.tms.tileMatrices[Math.min(c.minzoom, t.tms.tileMatrices.length - 1)].id,
      maxTileMatrix: t.tms.tileMatrices[Math.min(c.maxzoom, t.tms.tileMatrices.length - 1)].id,
      boundingBox: boundingBox(c),
      propertiesSchema: propertiesSchema(c),
      links: [{ href: `${t.base}${path('collections', c.id)}`, rel: 'collection', type: JSON_TYPE, title: c.name }],
    })),
  };
}

/** TileJSON 3.0.0 of a Web Mercator tileset (MapLibre, Leaflet plugins and others read it). */
export function tileJson(t: TilesetInput): Record<string, unknown> {
  const self = `${t.base}${t.place.listPath}/${encodeURIComponent(t.tms.id)}`;
  const bounds = unionBounds(t.collections);
  const minzoom = Math.min(...t.collections.map((c) => c.minzoom));
  const maxzoom = Math.max(...t.collections.map((c) => c.maxzoom));
  return {
    tilejson: '3.0.0',
    name: t.title,
    description: t.description,
    version: '1.0.0',
    scheme: 'xyz',
    tiles: [withQuery(`${self}/{z}/{y}/{x}`, t.place.query)],
    minzoom,
    maxzoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(minzoom, Math.min(...t.collections.map((c) => c.center[2])))],
    vector_layers: t.collections.map((c) => ({
      id: c.id,
      description: c.description,
      minzoom: c.minzoom,
      maxzoom: c.maxzoom,
      fields: Object.fromEntries(propertiesOf(c).map((p) => [p.name, vectorFieldType(p.type)])),
    })),
    'x-data-version': t.version,
  };
}

function unionBounds(collections: readonly Collection[]): [number, number, number, number] {
  return [
    Math.min(...collections.map((c) => c.bounds[0])),
    Math.min(...collections.map((c) => c.bounds[1])),
    Math.max(...collections.map((c) => c.bounds[2])),
    Math.max(...collections.map((c) => c.bounds[3])),
  ];
}
