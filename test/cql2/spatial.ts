/**
 * Cases of the conformance classes basic-spatial-functions, basic-spatial-functions-plus and
 * spatial-functions. A geometry literal is bound as its GeoJSON text, a BBOX as four numbers.
 */
import { BB, bbox, GEOM, type Case, envelopeAt, G, geoJsonAt, geoJsonText, geometry, inClass, O, op, P, prop } from './case.ts';

// ---- geometries of the cases, each written once for the JSON and the bound value

/** The ATS polygon with a hole (basic-spatial-functions-plus). */
const HOLED_POLYGON = G('Polygon', [
  [[-180, -90], [-90, -90], [-90, 90], [-180, 90], [-180, -90]],
  [[-120, -50], [-100, -50], [-100, -40], [-120, -40], [-120, -50]],
]);
const SQUARE_10 = G('Polygon', [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]);
const EXAMPLE07_FOOTPRINT = G('Polygon', [
  [
    [43.5845, -79.5442], [43.6079, -79.4893], [43.5677, -79.4632], [43.6129, -79.3925], [43.6223, -79.3238], [43.6576, -79.3163],
    [43.7945, -79.1178], [43.8144, -79.1542], [43.8555, -79.1714], [43.7509, -79.639], [43.5845, -79.5442],
  ],
]);
const EXAMPLE08_FOOTPRINT = G('Polygon', [
  [
    [-77.117938, 38.93686], [-77.040604, 39.995648], [-76.910536, 38.892912], [-77.039359, 38.791753],
    [-77.047906, 38.841462], [-77.034183, 38.840655], [-77.033142, 38.85749], [-77.117938, 38.93686],
  ],
]);
/** The polygon that the road of clauses 7.10 and 7.16 crosses. */
const CROSSED_POLYGON = G('Polygon', [
  [
    [43.7286, -79.2986], [43.7311, -79.2996], [43.7323, -79.2972], [43.7326, -79.2971], [43.735, -79.2981], [43.735, -79.2982],
    [43.7352, -79.2982], [43.7357, -79.2956], [43.7337, -79.2948], [43.7343, -79.2933], [43.7339, -79.2923], [43.7327, -79.2947],
    [43.732, -79.2942], [43.7322, -79.2937], [43.7306, -79.293], [43.7303, -79.293], [43.7299, -79.2928], [43.7286, -79.2986],
  ],
]);
const CROSSING_ROAD = G('LineString', [
  [43.72992, -79.2998], [43.73005, -79.2991], [43.73006, -79.2984], [43.7314, -79.2956], [43.73259, -79.295],
  [43.73266, -79.2945], [43.7332, -79.2936], [43.73378, -79.2936], [43.73486, -79.2917],
]);
/** The standard's JSON writes `-0.0`; the bound text has 0 (JSON.stringify writes -0 as 0). */
const EXAMPLE46_POLYGON = G('Polygon', [[[-0.333333, 89], [-102.723546, -0.5], [-179, -89], [-1.9, 89], [-0, 89], [2.00001, -1.9], [-0.333333, 89]]]);
const EXAMPLE48_LINES = G('MultiLineString', [
  [[-1.9, -0.99999], [75.292574, 1.5], [-0.5, -4.016458], [-31.708594, -74.743801], [179, -90]],
  [[-1.9, -1.1], [1.5, 8.547371]],
]);
/** A polygon with z, written `POLYGON Z (…)` and, in the alternative example, `POLYGON (…)`. */
const EXAMPLE49_RINGS = [
  [[-49.88024, 0.5, -75993.341684], [-1.5, -0.99999, -100000], [0, 0.5, -0.333333], [-49.88024, 0.5, -75993.341684]],
  [[-65.887123, 2.00001, -100000], [0.333333, -53.017711, -79471.332949], [180, 0, 1852.616704], [-65.887123, 2.00001, -100000]],
];
const EXAMPLE51_LINE = G('LineString', [
  [172.03086, 1.5], [1.1, -90], [-159.757695, 0.99999], [-180, 0.5], [-12.111235, 81.336403], [-0.5, 64.43958], [0, 81.991815], [-155.93831, 90],
]);
const EXAMPLE83_POINTS = G('MultiPoint', [[180, -0.5], [179, -47.121701], [180, -0], [33.470475, -0.99999], [179, -15.333062]]);
const EXAMPLE84_COLLECTION = {
  type: 'GeometryCollection',
  geometries: [
    G('Point', [1.9, 2.00001]),
    G('Point', [0, -2.00001]),
    G('MultiLineString', [[[-2.00001, -0], [-77.292642, -0.5], [-87.515626, -0], [-180, 12.502773], [21.204842, -1.5], [-21.878857, -90]]]),
    G('Point', [1.9, 0.5]),
    G('LineString', [[179, 1.179148], [-148.192487, -65.007816], [0.5, 0.333333]]),
  ],
};
/** Luxembourg, from the ATS test data set. */
const LUXEMBOURG = G('Polygon', [
  [
    [6.043073357781111, 50.128051662794235], [6.242751092156993, 49.90222565367873], [6.186320428094177, 49.463802802114515], [5.897759230176348, 49.44266714130711],
    [5.674051954784829, 49.529483547557504], [5.782417433300907, 50.09032786722122], [6.043073357781111, 50.128051662794235],
  ],
]);

