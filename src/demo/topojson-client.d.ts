// Minimal types for the parts of topojson-client 3 that the demo loader uses (the package
// ships none). Kept to what the code reads; see https://github.com/topojson/topojson-specification.
declare module 'topojson-client' {
  export type Position = number[];

  export interface TopoGeometry {
    type: string;
    id?: string | number;
    properties?: Record<string, unknown>;
    arcs?: unknown;
  }

  export interface TopoCollection {
    type: 'GeometryCollection';
    geometries: TopoGeometry[];
  }

  export interface Topology {
    type: 'Topology';
    objects: Record<string, TopoCollection>;
    arcs: Position[][];
    transform?: { scale: [number, number]; translate: [number, number] };
  }

  export type PolygonalGeometry =
    | { type: 'Polygon'; coordinates: Position[][] }
    | { type: 'MultiPolygon'; coordinates: Position[][][] };

  export interface GeoFeature {
    type: 'Feature';
    id?: string | number;
    properties: Record<string, unknown>;
    geometry: PolygonalGeometry | { type: string; coordinates: unknown } | null;
  }

  export interface MeshLines {
    type: 'MultiLineString';
    coordinates: Position[][];
  }

  /** Decodes one geometry object of the topology into a GeoJSON feature. */
  export function feature(topology: Topology, object: TopoGeometry): GeoFeature;

  /** The arcs of `object` accepted by `filter(a, b)`, stitched into lines (arc directions kept). */
  export function mesh(
    topology: Topology,
    object?: TopoGeometry | TopoCollection,
    filter?: (a: TopoGeometry, b: TopoGeometry) => boolean,
  ): MeshLines;
}
