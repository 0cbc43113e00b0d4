/**
 * ID tokens (v2 for the v2 endpoint, v1 for the v1 endpoint) and `client_info`, which MSAL uses to build the
 * signed-in account (`home_account_id` = `{uid}.{utid}`).
 */
import { randomBytes } from 'node:crypto';
import type { UserRecord } from '../directory/types.js';
import type { KeyRing } from './key-ring.js';
import { signJwt } from './jwt-sign.js';
import { pairwiseSubject, v1Issuer } from './token-service.js';

const KNOWN_LOGIN_HOSTS = new Set(['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net']);

/**
 * The v2 issuer clients reached through `origin` expect: Entra's for the public login host names; the origin
 * itself for a direct URL (MSAL accepts an issuer on another host only when that host is a known Microsoft one).
 */
export function v2Issuer(origin: string, host: string, tenantId: string): string {
  const base = KNOWN_LOGIN_HOSTS.has(host.toLowerCase()) ? 'https://login.microsoftonline.com' : origin;
  return `${base}/${tenantId}/v2.0`;
}

export function isKnownLoginHost(host: string): boolean {
  return KNOWN_LOGIN_HOSTS.has(host.toLowerCase());
}

export interface IdTokenInput {
  keyRing: KeyRing;
  version: 'v1' | 'v2';
  /** v2 issuer (ignored for v1, whose issuer is `https://sts.windows.net/{tid}/`). */
  issuer: string;
  tenantId: string;
  user: UserRecord;
  clientId: string;
  /** Epoch seconds. */
  now: number;
  lifetimeSeconds?: number;
  /** The authorize request's nonce (OpenID Connect), echoed in the token. */
  nonce?: string;
}

export function buildIdToken(input: IdTokenInput): string {
  const { user, clientId, tenantId, now } = input;
  const iat = Math.floor(now);
  const exp = iat + (input.lifetimeSeconds ?? 3600);
  const common = {
    aud: clientId,
    iat,
    nbf: iat,
    exp,
    name: user.displayName,
    oid: user.id,
    sub: pairwiseSubject(user.id, clientId),
    tid: tenantId,
    ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
  };
  if (input.version === 'v2') {
    return signJwt(
      input.keyRing.active(),
      {
        ...common,
        iss: input.issuer,
        aio: randomBytes(40).toString('base64'),
        preferred_username: user.userPrincipalName,
        rh: `0.${randomBytes(48).toString('base64url')}.`,
        uti: randomBytes(16).toString('base64url'),
        ver: '2.0',
      },
      { x5t: false },
    );
  }
  return signJwt(input.keyRing.active(), {
    ...common,
    iss: v1Issuer(tenantId),
    amr: ['pwd'],
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    ver: '1.0',
  });
}

/** base64url of `{"uid":oid,"utid":tid}`. */
export function clientInfo(objectId: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: objectId, utid: tenantId }), 'utf8').toString('base64url');
}
