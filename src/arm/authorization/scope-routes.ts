/**
 * Extension resources of Microsoft.Authorization live under any scope:
 * `{scope}/providers/Microsoft.Authorization/{type}[/{name}]`. The router matches fixed templates, so each
 * operation is declared once per scope shape (tenant root, management group, subscription, resource group,
 * and resources nested up to five levels).
 */
import type { Operation, RequestContext } from '../../http/operation.js';
import { splitId } from '../../shared/resource-id.js';

const MAX_NESTING = 5;

function resourceScopes(prefix: string): string[] {
  const out: string[] = [];
  let path = `${prefix}/providers/{resourceProviderNamespace}`;
  for (let i = 1; i <= MAX_NESTING; i++) {
    path += `/{resourceType${i}}/{resourceName${i}}`;
    out.push(path);
  }
  return out;
}

/** Path templates of every scope an extension resource may hang under ('' is the tenant root). */
export const SCOPE_TEMPLATES: readonly string[] = [
  '',
  '/providers/Microsoft.Management/managementGroups/{managementGroupId}',
  '/subscriptions/{subscriptionId}',
  '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}',
  ...resourceScopes('/subscriptions/{subscriptionId}'),
  ...resourceScopes('/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}'),
];

const AUTHZ_SUFFIX = /\/providers\/microsoft\.authorization(\/.*)?$/i;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The scope part of an extension resource path (decoded, `/` for the tenant root). */
export function scopeFromPath(rc: RequestContext): string {
  const p = rc.url.pathname.replace(/\/+$/, '').replace(AUTHZ_SUFFIX, '');
  const parts = splitId(p).map(decode);
  return parts.length === 0 ? '/' : '/' + parts.join('/');
}

/** One operation per scope template, with `suffix` (e.g. `/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}`) appended. */
export function atEveryScope(suffix: string, op: Omit<Operation, 'path'>): Operation[] {
  return SCOPE_TEMPLATES.map((t) => ({ ...op, path: t + suffix, scope: op.scope ?? scopeFromPath }));
}
