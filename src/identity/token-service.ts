/**
 * Issues and verifies Cerulean's Entra-compatible v1 access tokens (RS256, signed with the key ring's active key).
 * Issued tokens are reused per (subject, client, audience) while more than half their lifetime remains, as Entra
 * and the managed-identity back end do; successful verifications are cached per token string until it expires.
 */
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Principal } from '../shared/principal.js';
import { audienceMatches } from './audiences.js';
import type { KeyRing } from './key-ring.js';
import { signJwt } from './jwt-sign.js';
import { TokenError, type IssuedToken, type TokenService, type TokenSubject } from './types.js';

export const USER_TOKEN_LIFETIME_SECONDS = 3600;
export const MANAGED_IDENTITY_TOKEN_LIFETIME_SECONDS = 86400;
/** Clock skew tolerated on `exp` and `nbf`, as Azure's resource providers do. */
export const CLOCK_SKEW_SECONDS = 300;
const MAX_CACHE_ENTRIES = 10_000;

export interface TokenServiceOptions {
  tenantId: string;
  keyRing: KeyRing;
  clock: Clock;
  ids: IdGenerator;
}

export interface CeruleanTokenService extends TokenService {
  /** v1 issuer, `https://sts.windows.net/{tid}/`. */
  readonly issuer: string;
  /** The signing keys (JWKS, ID tokens). */
  readonly keyRing: KeyRing;
  /** Forgets cached tokens issued to `objectId` (identity deleted or credentials changed). */
  forgetSubject(objectId: string): void;
}

interface CachedIssue {
  token: IssuedToken;
  iat: number;
}

interface CachedVerification {
  token: string;
  principal: Principal;
  kid: string;
  aud: unknown;
  exp: number;
  nbf: number;
}