/** The spatial functions and the PostGIS functions they become. */
const ST_FUNCTIONS = { S_INTERSECTS: 'ST_Intersects', S_DISJOINT: 'ST_Disjoint', S_TOUCHES: 'ST_Touches', S_CROSSES: 'ST_Crosses', S_WITHIN: 'ST_Within', S_CONTAINS: 'ST_Contains' };

export const basicSpatialFunctions = inClass('basic-spatial-functions', [
  {
    source: 'clause7_07', text: 'S_INTERSECTS(geometry,POINT(36.319836 32.288087))',
    json: O('s_intersects', P('geometry'), G('Point', [36.319836, 32.288087])),
    ast: op('s_intersects', prop('geometry'), geometry('Point', [36.319836, 32.288087])),
    sql: `(ST_Intersects(ST_Transform(t."geometry", 4326), ${geoJsonAt(1)}))`, values: ['{"type":"Point","coordinates":[36.319836,32.288087]}'],
  },
  {
    // a BBOX with z: the translator keeps x and y
    source: 'example45', text: 'S_INTERSECTS("geometry", BBOX(-128.098193, -1.1, -99999.0, 180.0, 90.0, 100000.0))',
    json: O('s_intersects', P('geometry'), BB(-128.098193, -1.1, -99999, 180, 90, 100000)),
    ast: op('s_intersects', prop('geometry'), bbox(-128.098193, -1.1, -99999, 180, 90, 100000)),
    sql: `(ST_Intersects(ST_Transform(t."geometry", 4326), ${envelopeAt(1)}))`, values: [-128.098193, -1.1, 180, 90],
  },
  {
    source: 'ats/basic-spatial-functions/s_intersects', text: 'S_INTERSECTS(geom,BBOX(-180,-90,180,90))',
    json: O('s_intersects', P('geom'), BB(-180, -90, 180, 90)),
    ast: op('s_intersects', prop('geom'), bbox(-180, -90, 180, 90)),
    sql: `(ST_Intersects(${GEOM}, ${envelopeAt(1)}))`, values: [-180, -90, 180, 90],
  },
  {
    source: 'ats/basic-spatial-functions/s_intersects', text: 'S_INTERSECTS(geom,POINT(7.02 49.92))', json: O('s_intersects', P('geom'), G('Point', [7.02, 49.92])),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('Point', [7.02, 49.92]))],
  },
  {
    // syntactically valid; the ATS expects the server to refuse the coordinate
    source: 'ats/basic-spatial-functions/s_intersects', text: 'S_INTERSECTS(geom,POINT(90 180))', json: O('s_intersects', P('geom'), G('Point', [90, 180])),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('Point', [90, 180]))],
  },
  {
    source: 'ats/basic-spatial-functions/s_intersects', text: 'S_INTERSECTS(geom,BBOX(-180,-90,-90,90)) AND S_INTERSECTS(geom,BBOX(90,-90,180,90))',
    json: O('and', O('s_intersects', P('geom'), BB(-180, -90, -90, 90)), O('s_intersects', P('geom'), BB(90, -90, 180, 90))),
    sql: `((ST_Intersects(${GEOM}, ${envelopeAt(1)})) AND (ST_Intersects(${GEOM}, ${envelopeAt(5)})))`, values: [-180, -90, -90, 90, 90, -90, 180, 90],
  },
  // Annex A, basic-spatial-functions: the test data set
  ...[
    [0, 40, 10, 50],
    [150, -90, -150, 90],
  ].map(
    (b): Case => ({
      source: 'ats/basic-spatial-functions/test-data',
      text: `S_INTERSECTS(geom,BBOX(${b.join(',')}))`,
      json: O('s_intersects', P('geom'), BB(...b)),
      sql: `(ST_Intersects(${GEOM}, ${envelopeAt(1)}))`,
      values: b,
    }),
  ),
  {
    source: 'ats/basic-spatial-functions/test-data', text: 'S_INTERSECTS(geom,BBOX(0,40,10,50)) and S_INTERSECTS(geom,BBOX(5,50,10,60))',
    json: O('and', O('s_intersects', P('geom'), BB(0, 40, 10, 50)), O('s_intersects', P('geom'), BB(5, 50, 10, 60))),
    sql: `((ST_Intersects(${GEOM}, ${envelopeAt(1)})) AND (ST_Intersects(${GEOM}, ${envelopeAt(5)})))`, values: [0, 40, 10, 50, 5, 50, 10, 60],
  },
  {
    source: 'ats/basic-spatial-functions/test-data', text: 'S_INTERSECTS(geom,BBOX(0,40,10,50)) and not S_INTERSECTS(geom,BBOX(5,50,10,60))',
    json: O('and', O('s_intersects', P('geom'), BB(0, 40, 10, 50)), O('not', O('s_intersects', P('geom'), BB(5, 50, 10, 60)))),
    sql: `((ST_Intersects(${GEOM}, ${envelopeAt(1)})) AND (NOT (ST_Intersects(${GEOM}, ${envelopeAt(5)}))))`, values: [0, 40, 10, 50, 5, 50, 10, 60],
  },
  {
    source: 'ats/basic-spatial-functions/test-data', text: 'S_INTERSECTS(geom,BBOX(0,40,10,50)) or S_INTERSECTS(geom,BBOX(-90,40,-60,50))',
    json: O('or', O('s_intersects', P('geom'), BB(0, 40, 10, 50)), O('s_intersects', P('geom'), BB(-90, 40, -60, 50))),
    sql: `((ST_Intersects(${GEOM}, ${envelopeAt(1)})) OR (ST_Intersects(${GEOM}, ${envelopeAt(5)})))`, values: [0, 40, 10, 50, -90, 40, -60, 50],
  },
  {
    source: 'ats/basic-spatial-functions/test-data', text: 'S_INTERSECTS(geom,BBOX(-180,-90,0,90))', json: O('s_intersects', P('geom'), BB(-180, -90, 0, 90)),
    sql: `(ST_Intersects(${GEOM}, ${envelopeAt(1)}))`, values: [-180, -90, 0, 90],
  },
]);

