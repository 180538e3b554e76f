import type { Engine } from '../engine/index.ts';
import { TileryError } from '../errors.ts';
import { BUILTIN_TMS } from './builtin.ts';
import { resolveCrs } from './crs.ts';
import { parseTmsDocument, tmsDocument } from './document.ts';
import type { TileMatrixSet } from './model.ts';
import { insertStoredTms, loadStoredTms, type StoredTms } from './store.ts';

/** The tile matrix sets every route shares: the built-ins and the custom sets of the catalogs. */
export interface TmsRegistry {
  /** A set by id; an unknown id makes the registry read the database again (at most once a second). */
  get(id: string): Promise<TileMatrixSet | undefined>;
  /** Every set, the custom ones read again when older than a second. */
  list(): Promise<readonly TileMatrixSet[]>;
  /** Validate and store a custom set of `catalog` (400 on a bad document, 409 on a taken id). */
  create(catalog: string, document: unknown): Promise<TileMatrixSet>;
}

const RELOAD_AFTER_MS = 1000;

export function createTmsRegistry(engine: Engine | null): TmsRegistry {
  const builtins = new Map(BUILTIN_TMS.map((t) => [t.id, t]));
  let custom = new Map<string, TileMatrixSet>();
  let loadedAt = 0;
  let loading: Promise<void> | null = null;

  function reload(force = false): Promise<void> {
    if (!engine || (!force && Date.now() - loadedAt < RELOAD_AFTER_MS)) return Promise.resolve();
    loading ??= loadStoredTms(engine)
      .then((rows) => {
        custom = new Map(rows.map((r) => [r.id, fromStored(r)]));
        loadedAt = Date.now();
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  return {
    async get(id) {
      const found = builtins.get(id) ?? custom.get(id);
      if (found) return found;
      await reload();
      return custom.get(id);
    },
    async list() {
      await reload();
      return [...builtins.values(), ...custom.values()];
    },
    async create(catalog, document) {
      if (!engine) throw new TileryError('database_permission_denied', { action: 'store tile matrix sets', reason: 'no database' });
      const draft = parseTmsDocument(document);
      if (builtins.has(draft.id)) throw new TileryError('tile_matrix_set_exists', { tms: draft.id });
      const { srid, northingFirst } = await resolveCrs(engine, draft.crs, draft.orderedAxes);
      const tms: TileMatrixSet = Object.freeze({
        id: draft.id,
        title: draft.title,
        ...(draft.description !== undefined && { description: draft.description }),
        crs: draft.crsUri,
        srid,
        northingFirst,
        orderedAxes: draft.orderedAxes ?? (northingFirst ? (['Y', 'X'] as const) : (['X', 'Y'] as const)),
        global: false,
        catalog,
        tileMatrices: draft.tileMatrices,
      });
      const stored: StoredTms = { id: tms.id, catalog, document: tmsDocument(tms), srid, northing_first: northingFirst };
      if (!(await insertStoredTms(engine, stored))) throw new TileryError('tile_matrix_set_exists', { tms: tms.id });
      await reload(true);
      return custom.get(tms.id) ?? tms;
    },
  };
}

/** Stored documents were validated when posted; parsing them again rebuilds the matrices. */
function fromStored(r: StoredTms): TileMatrixSet {
  const draft = parseTmsDocument(r.document);
  return Object.freeze({
    id: r.id,
    title: draft.title,
    ...(draft.description !== undefined && { description: draft.description }),
    crs: draft.crsUri,
    srid: r.srid,
    northingFirst: r.northing_first,
    orderedAxes: draft.orderedAxes ?? (r.northing_first ? (['Y', 'X'] as const) : (['X', 'Y'] as const)),
    global: false,
    catalog: r.catalog,
    tileMatrices: draft.tileMatrices,
  });
}
