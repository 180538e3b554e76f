import { BUILTIN_TMS } from './builtin.ts';
import type { TileMatrixSet } from './model.ts';

/** The tile matrix sets every route shares; built-ins now, custom ones per catalog later. */
export interface TmsRegistry {
  get(id: string): TileMatrixSet | undefined;
  list(): readonly TileMatrixSet[];
}

export function createTmsRegistry(extra: readonly TileMatrixSet[] = []): TmsRegistry {
  const byId = new Map([...BUILTIN_TMS, ...extra].map((t) => [t.id, t]));
  return {
    get: (id) => byId.get(id),
    list: () => [...byId.values()],
  };
}