export function v1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function createTokenService(opts: TokenServiceOptions): CeruleanTokenService {
  const { tenantId, keyRing, clock, ids } = opts;
  const issuer = v1Issuer(tenantId);
  const issued = new Map<string, CachedIssue>();
  const verified = new Map<string, CachedVerification>();

  const nowSeconds = () => clock.now() / 1000;

  function opaque(bytes: number): Buffer {
    const parts: Buffer[] = [];
    while (Buffer.concat(parts).length < bytes) parts.push(Buffer.from(ids.uuid().replace(/-/g, ''), 'hex'));
    return Buffer.concat(parts).subarray(0, bytes);
  }

  function claimsFor(subject: TokenSubject, audience: string, clientAppId: string | undefined, iat: number, exp: number): Record<string, unknown> {
    const base = {
      aud: audience,
      iss: issuer,
      iat,
      nbf: iat,
      exp,
    };
    if (subject.kind === 'user') {
      const appid = clientAppId ?? subject.appId ?? '';
      return {
        ...base,
        acr: '1',
        aio: opaque(40).toString('base64'),
        amr: ['pwd'],
        appid,
        appidacr: '0',
        idtyp: 'user',
        name: subject.name ?? subject.upn ?? '',
        oid: subject.objectId,
        rh: `0.${opaque(48).toString('base64url')}.`,
        scp: 'user_impersonation',
        sub: pairwiseSubject(subject.objectId, appid),
        tid: subject.tenantId,
        unique_name: subject.upn ?? '',
        upn: subject.upn ?? '',
        uti: opaque(16).toString('base64url'),
        ver: '1.0',
      };
    }
    const claims: Record<string, unknown> = {
      ...base,
      aio: opaque(40).toString('base64'),
      appid: subject.appId ?? clientAppId ?? '',
      appidacr: subject.kind === 'managedIdentity' ? '2' : '1',
      idp: issuer,
      idtyp: 'app',
      oid: subject.objectId,
      rh: `0.${opaque(48).toString('base64url')}.`,
      sub: subject.objectId,
      tid: subject.tenantId,
      uti: opaque(16).toString('base64url'),
      ver: '1.0',
    };
    if (subject.kind === 'managedIdentity' && subject.miResourceId) claims.xms_mirid = subject.miResourceId;
    return claims;
  }

  function issueKey(subject: TokenSubject, clientAppId: string | undefined, audience: string): string {
    return `${subject.objectId.toLowerCase()}|${(clientAppId ?? '').toLowerCase()}|${audience}`;
  }

  /** A cached token with more than half of its lifetime left, with `expiresIn` as of `now`. */
  function reusable(cacheKey: string, now: number): IssuedToken | undefined {
    const hit = issued.get(cacheKey);
    if (hit === undefined) return undefined;
    const t = hit.token;
    if (t.expiresOn - now <= (t.expiresOn - hit.iat) / 2) return undefined;
    // A new object each time (callers may keep it), written out rather than spread: this is the hot path.
    return { accessToken: t.accessToken, expiresOn: t.expiresOn, expiresIn: Math.max(0, t.expiresOn - Math.ceil(now)), notBefore: t.notBefore, resource: t.resource };
  }

  function prune<T>(map: Map<string, T>, expOf: (v: T) => number): void {
    if (map.size < MAX_CACHE_ENTRIES) return;
    const now = nowSeconds();
    for (const [k, v] of map) if (expOf(v) <= now) map.delete(k);
    if (map.size >= MAX_CACHE_ENTRIES) map.clear();
  }

  return {
    tenantId,
    issuer,
    keyRing,

    reusableAccessToken(subject, audience, clientAppId) {
      return reusable(issueKey(subject, clientAppId, audience), nowSeconds());
    },

    async issueAccessToken(subject, audience, issueOpts = {}) {
      const reuse = issueOpts.reuse ?? true;
      const cacheKey = issueKey(subject, issueOpts.clientAppId, audience);
      const now = nowSeconds();
      if (reuse) {
        const hit = reusable(cacheKey, now);
        if (hit) return hit;
      }
      const lifetime =
        issueOpts.lifetimeSeconds ?? (subject.kind === 'managedIdentity' ? MANAGED_IDENTITY_TOKEN_LIFETIME_SECONDS : USER_TOKEN_LIFETIME_SECONDS);
      const iat = Math.floor(now);
      const exp = iat + lifetime;
      const accessToken = signJwt(keyRing.active(), claimsFor(subject, audience, issueOpts.clientAppId, iat, exp));
      const token: IssuedToken = { accessToken, expiresOn: exp, expiresIn: Math.max(0, exp - Math.ceil(now)), notBefore: iat, resource: audience };
      if (reuse) {
        prune(issued, (v) => v.token.expiresOn);
        issued.set(cacheKey, { token, iat });
      }
      return token;
    },

    async verifyAccessToken(token, audiences) {
      const now = nowSeconds();
      // Keyed by the signature (a few hundred characters to hash rather than the whole token); a hit counts only
      // for the very same token.
      const cacheKey = signatureOf(token);
      const hit = verified.get(cacheKey);
      if (hit && hit.token === token && keyRing.find(hit.kid)) {
        checkTimes(hit.exp, hit.nbf, now);
        if (!audienceMatches(hit.aud, audiences)) throw badAudience(hit.aud);
        return hit.principal;
      }

      let header: { alg?: unknown; kid?: unknown };
      try {
        header = decodeProtectedHeader(token);
      } catch {
        throw new TokenError('malformed', 'The token is not a valid JWT.');
      }
      if (header.alg !== 'RS256') {
        throw new TokenError('unsupported-alg', `The token's signing algorithm '${String(header.alg)}' is not supported.`, { alg: header.alg });
      }
      const kid = typeof header.kid === 'string' ? header.kid : undefined;
      const key = kid ? keyRing.find(kid) : undefined;
      if (!kid || !key) throw new TokenError('unknown-key', `The token is signed with an unknown key '${kid ?? ''}'.`, { kid });

      let payloadBytes: Uint8Array;
      try {
        ({ payload: payloadBytes } = await compactVerify(token, key.publicKey, { algorithms: ['RS256'] }));
      } catch {
        throw new TokenError('bad-signature', 'The token signature is invalid.', { kid });
      }
      let claims: Record<string, unknown>;
      try {
        claims = JSON.parse(Buffer.from(payloadBytes).toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new TokenError('malformed', 'The token payload is not JSON.');
      }
      if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw new TokenError('malformed', 'The token payload is not a JSON object.');
      if (claims.iss !== issuer) {
        throw new TokenError('bad-issuer', `The token issuer '${String(claims.iss)}' is invalid.`, { iss: claims.iss, expected: issuer });
      }
      if (typeof claims.exp !== 'number') throw new TokenError('malformed', "The token has no 'exp' claim.");
      const nbf = typeof claims.nbf === 'number' ? claims.nbf : 0;
      checkTimes(claims.exp, nbf, now);
      if (!audienceMatches(claims.aud, audiences)) throw badAudience(claims.aud);
      if (typeof claims.oid !== 'string' || typeof claims.tid !== 'string') {
        throw new TokenError('malformed', "The token has no 'oid' or 'tid' claim.");
      }

      const principal = principalFromClaims(claims);
      prune(verified, (v) => v.exp);
      verified.set(cacheKey, { token, principal, kid, aud: claims.aud, exp: claims.exp, nbf });
      return principal;
    },

    forgetSubject(objectId) {
      const prefix = `${objectId.toLowerCase()}|`;
      for (const k of issued.keys()) if (k.startsWith(prefix)) issued.delete(k);
      for (const [k, v] of verified) if (v.principal.objectId.toLowerCase() === objectId.toLowerCase()) verified.delete(k);
    },
  };
}

/** The JWS signature segment of a compact token (the whole string when it has no dot). */
function signatureOf(token: string): string {
  const dot = token.lastIndexOf('.');
  return dot < 0 ? token : token.slice(dot + 1);
}

function checkTimes(exp: number, nbf: number, now: number): void {
  if (now > exp + CLOCK_SKEW_SECONDS) {
    throw new TokenError('expired', `The token is expired (exp ${new Date(exp * 1000).toISOString()}).`, { exp, now: Math.floor(now) });
  }
  if (now + CLOCK_SKEW_SECONDS < nbf) {
    throw new TokenError('not-yet-valid', `The token is not valid yet (nbf ${new Date(nbf * 1000).toISOString()}).`, { nbf, now: Math.floor(now) });
  }
}

function badAudience(aud: unknown): TokenError {
  return new TokenError('bad-audience', `The token audience '${String(aud)}' is not accepted here.`, { aud });
}

/** The caller a verified token names: users by UPN, applications and managed identities by client id. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const isUser = claims.idtyp === 'user' || (claims.idtyp === undefined && (str(claims.upn) !== undefined || str(claims.scp) !== undefined));
  const base = { objectId: String(claims.oid), tenantId: String(claims.tid), claims };
  if (isUser) {
    const p: Principal = { ...base, type: 'User' };
    const upn = str(claims.upn) ?? str(claims.unique_name);
    if (upn) p.upn = upn;
    const name = str(claims.name);
    if (name) p.displayName = name;
    return p;
  }
  const p: Principal = { ...base, type: 'ServicePrincipal' };
  const appId = str(claims.appid) ?? str(claims.azp);
  if (appId) p.appId = appId;
  const mirid = str(claims.xms_mirid);
  if (mirid) p.miResourceId = mirid;
  return p;
}

/** Entra's per-application subject for users: stable for (user, app), different across apps. */
export function pairwiseSubject(objectId: string, appId: string): string {
  return createHash('sha256').update(`${objectId.toLowerCase()}|${appId.toLowerCase()}`).digest('base64url');
}
