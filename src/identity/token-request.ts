/**
 * A parsed token endpoint request: protocol version, tenant, form fields, client credentials (form or HTTP Basic)
 * and the resource it asks for (v1 `resource`, v2 `scope` → resource).
 */
import type { RequestContext } from '../http/operation.js';
import type { ResolvedTenant } from './tenants.js';
import { resourceScopes, scopeResource } from './audiences.js';
import { invalidDefaultScope, missingParameter } from './oauth-errors.js';

export interface TokenRequest {
  version: 'v1' | 'v2';
  tenant: ResolvedTenant;
  form: Record<string, string>;
  clientId?: string;
  clientSecret?: string;
  ctx: RequestContext;
}

/** Form fields from the pipeline's parsed body (or the raw bytes when parsed differently). */
export function formFields(ctx: RequestContext): Record<string, string> {
  const b = ctx.body;
  if (b instanceof URLSearchParams) return Object.fromEntries(b);
  if (b && typeof b === 'object' && !Array.isArray(b)) {
    const fields = b as Record<string, unknown>;
    // The pipeline's form parser gives a plain object of strings: used as it is. Anything else: its string fields.
    if (Object.getPrototypeOf(fields) === Object.prototype && allStrings(fields)) return fields as Record<string, string>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') out[k] = v;
    return out;
  }
  if (ctx.rawBody) return Object.fromEntries(new URLSearchParams(ctx.rawBody.toString('utf8')));
  return {};
}

function allStrings(o: Record<string, unknown>): boolean {
  for (const k in o) if (typeof o[k] !== 'string') return false;
  return true;
}

/** `client_id`/`client_secret` from the form, else from `Authorization: Basic` (client_secret_basic). */
export function clientCredentials(ctx: RequestContext, form: Record<string, string>): { clientId?: string; clientSecret?: string } {
  let clientId = form.client_id?.trim() || undefined;
  let clientSecret = form.client_secret || undefined;
  const auth = ctx.req.headers.authorization;
  const m = typeof auth === 'string' ? /^\s*basic\s+(\S+)\s*$/i.exec(auth) : null;
  if (m) {
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const id = safeDecode(decoded.slice(0, colon));
      const secret = safeDecode(decoded.slice(colon + 1));
      clientId ??= id;
      if (clientSecret === undefined && (!clientId || clientId === id)) clientSecret = secret;
    }
  }
  return { clientId, clientSecret };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export interface RequestedResource {
  audience: string;
  /** v2: the resource scopes as sent (OIDC scopes removed); v1: empty. */
  scopes: string[];
}

/**
 * The resource a request asks for. `fallback` is used when nothing is named (v1 refresh: the original resource;
 * v2 with only OIDC scopes: Microsoft Graph); without one, the missing parameter is an error.
 * `requireDefault` enforces the client-credentials rule that a v2 scope ends with `/.default`.
 */
export function requestedResource(req: TokenRequest, opts: { fallback?: string; requireDefault?: boolean } = {}): RequestedResource {
  if (req.version === 'v1') {
    const resource = req.form.resource?.trim();
    if (resource) return { audience: resource, scopes: [] };
    if (opts.fallback) return { audience: opts.fallback, scopes: [] };
    throw missingParameter('resource');
  }
  const scope = req.form.scope?.trim();
  if (!scope) {
    if (opts.fallback && !opts.requireDefault) return { audience: opts.fallback, scopes: [] };
    throw missingParameter('scope');
  }
  const scopes = resourceScopes(scope);
  if (opts.requireDefault && (scopes.length === 0 || !scopes[0].toLowerCase().endsWith('/.default'))) throw invalidDefaultScope(scope);
  const audience = (scopes.length > 0 ? scopeResource(scopes[0]) : undefined) ?? opts.fallback;
  if (!audience) throw missingParameter('scope');
  return { audience, scopes };
}

/** Whether the v2 request asked for `scope` (e.g. `openid`, `offline_access`). v1 replies always carry both. */
export function requestedOidcScope(req: TokenRequest, scope: string): boolean {
  if (req.version === 'v1') return true;
  return (req.form.scope ?? '').split(/\s+/).some((s) => s.toLowerCase() === scope);
}
