/**
 * Every error tilery answers with, in one table: code → HTTP status → message template.
 * Templates name their fields as `{field}`; `detail` fills them. The README lists this table
 * and a test checks that the two agree.
 */
export const ERRORS = {
  invalid_parameter: { status: 400, message: 'Invalid value for parameter "{parameter}": {reason}' },
  unknown_collection: { status: 404, message: 'Unknown collection "{collection}"' },
  unknown_dataset: { status: 404, message: 'Unknown dataset "{dataset}"' },
  tile_out_of_range: { status: 404, message: 'Tile {z}/{x}/{y} is outside the tile matrix set {tms}: {reason}' },
  function_layer_tms: { status: 404, message: 'Collection "{collection}" is a function layer: it has tiles in WebMercatorQuad only, not in {tms}' },
  invalid_tile_matrix_set: { status: 400, message: 'Invalid tile matrix set document, member "{member}": {reason}' },
  tile_matrix_set_exists: { status: 409, message: 'A tile matrix set with id "{tms}" exists already' },
  unknown_tile_matrix_set: { status: 404, message: 'Unknown tile matrix set "{tms}"' },
  not_found: { status: 404, message: 'No route for {method} {url}' },
  admin_token_not_configured: { status: 403, message: 'Write routes are disabled: no admin token is configured (TILERY_ADMIN_TOKEN)' },
  admin_token_invalid: { status: 401, message: 'A valid admin bearer token is required' },
  unauthorized: { status: 401, message: 'Authentication required: {reason}' },
  auth_unavailable: { status: 503, message: 'Tokens cannot be verified now: the key set (JWKS) cannot be read: {reason}' },
  role_not_allowed: { status: 403, message: 'The request cannot run as database role "{role}": {reason}' },
  database_permission_denied: { status: 403, message: 'The database role cannot {action}: {reason}' },
  uri_too_long: { status: 414, message: 'The request URL is longer than {max} characters' },
  rate_limited: { status: 429, message: 'Too many requests: at most {max} per minute; retry in {retry_after} s' },
  database_unavailable: { status: 503, message: 'The database cannot be reached: {reason}' },
  catalog_changed: { status: 503, message: 'Collection "{collection}" changed while its tile was made ({reason}); the catalog was read again: retry' },
  tiles_disabled: { status: 503, message: 'Tile generation is switched off on this server (tiles.enabled: false)' },
  query_timeout: { status: 504, message: 'The query took longer than the statement timeout ({timeout_ms} ms)' },
  internal: { status: 500, message: 'Internal error: {reason}' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** Extra members of the JSON body, e.g. the parameter and (for CQL2) the position. */
export interface ErrorDetail {
  parameter?: string;
  reason?: string;
  position?: number;
  [field: string]: string | number | undefined;
}

export class TileryError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: ErrorDetail;

  constructor(code: ErrorCode, detail: ErrorDetail = {}) {
    super(formatMessage(ERRORS[code].message, detail));
    this.name = 'TileryError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.detail = detail;
  }

  /** The JSON body: OGC API exception members (`code`, `description`) plus the detail. */
  toJSON(): Record<string, unknown> {
    const { reason: _reason, ...rest } = this.detail;
    return { code: this.code, description: this.message, ...rest };
  }
}

function formatMessage(template: string, detail: ErrorDetail): string {
  return template.replace(/\{(\w+)\}/g, (_, field: string) => String(detail[field] ?? ''));
}

/** Shorthand for the most common error: a 400 naming the parameter. */
export function invalidParameter(parameter: string, reason: string, position?: number): TileryError {
  return new TileryError('invalid_parameter', position === undefined ? { parameter, reason } : { parameter, reason, position });
}
