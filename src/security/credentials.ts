/** What a request presents to prove who it is, read from its headers and query string. */
export interface Credentials {
  /** `X-API-Key` header, else the `api_key` query parameter. */
  readonly apiKey: string | null;
  /** The token of `Authorization: Bearer …`. */
  readonly bearer: string | null;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;
type QueryString = Readonly<Record<string, unknown>>;

function first(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v !== '' ? v : null;
}

export function readCredentials(headers: Headers, query: QueryString | undefined): Credentials {
  const authorization = first(headers.authorization);
  const bearer = authorization ? (/^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null) : null;
  return { apiKey: first(headers['x-api-key']) ?? first(query?.api_key), bearer };
}