export const basicSpatialFunctionsPlus = inClass('basic-spatial-functions-plus', [
  {
    source: 'example24', text: 'S_INTERSECTS(geometry,POLYGON((-10.0 -10.0,10.0 -10.0,10.0 10.0,-10.0 -10.0)))',
    json: O('s_intersects', P('geometry'), G('Polygon', [[[-10, -10], [10, -10], [10, 10], [-10, -10]]])),
    sql: `(ST_Intersects(ST_Transform(t."geometry", 4326), ${geoJsonAt(1)}))`, values: ['{"type":"Polygon","coordinates":[[[-10,-10],[10,-10],[10,10],[-10,-10]]]}'],
  },
  {
    source: 'example07',
    text: `eo:instrument LIKE 'OLI%'
                AND S_INTERSECTS(footprint,POLYGON((43.5845 -79.5442,
                                                    43.6079 -79.4893,
                                                    43.5677 -79.4632,
                                                    43.6129 -79.3925,
                                                    43.6223 -79.3238,
                                                    43.6576 -79.3163,
                                                    43.7945 -79.1178,
                                                    43.8144 -79.1542,
                                                    43.8555 -79.1714,
                                                    43.7509 -79.6390,
                                                    43.5845 -79.5442)))`,
    json: O('and', O('like', P('eo:instrument'), 'OLI%'), O('s_intersects', P('footprint'), EXAMPLE07_FOOTPRINT)),
    sql: `((t."eo:instrument" LIKE $1::text) AND (ST_Intersects(ST_Transform(t."footprint", 4326), ${geoJsonAt(2)})))`, values: ['OLI%', geoJsonText(EXAMPLE07_FOOTPRINT)],
  },
  {
    source: 'example08',
    text: `    beamMode='ScanSAR Narrow'
AND swathDirection='ascending'
AND polarization='HH+VV+HV+VH'
AND s_intersects(footprint,POLYGON((-77.117938 38.936860,
                                    -77.040604 39.995648,
                                    -76.910536 38.892912,
                                    -77.039359 38.791753,
                                    -77.047906 38.841462,
                                    -77.034183 38.840655,
                                    -77.033142 38.857490,
                                    -77.117938 38.936860)))`,
    json: O(
      'and',
      O('=', P('beamMode'), 'ScanSAR Narrow'),
      O('=', P('swathDirection'), 'ascending'),
      O('=', P('polarization'), 'HH+VV+HV+VH'),
      O('s_intersects', P('footprint'), EXAMPLE08_FOOTPRINT),
    ),
    sql: `((t."beamMode" = $1::text) AND (t."swathDirection" = $2::text) AND (t."polarization" = $3::text) AND (ST_Intersects(ST_Transform(t."footprint", 4326), ${geoJsonAt(4)})))`,
    values: ['ScanSAR Narrow', 'ascending', 'HH+VV+HV+VH', geoJsonText(EXAMPLE08_FOOTPRINT)],
  },
  // Annex A, basic-spatial-functions-plus: test method "s_intersects", one of each geometry type
  {
    source: 'ats/basic-spatial-functions-plus/s_intersects', text: 'S_INTERSECTS(geom,MULTIPOINT(7.02 49.92, 90 180))',
    json: O('s_intersects', P('geom'), G('MultiPoint', [[7.02, 49.92], [90, 180]])),
    ast: op('s_intersects', prop('geom'), geometry('MultiPoint', [[7.02, 49.92], [90, 180]])),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('MultiPoint', [[7.02, 49.92], [90, 180]]))],
  },
  {
    source: 'ats/basic-spatial-functions-plus/s_intersects', text: 'S_INTERSECTS(geom,LINESTRING(-180 -45, 0 -45))',
    json: O('s_intersects', P('geom'), G('LineString', [[-180, -45], [0, -45]])),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('LineString', [[-180, -45], [0, -45]]))],
  },
  {
    source: 'ats/basic-spatial-functions-plus/s_intersects', text: 'S_INTERSECTS(geom,MULTILINESTRING((-180 -45, 0 -45), (0 45, 180 45)))',
    json: O('s_intersects', P('geom'), G('MultiLineString', [[[-180, -45], [0, -45]], [[0, 45], [180, 45]]])),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('MultiLineString', [[[-180, -45], [0, -45]], [[0, 45], [180, 45]]]))],
  },
  {
    source: 'ats/basic-spatial-functions-plus/s_intersects',
    text: 'S_INTERSECTS(geom,POLYGON((-180 -90, -90 -90, -90 90, -180 90, -180 -90), (-120 -50, -100 -50, -100 -40, -120 -40, -120 -50)))',
    json: O('s_intersects', P('geom'), HOLED_POLYGON),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(HOLED_POLYGON)],
  },
  {
    source: 'ats/basic-spatial-functions-plus/s_intersects',
    text: 'S_INTERSECTS(geom,MULTIPOLYGON(((-180 -90, -90 -90, -90 90, -180 90, -180 -90), (-120 -50, -100 -50, -100 -40, -120 -40, -120 -50)),((0 0, 10 0, 10 10, 0 10, 0 0))))',
    json: O('s_intersects', P('geom'), G('MultiPolygon', [HOLED_POLYGON.coordinates, SQUARE_10.coordinates])),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('MultiPolygon', [HOLED_POLYGON.coordinates, SQUARE_10.coordinates]))],
  },
  {
    source: 'ats/basic-spatial-functions-plus/s_intersects', text: 'S_INTERSECTS(geom,GEOMETRYCOLLECTION(POINT(7.02 49.92), POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))))',
    json: O('s_intersects', P('geom'), { type: 'GeometryCollection', geometries: [G('Point', [7.02, 49.92]), SQUARE_10] }),
    ast: op('s_intersects', prop('geom'), { type: 'geometry', geometry: { type: 'GeometryCollection', geometries: [G('Point', [7.02, 49.92]), SQUARE_10] } }),
    sql: `(ST_Intersects(${GEOM}, ${geoJsonAt(1)}))`,
    values: ['{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[7.02,49.92]},{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}]}'],
  },
  // Annex A, basic-spatial-functions-plus: the test data set
  {
    source: 'ats/basic-spatial-functions-plus/test-data',
    text: 'S_INTERSECTS(geom,POLYGON((-180 -90, -90 -90, -90 90, -180 90, -180 -90), (-120 -50, -100 -50, -100 -40, -120 -40, -120 -50))) or S_INTERSECTS(geom,POLYGON((0 0, 10 0, 10 10, 0 10, 0 0)))',
    json: O('or', O('s_intersects', P('geom'), HOLED_POLYGON), O('s_intersects', P('geom'), SQUARE_10)),
    sql: `((ST_Intersects(${GEOM}, ${geoJsonAt(1)})) OR (ST_Intersects(${GEOM}, ${geoJsonAt(2)})))`, values: [geoJsonText(HOLED_POLYGON), geoJsonText(SQUARE_10)],
  },
  {
    source: 'ats/basic-spatial-functions-plus/test-data',
    text: 'S_INTERSECTS(geom,POLYGON((-180 -90, -90 -90, -90 90, -180 90, -180 -90), (-120 -50, -100 -50, -100 -40, -120 -40, -120 -50))) and not S_INTERSECTS(geom,POLYGON((-130 0, 0 0, 0 50, -130 50, -130 0)))',
    json: O('and', O('s_intersects', P('geom'), HOLED_POLYGON), O('not', O('s_intersects', P('geom'), G('Polygon', [[[-130, 0], [0, 0], [0, 50], [-130, 50], [-130, 0]]])))),
    sql: `((ST_Intersects(${GEOM}, ${geoJsonAt(1)})) AND (NOT (ST_Intersects(${GEOM}, ${geoJsonAt(2)}))))`,
    values: [geoJsonText(HOLED_POLYGON), geoJsonText(G('Polygon', [[[-130, 0], [0, 0], [0, 50], [-130, 50], [-130, 0]]]))],
  },
]);

