// The built-in tile matrix sets as the OGC publishes them (OGC Two Dimensional Tile Matrix Set
// 2.0, annex D; registry documents registry/json/WebMercatorQuad.json and WorldCRS84Quad.json of
// github.com/opengeospatial/2D-Tile-Matrix-Set), copied from the published tables: the
// numbers are printed there rounded to 15 significant digits, the origin to 7 decimals.

/** One published matrix level: [scaleDenominator, cellSize]. */
type Level = readonly [number, number];

export interface PublishedTms {
  readonly id: string;
  readonly title: string;
  readonly uri: string;
  readonly crs: string;
  readonly orderedAxes: readonly [string, string];
  readonly wellKnownScaleSet: string;
  /** Top-left corner, in the CRS's axis order; the same at every level. */
  readonly pointOfOrigin: readonly [number, number];
  /** Matrix width and height at level 0 (each level doubles both). */
  readonly matrixSize0: readonly [number, number];
  readonly levels: readonly Level[];
}

export const PUBLISHED_WEB_MERCATOR_QUAD: PublishedTms = {
  id: 'WebMercatorQuad',
  title: 'Google Maps Compatible for the World',
  uri: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad',
  crs: 'http://www.opengis.net/def/crs/EPSG/0/3857',
  orderedAxes: ['X', 'Y'],
  wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
  pointOfOrigin: [-20037508.3427892, 20037508.3427892],
  matrixSize0: [1, 1],
  levels: [
    [559082264.028717, 156543.033928041],
    [279541132.014358, 78271.5169640204],
    [139770566.007179, 39135.7584820102],
    [69885283.0035897, 19567.8792410051],
    [34942641.5017948, 9783.93962050256],
    [17471320.7508974, 4891.96981025128],
    [8735660.37544871, 2445.98490512564],
    [4367830.18772435, 1222.99245256282],
    [2183915.09386217, 611.49622628141],
    [1091957.54693108, 305.748113140704],
    [545978.773465544, 152.874056570352],
    [272989.386732772, 76.4370282851762],
    [136494.693366386, 38.2185141425881],
    [68247.346683193, 19.109257071294],
    [34123.6733415964, 9.55462853564703],
    [17061.8366707982, 4.77731426782351],
    [8530.91833539913, 2.38865713391175],
    [4265.45916769956, 1.19432856695587],
    [2132.72958384978, 0.597164283477939],
    [1066.36479192489, 0.29858214173897],
    [533.182395962445, 0.149291070869485],
    [266.591197981222, 0.0746455354347424],
    [133.295598990611, 0.0373227677173712],
    [66.6477994953056, 0.0186613838586856],
    [33.3238997476528, 0.0093306919293428],
  ],
};

/** Published up to level 23; tilery serves levels 0–22, as its README says. */
export const PUBLISHED_WORLD_CRS84_QUAD: PublishedTms = {
  id: 'WorldCRS84Quad',
  title: 'CRS84 for the World',
  uri: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WorldCRS84Quad',
  crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
  orderedAxes: ['Lon', 'Lat'],
  wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleCRS84Quad',
  pointOfOrigin: [-180, 90],
  matrixSize0: [2, 1],
  levels: [
    [279541132.014358, 0.703125],
    [139770566.007179, 0.3515625],
    [69885283.0035897, 0.17578125],
    [34942641.5017948, 0.087890625],
    [17471320.7508974, 0.0439453125],
    [8735660.37544871, 0.02197265625],
    [4367830.18772435, 0.010986328125],
    [2183915.09386217, 0.0054931640625],
    [1091957.54693108, 0.00274658203125],
    [545978.773465544, 0.001373291015625],
    [272989.386732772, 0.0006866455078125],
    [136494.693366386, 0.00034332275390625],
    [68247.346683193, 0.000171661376953125],
    [34123.6733415964, 0.0000858306884765625],
    [17061.8366707982, 0.0000429153442382812],
    [8530.91833539913, 0.0000214576721191406],
    [4265.45916769956, 0.0000107288360595703],
    [2132.72958384978, 0.00000536441802978515],
    [1066.36479192489, 0.00000268220901489258],
    [533.182395962445, 0.00000134110450744629],
    [266.591197981222, 0.00000067055225372314],
    [133.295598990611, 0.00000033527612686157],
    [66.6477994953056, 0.00000016763806343079],
    [33.3238997476528, 0.00000008381903171539],
  ],
};
