/**
 * The one place that lists which `aud` values each plane accepts, and how a v2 `scope` maps to the resource
 * string that becomes a v1 token's `aud`.
 */

/** Azure Resource Manager: both resource ids Azure issues ARM tokens for, plus ARM's application id. */
export const ARM_AUDIENCES: readonly string[] = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013',
];

/** Microsoft Graph: its resource URL and its well-known application id. */
export const GRAPH_AUDIENCES: readonly string[] = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];

/** Azure Storage (any account): the storage resource URL and Azure Storage's application id. */
export const STORAGE_AUDIENCES: readonly string[] = [
  'https://storage.azure.com',
  'https://storage.azure.com/',
  'e406a681-f3d4-42a8-90b6-c2b029497af1',
];

/** Storage audiences for one account: the generic ones plus the account's own endpoint URL(s). */
export function storageAccountAudiences(accountName: string, extraEndpoints: readonly string[] = []): string[] {
  const own = [`https://${accountName.toLowerCase()}.blob.core.windows.net`, ...extraEndpoints];
  const out = [...STORAGE_AUDIENCES];
  for (const url of own) {
    const bare = url.replace(/\/+$/, '');
    out.push(bare, bare + '/');
  }
  return out;
}

/**
 * True when a token's `aud` is one of `accepted`. Compared as Azure does: the exact string, or the same string
 * with or without one trailing slash; case-insensitive (host names and GUIDs are).
 */
export function audienceMatches(aud: unknown, accepted: readonly string[]): boolean {
  const values = Array.isArray(aud) ? aud : [aud];
  for (const v of values) {
    if (typeof v !== 'string' || v.length === 0) continue;
    const a = v.toLowerCase();
    for (const acc of accepted) {
      const b = acc.toLowerCase();
      if (a === b || a === b + '/' || a + '/' === b) return true;
    }
  }
  return false;
}

/** Scopes that only shape the reply (ID token, refresh token); they name no resource. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'offline_access', 'email']);

const WHITESPACE = /\s/;

/** The scopes of a space-separated `scope` parameter that name a resource (OIDC scopes removed). */
export function resourceScopes(scope: string | undefined): string[] {
  if (!scope) return [];
  // The usual request names one scope and nothing else: no split needed.
  if (!WHITESPACE.test(scope)) return OIDC_SCOPES.has(scope.toLowerCase()) ? [] : [scope];
  return scope
    .split(/\s+/)
    .filter((s) => s.length > 0 && !OIDC_SCOPES.has(s.toLowerCase()));
}

const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/**
 * The resource (v1 `resource`, the token's `aud`) a v2 `scope` parameter asks for: the first non-OIDC scope with a
 * trailing `/.default` removed and nothing else (`https://management.core.windows.net//.default` →
 * `https://management.core.windows.net/`; `https://storage.azure.com/.default` → `https://storage.azure.com`).
 * A delegated permission scope (`https://management.azure.com/user_impersonation`) names its resource by the part
 * before its last `/`; a bare permission (`User.Read`) belongs to Microsoft Graph, as in Entra.
 * Returns undefined when no resource scope is present.
 */
export function scopeToResource(scope: string | undefined): string | undefined {
  const first = resourceScopes(scope)[0];
  return first === undefined ? undefined : scopeResource(first);
}

/** The resource one resource scope (not an OIDC scope) names; see `scopeToResource`. */
export function scopeResource(first: string): string {
  if (first.toLowerCase().endsWith('/.default')) return first.slice(0, -'/.default'.length);
  const slash = first.lastIndexOf('/');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(first)) {
    const schemeEnd = first.indexOf('://') + 3;
    return slash >= schemeEnd ? first.slice(0, slash) : first;
  }
  if (slash > 0) return first.slice(0, slash); // `{appId}/{permission}` or `api://…`-less id URIs
  return GRAPH_RESOURCE;
}

/**
 * The `scope` Entra echoes in a user token reply for a resource scope list: the resource's delegated permission
 * (`user_impersonation`) followed by the scopes as requested, so MSAL caches the token under what it asked for.
 */
export function grantedScopes(requested: string[], resource: string): string {
  const permission = `${resource}/user_impersonation`;
  const rest = requested.filter((s) => s !== permission);
  return [permission, ...rest].join(' ');
}
