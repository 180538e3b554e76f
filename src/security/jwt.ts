import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TileryError } from '../errors.ts';

export interface JwtSettings {
  /** HS256 shared secret; null: no HS256 tokens. */
  readonly secret: string | null;
  /** JWKS URL of the RS256 public keys; null: no RS256 tokens. */
  readonly jwks_url: string | null;
  readonly audience: string | null;
  readonly issuer: string | null;
}

/** Verifies a token's signature, algorithm, lifetime (and audience, issuer): its claims, or a 401. */
export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/** Allowed clock difference between tilery and the token's issuer. */
const CLOCK_TOLERANCE_S = 30;

/** null when JWT authentication is not configured. */
export function createTokenVerifier(settings: JwtSettings): TokenVerifier | null {
  const secret = settings.secret ? new TextEncoder().encode(settings.secret) : null;
  const jwks = settings.jwks_url ? createRemoteJWKSet(new URL(settings.jwks_url), { timeoutDuration: 5000, cooldownDuration: 30_000 }) : null;
  if (!secret && !jwks) return null;
  // The token's own header says which key verifies it, among the algorithms configured: an RS256
  // public key is never taken as an HS256 secret, nor the other way round.
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ['RS256'] : [])];
  const getKey: JWTVerifyGetKey = (header, token) => (header.alg === 'HS256' ? secret! : jwks!(header, token));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms,
        clockTolerance: CLOCK_TOLERANCE_S,
        ...(settings.audience ? { audience: settings.audience } : {}),
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
      });
      return payload;
    } catch (err) {
      throw tokenError(err);
    }
  };
}

function tokenError(err: unknown): TileryError {
  if (err instanceof errors.JWKSTimeout || (err instanceof errors.JOSEError && err.code === 'ERR_JWKS_INVALID') || err instanceof TypeError) {
    return new TileryError('auth_unavailable', { reason: (err as Error).message });
  }
  if (err instanceof errors.JWTExpired) return new TileryError('unauthorized', { reason: 'the token has expired' });
  if (err instanceof errors.JWTClaimValidationFailed) return new TileryError('unauthorized', { reason: `the token's "${err.claim}" claim is not accepted: ${err.reason}` });
  if (err instanceof errors.JOSEAlgNotAllowed) return new TileryError('unauthorized', { reason: "the token's algorithm is not accepted" });
  if (err instanceof errors.JWKSNoMatchingKey) return new TileryError('unauthorized', { reason: 'no key of the key set verifies the token' });
  // a bad signature, a malformed token, …: nothing more to tell the client
  return new TileryError('unauthorized', { reason: 'the token is invalid' });
}
