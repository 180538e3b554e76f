import type { CatalogSnapshot } from '../catalog/index.ts';
import type { TilePipeline } from './pipeline.ts';

/**
 * Retire every cached tile of some collections of a dataset (null: all of them), everywhere:
 * `DELETE /tiles/{dataset}/tiles/cache` and `tilery invalidate`. A tile whose generation began
 * before is never stored after (the save guard sees the retirement).
 */
export function retireCollections(pipeline: TilePipeline, snapshot: CatalogSnapshot, dataset: string, ids: readonly string[] | null): Promise<Record<string, number>> {
  const collections = ids ?? (snapshot.datasets.get(dataset) ?? []).map((c) => c.id);
  return pipeline.retire(collections.map((collection) => ({ collection, bounds: null })));
}
