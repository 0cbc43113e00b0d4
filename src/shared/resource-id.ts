/**
 * ARM resource ids and scopes. Ids compare case-insensitively by whole segments;
 * the casing a user gave is preserved for display.
 */
export interface ParsedResourceId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Provider namespace of the last `providers/` segment, e.g. `Microsoft.Storage`. */
  namespace?: string;
  /** Full resource type, e.g. `Microsoft.Storage/storageAccounts/blobServices`. */
  type?: string;
  /** Last name segment. */
  name?: string;
  /** Type/name pairs after the last `providers/{namespace}`. */
  segments: Array<{ type: string; name: string }>;
}

export function splitId(id: string): string[] {
  return id.split('/').filter((s) => s.length > 0);
}

/** Normalises an id or scope for comparison: leading slash, no trailing slash, lower case. */
export function normalizeScope(scope: string): string {
  const parts = splitId(scope);
  return ('/' + parts.join('/')).toLowerCase();
}

/** True when `ancestor` is `scope` itself or one of its parents (whole segments, case-insensitive). */
export function isScopeAtOrAbove(ancestor: string, scope: string): boolean {
  const a = normalizeScope(ancestor);
  const s = normalizeScope(scope);
  if (a === '/') return true;
  return s === a || s.startsWith(a + '/');
}

export function parseResourceId(id: string): ParsedResourceId {
  const parts = splitId(id);
  const out: ParsedResourceId = { segments: [] };
  let i = 0;
  if (parts[i]?.toLowerCase() === 'subscriptions') {
    out.subscriptionId = parts[i + 1];
    i += 2;
  }
  if (parts[i]?.toLowerCase() === 'resourcegroups') {
    out.resourceGroup = parts[i + 1];
    i += 2;
  }
  // Use the last providers/ segment (extension resources nest providers/).
  let last = -1;
  for (let j = i; j < parts.length; j++) if (parts[j].toLowerCase() === 'providers') last = j;
  if (last >= 0 && parts[last + 1]) {
    out.namespace = parts[last + 1];
    const rest = parts.slice(last + 2);
    const types: string[] = [out.namespace];
    for (let k = 0; k + 1 < rest.length; k += 2) {
      out.segments.push({ type: rest[k], name: rest[k + 1] });
      types.push(rest[k]);
    }
    if (rest.length % 2 === 1) types.push(rest[rest.length - 1]);
    out.type = types.join('/');
    out.name = out.segments.length ? out.segments[out.segments.length - 1].name : undefined;
  } else if (out.resourceGroup) {
    out.type = 'Microsoft.Resources/resourceGroups';
    out.name = out.resourceGroup;
  } else if (out.subscriptionId) {
    out.type = 'Microsoft.Resources/subscriptions';
    out.name = out.subscriptionId;
  }
  return out;
}

export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

export function resourceGroupId(subscriptionId: string, group: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}`;
}

/** The parent scope of a scope (`/` for a subscription). */
export function parentScope(scope: string): string {
  const parts = splitId(scope);
  if (parts.length <= 2) return '/';
  // Drop `/providers/{ns}/{type}/{name}` or `/{type}/{name}` or `/resourceGroups/{rg}`.
  const lower = parts.map((p) => p.toLowerCase());
  if (lower[parts.length - 4] === 'providers') return '/' + parts.slice(0, parts.length - 4).join('/');
  return '/' + parts.slice(0, parts.length - 2).join('/');
}
