import type { Principal } from '../shared/principal.js';

export interface IssuedToken {
  accessToken: string;
  /** Seconds since epoch. */
  expiresOn: number;
  expiresIn: number;
  notBefore: number;
  /** The audience as put in `aud`. */
  resource: string;
}

export interface TokenSubject {
  objectId: string;
  tenantId: string;
  kind: 'user' | 'servicePrincipal' | 'managedIdentity';
  appId?: string;
  upn?: string;
  name?: string;
  /** For managed identities: `xms_mirid`. */
  miResourceId?: string;
}

/** Signs and verifies Cerulean's Entra-compatible JWTs (v1 access tokens). */
export interface TokenService {
  tenantId: string;
  /** Issues (or reuses a still-valid cached) access token for `subject` and `audience` (the resource string as sent). */
  issueAccessToken(subject: TokenSubject, audience: string, opts?: { clientAppId?: string; lifetimeSeconds?: number; reuse?: boolean }): Promise<IssuedToken>;
  /** The still-valid cached token `issueAccessToken` with reuse on would return right now, or undefined (then call
   *  it). Lets a caller skip a promise when the token is reused. Optional. */
  reusableAccessToken?(subject: TokenSubject, audience: string, clientAppId?: string): IssuedToken | undefined;
  /** Verifies signature (JWKS), issuer, expiry/nbf and that `aud` is one of `audiences` (compared as Azure does:
   *  exact string, or with/without one trailing slash). Throws TokenError. */
  verifyAccessToken(token: string, audiences: readonly string[]): Promise<Principal>;
}

export type TokenErrorReason = 'malformed' | 'unsupported-alg' | 'bad-signature' | 'unknown-key' | 'expired' | 'not-yet-valid' | 'bad-issuer' | 'bad-audience';

export class TokenError extends Error {
  constructor(readonly reason: TokenErrorReason, message: string, readonly detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'TokenError';
  }
}
