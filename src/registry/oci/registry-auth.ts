/**
 * Data-plane authentication and authorization. Credentials: `Bearer <ACR access token>` (its `access` claims decide),
 * or `Basic <admin user>:<password>` when the registry's admin user is enabled (everything allowed).
 * A request whose token lacks the access it needs is answered 401 + a challenge naming the scope — unless the
 * caller's role assignments refuse that access at the registry, then 403 DENIED with an explanation header.
 */
import type { Caller, RequestContext } from '../../http/operation.js';
import type { Authenticator } from '../../http/plane.js';
import { safeEqual } from '../../shared/ids.js';
import { registryCredentials } from '../arm/registry-records.js';
import { AcrTokenError, subjectOf, type AcrSubject } from './acr-tokens.js';
import { ociErrors, type AccessEntry } from './oci-errors.js';
import { ROLE_FOR_ACTION, accessAllows, rbacActionFor } from './token-scopes.js';
import { registryBaseUrl, registryState, type RegistryCallerInfo, type RegistryService } from './registry-service.js';

export const ADMIN_SCHEME = 'acr-admin';
export const TOKEN_SCHEME = 'acr-bearer';
export const NULL_GUID = '00000000-0000-0000-0000-000000000000';

/** `Authorization: Basic …` as [user, password], or undefined. */
export function basicCredentials(value: string | string[] | undefined): [string, string] | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const m = /^\s*basic\s+(\S+)\s*$/i.exec(v ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : [text.slice(0, i), text.slice(i + 1)];
}

/** Whether user/password are the registry's admin credentials (and the admin user is enabled). */
export function isAdminLogin(svc: RegistryService, ctx: RequestContext, user: string, password: string): boolean {
  const { registry } = registryState(ctx);
  if (!registry.properties.adminUserEnabled) return false;
  const creds = registryCredentials(svc.pctx.store, registry);
  return user.toLowerCase() === creds.username.toLowerCase() && creds.passwords.some((p) => safeEqual(p.value, password));
}

function realm(ctx: RequestContext): string {
  return registryBaseUrl(ctx);
}

export function registryAuthenticator(svc: RegistryService): Authenticator {
  return (ctx): Caller | undefined => {
    const header = ctx.req.headers.authorization;
    if (header === undefined) return undefined;
    const { loginServer } = registryState(ctx);
    const value = Array.isArray(header) ? header[0] : header;
    const bearer = /^\s*bearer\s+(\S+)\s*$/i.exec(value ?? '');
    if (bearer) {
      try {
        const claims = svc.tokens.verify(bearer[1], loginServer, 'access_token');
        const info: RegistryCallerInfo = { subject: subjectOf(claims), access: claims.access ?? [] };
        return { scheme: TOKEN_SCHEME, info: info as unknown as Record<string, unknown> };
      } catch (e) {
        if (e instanceof AcrTokenError) throw ociErrors.unauthorized(realm(ctx), loginServer, [], `authentication required, ${e.message}`);
        throw e;
      }
    }
    const basic = basicCredentials(value);
    if (basic && isAdminLogin(svc, ctx, basic[0], basic[1])) {
      const info: RegistryCallerInfo = { subject: { kind: 'admin', username: basic[0] } };
      return { scheme: ADMIN_SCHEME, info: info as unknown as Record<string, unknown> };
    }
    throw ociErrors.unauthorized(realm(ctx), loginServer, [], 'authentication required, invalid credentials');
  };
}

export function callerInfo(ctx: RequestContext): RegistryCallerInfo | undefined {
  return ctx.caller.scheme === TOKEN_SCHEME || ctx.caller.scheme === ADMIN_SCHEME ? (ctx.caller.info as unknown as RegistryCallerInfo) : undefined;
}

/** Whether the caller holds `action` on (type, name) — without raising anything. */
export function holds(ctx: RequestContext, type: string, name: string, action: string): boolean {
  const info = callerInfo(ctx);
  if (!info) return false;
  if (info.subject.kind === 'admin' && info.access === undefined) return true;
  return accessAllows(info.access, type, name, action);
}

/** Does the principal's RBAC at the registry allow the token action? Returns the denial explanation if not. */
export function rbacRefusal(svc: RegistryService, ctx: RequestContext, subject: AcrSubject, type: string, action: string): string | undefined {
  if (subject.kind !== 'principal') return undefined;
  const rbac = rbacActionFor(type, action === '*' ? 'pull' : action);
  if (!rbac) return undefined;
  const { registry } = registryState(ctx);
  const result = svc.pctx.authz.authorize({ principal: subject.principal, action: rbac, dataAction: false, scope: registry.id, plane: 'registry' });
  if (result.allowed) return undefined;
  const role = ROLE_FOR_ACTION[rbac] ?? 'a role';
  return `Requires '${role}' (action '${rbac}') at the registry scope ${registry.id}. ${result.denial?.explanation ?? ''}`.trim();
}

/** Throws 401 (no or insufficient token) or 403 DENIED (RBAC refuses) unless the caller holds every needed action. */
export function requireAccess(svc: RegistryService, ctx: RequestContext, needed: AccessEntry): void {
  const { loginServer, registry } = registryState(ctx);
  const info = callerInfo(ctx);
  const missing = needed.actions.filter((a) => !holds(ctx, needed.type, needed.name, a));
  if (missing.length === 0) return;
  if (!info) {
    const anonymousPull = registry.properties.anonymousPullEnabled === true && needed.type === 'repository' && missing.every((a) => a === 'pull' || a === 'metadata_read');
    if (anonymousPull) return;
    throw ociErrors.unauthorized(realm(ctx), loginServer, [needed]);
  }
  for (const a of missing) {
    const refusal = rbacRefusal(svc, ctx, info.subject, needed.type, a);
    if (refusal) throw ociErrors.denied(refusal);
  }
  throw ociErrors.unauthorized(realm(ctx), loginServer, [needed]);
}
