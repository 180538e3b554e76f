// OpenLayers bundled for a test page: esbuild turns the `ol` package into one IIFE script
// that puts what the pages need on `window.ol`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const ENTRY = `
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import OGCVectorTile from 'ol/source/OGCVectorTile.js';
import MVT from 'ol/format/MVT.js';
import TileGrid from 'ol/tilegrid/TileGrid.js';
import { createXYZ } from 'ol/tilegrid.js';
import { get, fromLonLat, toLonLat, transform, transformExtent } from 'ol/proj.js';
import Style from 'ol/style/Style.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';

window.ol = {
  Map,
  View,
  layer: { VectorTile: VectorTileLayer },
  source: { VectorTile: VectorTileSource, OGCVectorTile },
  format: { MVT },
  tilegrid: { TileGrid, createXYZ },
  proj: { get, fromLonLat, toLonLat, transform, transformExtent },
  style: { Style, Circle: CircleStyle, Fill, Stroke },
};
`;

let cached: Promise<string> | undefined;

/**
 * The script (served as text/javascript) defining `window.ol` with: Map, View,
 * layer.VectorTile, source.VectorTile, source.OGCVectorTile, format.MVT,
 * tilegrid.{TileGrid,createXYZ}, proj.{get,fromLonLat,toLonLat,transform,transformExtent},
 * style.{Style,Circle,Fill,Stroke}. EPSG:4326 and EPSG:3857 need no proj4.
 * Built once per process (about 1 s).
 */
export function bundleOpenLayers(): Promise<string> {
  cached ??= build({
    stdin: { contents: ENTRY, resolveDir: repoRoot, sourcefile: 'ol-test-entry.js', loader: 'js' },
    bundle: true,
    format: 'iife',
    write: false,
    minify: false,
    logLevel: 'silent',
  }).then((result) => {
    const out = result.outputFiles[0];
    if (!out) throw new Error('esbuild produced no output for the OpenLayers bundle');
    return out.text;
  });
  // A failed build is not cached, so that the next caller sees the error again.
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