export const spatialFunctions = inClass('spatial-functions', [
  {
    source: 'clause7_10',
    text: `S_CROSSES(road,POLYGON((43.7286 -79.2986, 43.7311 -79.2996, 43.7323 -79.2972,
                        43.7326 -79.2971, 43.7350 -79.2981, 43.7350 -79.2982,
                        43.7352 -79.2982, 43.7357 -79.2956, 43.7337 -79.2948,
                        43.7343 -79.2933, 43.7339 -79.2923, 43.7327 -79.2947,
                        43.7320 -79.2942, 43.7322 -79.2937, 43.7306 -79.2930,
                        43.7303 -79.2930, 43.7299 -79.2928, 43.7286 -79.2986)))`,
    json: O('s_crosses', P('road'), CROSSED_POLYGON),
    sql: `(ST_Crosses(ST_Transform(t."road", 4326), ${geoJsonAt(1)}))`, values: [geoJsonText(CROSSED_POLYGON)],
  },
  {
    source: 'clause7_16',
    text: `S_CROSSES(LINESTRING(43.72992 -79.2998, 43.73005 -79.2991, 43.73006 -79.2984,
                     43.73140 -79.2956, 43.73259 -79.2950, 43.73266 -79.2945,
                     43.73320 -79.2936, 43.73378 -79.2936, 43.73486 -79.2917),
        POLYGON((43.7286 -79.2986, 43.7311 -79.2996, 43.7323 -79.2972, 43.7326 -79.2971,
                 43.7350 -79.2981, 43.7350 -79.2982, 43.7352 -79.2982, 43.7357 -79.2956,
                 43.7337 -79.2948, 43.7343 -79.2933, 43.7339 -79.2923, 43.7327 -79.2947,
                 43.7320 -79.2942, 43.7322 -79.2937, 43.7306 -79.2930, 43.7303 -79.2930,
                 43.7299 -79.2928, 43.7286 -79.2986)))`,
    json: O('s_crosses', CROSSING_ROAD, CROSSED_POLYGON),
    sql: `(ST_Crosses(${geoJsonAt(1)}, ${geoJsonAt(2)}))`, values: [geoJsonText(CROSSING_ROAD), geoJsonText(CROSSED_POLYGON)],
  },
  {
    source: 'example23', text: 'S_WITHIN(location,BBOX(-118,33.8,-117.9,34))', json: O('s_within', P('location'), BB(-118, 33.8, -117.9, 34)),
    sql: `(ST_Within(ST_Transform(t."location", 4326), ${envelopeAt(1)}))`, values: [-118, 33.8, -117.9, 34],
  },
  {
    source: 'example25', text: 'floors>5 AND S_WITHIN(geometry,BBOX(-118,33.8,-117.9,34))',
    json: O('and', O('>', P('floors'), 5), O('s_within', P('geometry'), BB(-118, 33.8, -117.9, 34))),
    sql: `((t."floors" > $1::float8) AND (ST_Within(ST_Transform(t."geometry", 4326), ${envelopeAt(2)})))`, values: [5, -118, 33.8, -117.9, 34],
  },
  ...[
    `S_EQUALS(POLYGON ((-0.333333 89.0, -102.723546 -0.5, -179.0 -89.0, -1.9 89.0, -0.0 89.0, 2.00001 -1.9, -0.333333 89.0)), "geometry")`,
    `S_EQUALS(
    POLYGON (
        (-0.333333 89.0, -102.723546 -0.5, -179.0 -89.0, -1.9 89.0, -0.0 89.0, 2.00001 -1.9, -0.333333 89.0)
    ),
    "geometry"
)`,
  ].map(
    (text, i): Case => ({
      source: i === 0 ? 'example46' : 'example46-alt01',
      text,
      json: O('s_equals', EXAMPLE46_POLYGON, P('geometry')),
      sql: `(ST_Equals(${geoJsonAt(1)}, ST_Transform(t."geometry", 4326)))`,
      values: ['{"type":"Polygon","coordinates":[[[-0.333333,89],[-102.723546,-0.5],[-179,-89],[-1.9,89],[0,89],[2.00001,-1.9],[-0.333333,89]]]}'],
    }),
  ),
  {
    source: 'example47', text: 'S_DISJOINT("geometry", MULTIPOLYGON (((144.022387 45.176126, -1.1 0.0, 180.0 47.808086, 144.022387 45.176126))))',
    json: O('s_disjoint', P('geometry'), G('MultiPolygon', [[[[144.022387, 45.176126], [-1.1, 0], [180, 47.808086], [144.022387, 45.176126]]]])),
    sql: `(ST_Disjoint(ST_Transform(t."geometry", 4326), ${geoJsonAt(1)}))`, values: [geoJsonText(G('MultiPolygon', [[[[144.022387, 45.176126], [-1.1, 0], [180, 47.808086], [144.022387, 45.176126]]]]))],
  },
  {
    source: 'example48',
    text: 'S_TOUCHES("geometry", MULTILINESTRING ((-1.9 -0.99999, 75.292574 1.5, -0.5 -4.016458, -31.708594 -74.743801, 179.0 -90.0),(-1.9 -1.1, 1.5 8.547371)))',
    json: O('s_touches', P('geometry'), EXAMPLE48_LINES),
    sql: `(ST_Touches(ST_Transform(t."geometry", 4326), ${geoJsonAt(1)}))`, values: [geoJsonText(EXAMPLE48_LINES)],
  },
  ...[
    `S_WITHIN(POLYGON Z ((-49.88024 0.5 -75993.341684, -1.5 -0.99999 -100000.0, 0.0 0.5 -0.333333, -49.88024 0.5 -75993.341684), (-65.887123 2.00001 -100000.0, 0.333333 -53.017711 -79471.332949, 180.0 0.0 1852.616704, -65.887123 2.00001 -100000.0)), "geometry")`,
    `S_WITHIN(POLYGON ((-49.88024 0.5 -75993.341684, -1.5 -0.99999 -100000.0, 0.0 0.5 -0.333333, -49.88024 0.5 -75993.341684), (-65.887123 2.00001 -100000.0, 0.333333 -53.017711 -79471.332949, 180.0 0.0 1852.616704, -65.887123 2.00001 -100000.0)), "geometry")`,
  ].map(
    (text, i): Case => ({
      source: i === 0 ? 'example49' : 'example49-alt01',
      text,
      json: O('s_within', G('Polygon', EXAMPLE49_RINGS), P('geometry')),
      ast: op('s_within', geometry('Polygon', EXAMPLE49_RINGS), prop('geometry')),
      sql: `(ST_Within(${geoJsonAt(1)}, ST_Transform(t."geometry", 4326)))`,
      values: [geoJsonText(G('Polygon', EXAMPLE49_RINGS))],
    }),
  ),
  {
    source: 'example50', text: 'S_OVERLAPS("geometry", BBOX(-179.912109, 1.9, 180.0, 16.897016))', json: O('s_overlaps', P('geometry'), BB(-179.912109, 1.9, 180, 16.897016)),
    sql: `(ST_Overlaps(ST_Transform(t."geometry", 4326), ${envelopeAt(1)}))`, values: [-179.912109, 1.9, 180, 16.897016],
  },
  {
    source: 'example51',
    text: 'S_CROSSES("geometry", LINESTRING (172.03086 1.5, 1.1 -90.0, -159.757695 0.99999, -180.0 0.5, -12.111235 81.336403, -0.5 64.43958, 0.0 81.991815, -155.93831 90.0))',
    json: O('s_crosses', P('geometry'), EXAMPLE51_LINE),
    sql: `(ST_Crosses(ST_Transform(t."geometry", 4326), ${geoJsonAt(1)}))`, values: [geoJsonText(EXAMPLE51_LINE)],
  },
  {
    source: 'example52', text: 'S_CONTAINS("geometry", POINT (-3.508362 -1.754181))', json: O('s_contains', P('geometry'), G('Point', [-3.508362, -1.754181])),
    sql: `(ST_Contains(ST_Transform(t."geometry", 4326), ${geoJsonAt(1)}))`, values: [geoJsonText(G('Point', [-3.508362, -1.754181]))],
  },
  {
    source: 'example83', text: 'S_EQUALS(MULTIPOINT ((180.0 -0.5), (179.0 -47.121701), (180.0 -0.0), (33.470475 -0.99999), (179.0 -15.333062)), "geometry")',
    json: O('s_equals', EXAMPLE83_POINTS, P('geometry')),
    sql: `(ST_Equals(${geoJsonAt(1)}, ST_Transform(t."geometry", 4326)))`, values: [geoJsonText(EXAMPLE83_POINTS)],
  },
  {
    source: 'example84',
    text: 'S_EQUALS(GEOMETRYCOLLECTION (POINT (1.9 2.00001), POINT (0.0 -2.00001), MULTILINESTRING ((-2.00001 -0.0, -77.292642 -0.5, -87.515626 -0.0, -180.0 12.502773, 21.204842 -1.5, -21.878857 -90.0)), POINT (1.9 0.5), LINESTRING (179.0 1.179148, -148.192487 -65.007816, 0.5 0.333333)), "geometry")',
    json: O('s_equals', EXAMPLE84_COLLECTION, P('geometry')),
    sql: `(ST_Equals(${geoJsonAt(1)}, ST_Transform(t."geometry", 4326)))`, values: [geoJsonText(EXAMPLE84_COLLECTION)],
  },
  // Annex A, spatial-functions: test methods, every function with a bbox, a polygon and a line string
  ...Object.entries(ST_FUNCTIONS).flatMap(([f, st]): Case[] => {
    const [source, name] = [`ats/spatial-functions/${f.toLowerCase()}`, f.toLowerCase()];
    const world = G('Polygon', [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]]);
    const line = G('LineString', [[7, 50], [10, 51]]);
    return [
      { source, text: `${f}(geom,BBOX(-180,-90,180,90))`, json: O(name, P('geom'), BB(-180, -90, 180, 90)), sql: `(${st}(${GEOM}, ${envelopeAt(1)}))`, values: [-180, -90, 180, 90] },
      { source, text: `${f}(geom,POLYGON((-180 -90,180 -90,180 90,-180 90,-180 -90)))`, json: O(name, P('geom'), world), sql: `(${st}(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(world)] },
      { source, text: `${f}(geom,LINESTRING(7 50,10 51))`, json: O(name, P('geom'), line), sql: `(${st}(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(line)] },
    ];
  }),
  {
    source: 'ats/spatial-functions/s_equals', text: 'S_EQUALS(geom,POINT(7.02 49.92))', json: O('s_equals', P('geom'), G('Point', [7.02, 49.92])),
    sql: `(ST_Equals(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('Point', [7.02, 49.92]))],
  },
  {
    source: 'ats/spatial-functions/s_within', text: 'S_WITHIN(geom,MULTIPOINT(7 50,10 51))', json: O('s_within', P('geom'), G('MultiPoint', [[7, 50], [10, 51]])),
    sql: `(ST_Within(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('MultiPoint', [[7, 50], [10, 51]]))],
  },
  {
    source: 'ats/spatial-functions/s_overlaps', text: 'S_OVERLAPS(geom,MULTIPOINT(7 50,10 51))', json: O('s_overlaps', P('geom'), G('MultiPoint', [[7, 50], [10, 51]])),
    sql: `(ST_Overlaps(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('MultiPoint', [[7, 50], [10, 51]]))],
  },
  // Annex A, spatial-functions: the test data set
  {
    source: 'ats/spatial-functions/test-data', text: 'S_EQUALS(geom,POINT(6.1300028 49.6116604))', json: O('s_equals', P('geom'), G('Point', [6.1300028, 49.6116604])),
    sql: `(ST_Equals(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('Point', [6.1300028, 49.6116604]))],
  },
  {
    source: 'ats/spatial-functions/test-data',
    text: 'S_TOUCHES(geom,POLYGON((6.043073357781111 50.128051662794235,6.242751092156993 49.90222565367873,6.186320428094177 49.463802802114515,5.897759230176348 49.44266714130711,5.674051954784829 49.529483547557504,5.782417433300907 50.09032786722122,6.043073357781111 50.128051662794235)))',
    json: O('s_touches', P('geom'), LUXEMBOURG),
    sql: `(ST_Touches(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(LUXEMBOURG)],
  },
  {
    source: 'ats/spatial-functions/test-data', text: 'S_TOUCHES(geom,LINESTRING(6.043073357781111 50.128051662794235,6.242751092156993 49.90222565367873))',
    json: O('s_touches', P('geom'), G('LineString', LUXEMBOURG.coordinates[0].slice(0, 2))),
    sql: `(ST_Touches(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('LineString', LUXEMBOURG.coordinates[0].slice(0, 2)))],
  },
  {
    source: 'ats/spatial-functions/test-data', text: 'S_CONTAINS(geom,BBOX(7,50,8,51))', json: O('s_contains', P('geom'), BB(7, 50, 8, 51)),
    sql: `(ST_Contains(${GEOM}, ${envelopeAt(1)}))`, values: [7, 50, 8, 51],
  },
  {
    source: 'ats/spatial-functions/test-data', text: 'S_OVERLAPS(geom,BBOX(-180,-90,0,90))', json: O('s_overlaps', P('geom'), BB(-180, -90, 0, 90)),
    sql: `(ST_Overlaps(${GEOM}, ${envelopeAt(1)}))`, values: [-180, -90, 0, 90],
  },
  {
    source: 'ats/spatial-functions/test-data', text: 'S_DISJOINT(geom,LINESTRING(-60 -90,-60 90))', json: O('s_disjoint', P('geom'), G('LineString', [[-60, -90], [-60, 90]])),
    sql: `(ST_Disjoint(${GEOM}, ${geoJsonAt(1)}))`, values: [geoJsonText(G('LineString', [[-60, -90], [-60, 90]]))],
  },
]);
