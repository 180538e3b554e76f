/** An OGC API link. */
export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
  templated?: boolean;
}

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html';
export const TILEJSON_TYPE = 'application/vnd.mapbox.tile+json';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

/** Relation types of OGC API – Tiles (http://www.opengis.net/def/rel/ogc/1.0/…). */
export const REL = {
  conformance: 'http://www.opengis.net/def/rel/ogc/1.0/conformance',
  data: 'http://www.opengis.net/def/rel/ogc/1.0/data',
  tilingSchemes: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes',
  tilingScheme: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme',
  tilesetsVector: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector',
  queryables: 'http://www.opengis.net/def/rel/iana/1.0/queryables',
  geodataRoot: 'http://www.opengis.net/def/rel/ogc/1.0/geodata',
} as const;

/** Path segments joined and each one URL-encoded. */
export function path(...segments: string[]): string {
  return '/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

/** The self link in JSON plus its HTML alternate (and the reverse on HTML pages). */
export function selfLinks(base: string, p: string, title: string): Link[] {
  return [
    { href: `${base}${p}`, rel: 'self', type: JSON_TYPE, title },
    { href: `${base}${p}?f=html`, rel: 'alternate', type: HTML_TYPE, title: `${title} (HTML)` },
  ];
}
