import { TileryError } from '../errors.ts';
import { crsUri, parseCrs, type CrsRef } from './crs.ts';
import type { TileMatrix, TileMatrixSet } from './model.ts';

/** The OGC Two Dimensional Tile Matrix Set 2.0 JSON encoding of a TMS. */
export function tmsDocument(tms: TileMatrixSet): Record<string, unknown> {
  return {
    id: tms.id,
    title: tms.title,
    ...(tms.description && { description: tms.description }),
    ...(tms.uri && { uri: tms.uri }),
    crs: tms.crs,
    orderedAxes: tms.orderedAxes,
    ...(tms.wellKnownScaleSet && { wellKnownScaleSet: tms.wellKnownScaleSet }),
    tileMatrices: tms.tileMatrices.map((m) => ({
      id: m.id,
      scaleDenominator: m.scaleDenominator,
      cellSize: m.cellSize,
      cornerOfOrigin: m.cornerOfOrigin,
      pointOfOrigin: m.pointOfOrigin,
      tileWidth: m.tileWidth,
      tileHeight: m.tileHeight,
      matrixWidth: m.matrixWidth,
      matrixHeight: m.matrixHeight,
    })),
  };
}

/** A custom TMS document, checked for shape and consistency; its CRS is resolved separately. */
export interface TmsDraft {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly crs: CrsRef;
  readonly crsUri: string;
  readonly orderedAxes?: readonly [string, string];
  readonly tileMatrices: readonly TileMatrix[];
}

export const TMS_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_MATRICES = 31;
const MAX_MATRIX_SIDE = 2 ** 31;

function invalid(member: string, reason: string): TileryError {
  return new TileryError('invalid_tile_matrix_set', { member, reason });
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positiveNumber(m: Json, key: string, path: string): number {
  const v = m[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw invalid(`${path}.${key}`, 'must be a positive number');
  return v;
}

function positiveInteger(m: Json, key: string, path: string, max: number): number {
  const v = positiveNumber(m, key, path);
  if (!Number.isInteger(v) || v > max) throw invalid(`${path}.${key}`, `must be an integer from 1 to ${max}`);
  return v;
}

/** Check a posted TMS 2.0 document member by member; errors name the member. */
export function parseTmsDocument(doc: unknown): TmsDraft {
  if (!isObject(doc)) throw invalid('(document)', 'must be a JSON object');
  const { id, title, description, crs, orderedAxes, tileMatrices } = doc;
  if (typeof id !== 'string' || !TMS_ID_PATTERN.test(id)) {
    throw invalid('id', 'must be a string of letters, digits, "_", "." or "-" starting with a letter (at most 64)');
  }
  if (title !== undefined && typeof title !== 'string') throw invalid('title', 'must be a string');
  if (description !== undefined && typeof description !== 'string') throw invalid('description', 'must be a string');
  const crsRef = parseCrs(crs);
  if (!crsRef) throw invalid('crs', 'must be a CRS URI such as http://www.opengis.net/def/crs/EPSG/0/3035 (or {"uri": …})');
  let axes: [string, string] | undefined;
  if (orderedAxes !== undefined) {
    if (!Array.isArray(orderedAxes) || orderedAxes.length !== 2 || !orderedAxes.every((a) => typeof a === 'string')) {
      throw invalid('orderedAxes', 'must be two axis names, e.g. ["Y", "X"]');
    }
    axes = [orderedAxes[0], orderedAxes[1]];
  }
  if (!Array.isArray(tileMatrices) || tileMatrices.length === 0) throw invalid('tileMatrices', 'must be a non-empty array');
  if (tileMatrices.length > MAX_MATRICES) throw invalid('tileMatrices', `at most ${MAX_MATRICES} tile matrices`);
  const matrices = tileMatrices.map((m, i) => parseMatrix(m, `tileMatrices[${i}]`));
  checkConsistency(matrices);
  return Object.freeze({
    id,
    title: title ?? id,
    ...(description !== undefined && { description }),
    crs: crsRef,
    crsUri: crsUri(crsRef),
    ...(axes && { orderedAxes: axes }),
    tileMatrices: Object.freeze(matrices),
  });
}

function parseMatrix(m: unknown, path: string): TileMatrix {
  if (!isObject(m)) throw invalid(path, 'must be an object');
  if (typeof m.id !== 'string' || m.id.length === 0 || m.id.length > 64 || m.id.includes('/')) {
    throw invalid(`${path}.id`, 'must be a non-empty string without "/"');
  }
  if (m.variableMatrixWidths !== undefined) throw invalid(`${path}.variableMatrixWidths`, 'variable matrix widths are not supported');
  const corner = m.cornerOfOrigin ?? 'topLeft';
  if (corner !== 'topLeft' && corner !== 'bottomLeft') throw invalid(`${path}.cornerOfOrigin`, 'must be "topLeft" or "bottomLeft"');
  const origin = m.pointOfOrigin;
  if (!Array.isArray(origin) || origin.length !== 2 || !origin.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalid(`${path}.pointOfOrigin`, 'must be two finite numbers, in the CRS axis order');
  }
  return Object.freeze({
    id: m.id,
    scaleDenominator: positiveNumber(m, 'scaleDenominator', path),
    cellSize: positiveNumber(m, 'cellSize', path),
    cornerOfOrigin: corner,
    pointOfOrigin: Object.freeze([origin[0], origin[1]] as [number, number]),
    tileWidth: positiveInteger(m, 'tileWidth', path, 65536),
    tileHeight: positiveInteger(m, 'tileHeight', path, 65536),
    matrixWidth: positiveInteger(m, 'matrixWidth', path, MAX_MATRIX_SIDE),
    matrixHeight: positiveInteger(m, 'matrixHeight', path, MAX_MATRIX_SIDE),
  });
}

/** Ids unique, cells shrinking level by level, and one scale-to-cell ratio for the whole set. */
function checkConsistency(matrices: readonly TileMatrix[]): void {
  const ids = new Set<string>();
  const ratio = matrices[0].scaleDenominator / matrices[0].cellSize;
  matrices.forEach((m, i) => {
    if (ids.has(m.id)) throw invalid(`tileMatrices[${i}].id`, `duplicate id "${m.id}"`);
    ids.add(m.id);
    if (i > 0 && !(m.cellSize < matrices[i - 1].cellSize)) {
      throw invalid(`tileMatrices[${i}].cellSize`, 'must be smaller than the cellSize of the matrix before it (order matrices from coarse to fine)');
    }
    if (Math.abs(m.scaleDenominator / m.cellSize / ratio - 1) > 1e-3) {
      throw invalid(`tileMatrices[${i}].scaleDenominator`, 'is not consistent with its cellSize (the scale/cellSize ratio must be the same at every level)');
    }
  });
}
