/**
 * TileJSON `vector_layers` of some collections as tilery's tiles hold them: the MVT layer name,
 * each attribute with the MVT value type it is encoded as, the zooms. For the metadata of the
 * MBTiles and PMTiles files `tilery export` writes.
 */
import { propertiesOf, type Collection } from '../catalog/index.ts';
import { vectorFieldType, type VectorFieldType } from '../engine/index.ts';
import { layerName } from './planned.ts';
import type { TileRequest } from './request.ts';

export interface VectorLayerInfo {
  readonly id: string;
  readonly description: string;
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly fields: Readonly<Record<string, VectorFieldType>>;
}

/**
 * One entry per collection whose zoom range meets `zoom`, its zooms cut to it; layers named
 * as the requests name them.
 */
export function vectorLayers(
  collections: readonly Collection[],
  naming: TileRequest['layerNaming'],
  zoom: { readonly min: number; readonly max: number },
): VectorLayerInfo[] {
  return collections
    .filter((c) => c.minzoom <= zoom.max && c.maxzoom >= zoom.min)
    .map((c) => ({
      id: layerName(c, { layerNaming: naming }),
      description: c.description,
      minzoom: Math.max(zoom.min, c.minzoom),
      maxzoom: Math.min(zoom.max, c.maxzoom),
      fields: Object.fromEntries(propertiesOf(c).map((p) => [p.name, vectorFieldType(p.type)])),
    }));
}
