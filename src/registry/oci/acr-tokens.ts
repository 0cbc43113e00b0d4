/**
 * ACR's own tokens: refresh tokens (from `/oauth2/exchange`, 3 h) and access tokens (from `/oauth2/token`, with the
 * granted `access` claims). JWTs shaped like ACR's (`iss: "Azure Container Registry"`, `aud: <login server>`,
 * `grant_type`, `version: "1.0"`), signed HS256 with a registry-plane key kept in the data home (0600). Clients
 * treat them as opaque except for `exp` (the JS SDK decodes it); only this plane verifies them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../http/tls/atomic-write.js';
import type { Clock } from '../../shared/clock.js';
import type { IdGenerator } from '../../shared/ids.js';
import type { Principal } from '../../shared/principal.js';
import type { AccessEntry } from './oci-errors.js';

export const ACR_ISSUER = 'Azure Container Registry';
export const REFRESH_TOKEN_LIFETIME_SECONDS = 3 * 3600;
export const ACCESS_TOKEN_LIFETIME_SECONDS = 75 * 60;
const CLOCK_SKEW_SECONDS = 300;

/** Who a token speaks for: an Entra principal (RBAC applies) or the registry's admin user. */
export type AcrSubject = { kind: 'principal'; principal: Principal } | { kind: 'admin'; username: string };

export interface AcrClaims {
  jti: string;
  sub: string;
  nbf: number;
  exp: number;
  iat: number;
  iss: string;
  aud: string;
  version: string;
  grant_type: 'refresh_token' | 'access_token';
  tenant?: string;
  appid?: string;
  upn?: string;
  /** Principal type, `User` or `ServicePrincipal` (absent for the admin user). */
  ptype?: string;
  groups?: string[];
  permissions?: { actions: string[]; notActions: string[] };
  access?: AccessEntry[];
  roles: string[];
}

export class AcrTokenError extends Error {}

export interface IssuedAcrToken {
  token: string;
  exp: number;
}

/** Reads the signing key, creating 32 random bytes (0600) on first use. */
export function loadOrCreateTokenKey(path: string, random: (n: number) => Buffer = randomBytes): Buffer {
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length >= 32) return key;
  }
  const key = random(32);
  writeFileAtomic(path, key.toString('base64') + '\n', 0o600);
  return key;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

export class AcrTokens {
  private readonly kid: string;

  constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    this.kid = createHmac('sha256', key).update('kid').digest('base64url').slice(0, 16);
  }

  private sign(claims: AcrClaims): string {
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: this.kid })}.${b64(claims)}`;
    return `${input}.${createHmac('sha256', this.key).update(input).digest('base64url')}`;
  }

  private base(subject: AcrSubject, service: string, lifetime: number, grant: AcrClaims['grant_type']): AcrClaims {
    const iat = Math.floor(this.clock.now() / 1000);
    const c: AcrClaims = { jti: this.ids.uuid(), sub: '', nbf: iat, exp: iat + lifetime, iat, iss: ACR_ISSUER, aud: service, version: '1.0', grant_type: grant, roles: [] };
    if (subject.kind === 'admin') c.sub = subject.username;
    else {
      const p = subject.principal;
      c.sub = p.objectId;
      c.tenant = p.tenantId;
      c.ptype = p.type;
      if (p.appId) c.appid = p.appId;
      if (p.upn) c.upn = p.upn;
      const groups = p.claims?.groups;
      if (Array.isArray(groups)) c.groups = groups.filter((g): g is string => typeof g === 'string');
    }
    return c;
  }

  issueRefresh(subject: AcrSubject, service: string): IssuedAcrToken {
    const c = this.base(subject, service, REFRESH_TOKEN_LIFETIME_SECONDS, 'refresh_token');
    c.permissions = { actions: ['*'], notActions: [] };
    return { token: this.sign(c), exp: c.exp };
  }

  issueAccess(subject: AcrSubject, service: string, access: AccessEntry[]): IssuedAcrToken {
    const c = this.base(subject, service, ACCESS_TOKEN_LIFETIME_SECONDS, 'access_token');
    c.access = access;
    return { token: this.sign(c), exp: c.exp };
  }

  /** Verifies signature, times, audience (the login server) and grant type. */
  verify(token: string, service: string, grant: AcrClaims['grant_type']): AcrClaims {
    const parts = token.split('.');
    if (parts.length !== 3) throw new AcrTokenError('malformed token');
    const expected = createHmac('sha256', this.key).update(`${parts[0]}.${parts[1]}`).digest();
    const got = Buffer.from(parts[2], 'base64url');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new AcrTokenError('invalid token signature');
    let c: AcrClaims;
    try {
      c = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AcrClaims;
    } catch {
      throw new AcrTokenError('malformed token');
    }
    const now = this.clock.now() / 1000;
    if (typeof c.exp !== 'number' || now > c.exp + CLOCK_SKEW_SECONDS) throw new AcrTokenError('token expired');
    if (typeof c.nbf === 'number' && now + CLOCK_SKEW_SECONDS < c.nbf) throw new AcrTokenError('token not yet valid');
    if (typeof c.aud !== 'string' || c.aud.toLowerCase() !== service.toLowerCase()) throw new AcrTokenError(`token audience '${String(c.aud)}' is not '${service}'`);
    if (c.grant_type !== grant) throw new AcrTokenError(`token grant type '${String(c.grant_type)}' is not '${grant}'`);
    return c;
  }
}

/** The subject a verified token speaks for. */
export function subjectOf(c: AcrClaims): AcrSubject {
  if (!c.tenant) return { kind: 'admin', username: c.sub };
  const principal: Principal = { objectId: c.sub, tenantId: c.tenant, type: c.ptype === 'User' ? 'User' : 'ServicePrincipal' };
  if (c.appid) principal.appId = c.appid;
  if (c.upn) principal.upn = c.upn;
  if (c.groups) principal.claims = { groups: c.groups };
  return { kind: 'principal', principal };
}
