import { createHash, timingSafeEqual } from 'node:crypto';
import { TileryError } from '../errors.ts';
import type { Credentials } from './credentials.ts';
import { createTokenVerifier, type JwtSettings } from './jwt.ts';

export interface AuthSettings {
  readonly api_keys: readonly string[];
  readonly jwt: JwtSettings & { readonly role_claim: string };
}

/** Who a request comes from, as far as tilery is concerned. */
export interface Principal {
  readonly kind: 'anonymous' | 'api_key' | 'token' | 'admin';
  /** The database role its tiles are read as; null: tilery's own. */
  readonly role: string | null;
  /** Who to count requests against (rate limits): null for anonymous ones (counted by address). */
  readonly client: string | null;
}

export interface Authenticator {
  /** True when read routes need an API key or a token. */
  readonly required: boolean;
  /** The principal of these credentials; a 401/403 `TileryError` when they are wrong or missing while required. */
  authenticate(credentials: Credentials): Promise<Principal>;
}

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous', role: null, client: null });
const ADMIN: Principal = Object.freeze({ kind: 'admin', role: null, client: 'admin' });

const digest = (s: string) => createHash('sha256').update(s).digest();
const fingerprint = (s: string) => digest(s).toString('base64url').slice(0, 16);

/** Compare secrets in constant time (their digests have one length). */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

export function createAuthenticator(settings: AuthSettings, adminToken: string | null): Authenticator {
  const keys = settings.api_keys.map(digest);
  const verify = createTokenVerifier(settings.jwt);
  const admin = adminToken ? digest(adminToken) : null;
  const required = keys.length > 0 || verify !== null;
  const claim = settings.jwt.role_claim;

  return {
    required,
    async authenticate({ apiKey, bearer }) {
      // the admin token also opens the read routes (it is the operator's own)
      if (bearer && admin && sameSecret(bearer, admin)) return ADMIN;
      if (bearer && verify) {
        const claims = await verify(bearer);
        const role = claims[claim];
        if (typeof role !== 'string' || role === '') {
          throw new TileryError('role_not_allowed', { role: String(role ?? ''), reason: `the token has no "${claim}" claim naming a database role` });
        }
        return { kind: 'token', role, client: `token:${claims.sub ?? fingerprint(bearer)}` };
      }
      if (apiKey !== null && keys.length > 0) {
        // every key is compared, so the time taken does not tell which one was close
        const known = keys.map((k) => sameSecret(apiKey, k)).includes(true);
        if (!known) throw new TileryError('unauthorized', { reason: 'the API key is not valid' });
        return { kind: 'api_key', role: null, client: `key:${fingerprint(apiKey)}` };
      }
      if (!required) return ANONYMOUS;
      const ways = [keys.length > 0 ? 'an API key (X-API-Key header or api_key parameter)' : null, verify ? 'a bearer token' : null].filter(Boolean);
      throw new TileryError('unauthorized', { reason: `send ${ways.join(' or ')}` });
    },
  };
}
