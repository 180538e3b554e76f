export { readCredentials, type Credentials } from './credentials.ts';
export { createAuthenticator, ANONYMOUS, type AuthSettings, type Authenticator, type Principal } from './authenticate.ts';
export { createTokenVerifier, type JwtSettings, type TokenVerifier } from './jwt.ts';
