/** ARM scopes as the access pages show them: normalised, compared case-insensitively, described in words. */

/** A scope as typed or pasted (an ARM id or a portal URL holding one): `/subscriptions/…` without a trailing slash. */
export function normalizeScope(input: string): string {
  let s = input.trim();
  try {
    s = decodeURIComponent(s);
  } catch {
    /* keep as typed */
  }
  const at = s.toLowerCase().indexOf('/subscriptions/');
  if (at > 0) s = s.slice(at);
  s = s.replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (s && !s.startsWith('/')) s = '/' + s;
  return s === '' ? '' : s;
}

/** True when an ARM scope looks like something ARM accepts (subscription, group or resource id). */
export function isScopeLike(scope: string): boolean {
  return /^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+(\/providers\/[^/]+(\/[^/]+\/[^/]+)+)?)?$/i.test(scope);
}

/** `a` is `b` or an ancestor of `b` ('/' is above everything). */
export function isAtOrAbove(a: string, b: string): boolean {
  const x = a.replace(/\/+$/, '').toLowerCase();
  const y = b.replace(/\/+$/, '').toLowerCase();
  return x === '' || x === y || y.startsWith(x + '/');
}

export function sameScope(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

export interface ScopeInfo {
  kind: 'Root' | 'Management group' | 'Subscription' | 'Resource group' | 'Resource';
  name: string;
  /** e.g. "Resource group 'ml-rg'" or "storageAccounts 'mystore'". */
  label: string;
  subscription: string;
  resourceGroup?: string;
}

export function describeScope(scope: string): ScopeInfo {
  const parts = scope.split('/').filter(Boolean);
  const lower = parts.map((p) => p.toLowerCase());
  const subAt = lower.indexOf('subscriptions');
  const subscription = subAt >= 0 ? (parts[subAt + 1] ?? '') : '';
  if (parts.length === 0) return { kind: 'Root', name: '/', label: 'Root (/)', subscription };
  if (lower[0] === 'providers' && lower[1] === 'microsoft.management') {
    const name = parts[3] ?? '';
    return { kind: 'Management group', name, label: `Management group '${name}'`, subscription };
  }
  const rgAt = lower.indexOf('resourcegroups');
  const resourceGroup = rgAt >= 0 ? parts[rgAt + 1] : undefined;
  const provAt = lower.indexOf('providers');
  if (provAt >= 0 && parts.length > provAt + 2) {
    const types: string[] = [];
    for (let i = provAt + 2; i + 1 < parts.length; i += 2) types.push(parts[i]);
    const name = parts[parts.length - 1];
    return { kind: 'Resource', name, label: `${types[types.length - 1] ?? 'resource'} '${name}'`, subscription, resourceGroup };
  }
  if (resourceGroup !== undefined) return { kind: 'Resource group', name: resourceGroup, label: `Resource group '${resourceGroup}'`, subscription, resourceGroup };
  return { kind: 'Subscription', name: subscription, label: `Subscription '${subscription}'`, subscription };
}

/** The Access control page for a scope. */
export const accessHref = (scope: string, extra = ''): string => `/access?scope=${encodeURIComponent(scope)}${extra}`;
