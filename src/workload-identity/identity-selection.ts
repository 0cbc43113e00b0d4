/**
 * Which of a workload's identities a token request names: `clientid` / `client_id`, `object_id` /
 * `principal_id`, `msi_res_id` / `mi_res_id` (parameter names compared case-insensitively), or none ⇒ the
 * workload's default (first) identity. Naming the default client id and naming nothing are the same.
 */
import type { AttachedIdentity, Workload } from '../runtime/workload-registry.js';
import { normalizeScope } from '../shared/resource-id.js';

export interface IdentitySelector {
  clientId?: string;
  objectId?: string;
  resourceId?: string;
}

const CLIENT = ['clientid', 'client_id'];
const OBJECT = ['object_id', 'objectid', 'principal_id', 'principalid'];
const RESOURCE_ID = ['msi_res_id', 'mi_res_id'];

/** Query parameters by lower-cased name (first value wins). */
export function lowerCaseQuery(query: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of query) {
    const key = k.toLowerCase();
    if (!out.has(key)) out.set(key, v);
  }
  return out;
}

export function selectorFromQuery(q: Map<string, string>): IdentitySelector {
  const sel: IdentitySelector = {};
  const clientId = pick(q, CLIENT);
  const objectId = pick(q, OBJECT);
  const resourceId = pick(q, RESOURCE_ID);
  if (clientId) sel.clientId = clientId;
  if (objectId) sel.objectId = objectId;
  if (resourceId) sel.resourceId = resourceId;
  return sel;
}

/** The first non-blank value among `names`, trimmed. */
function pick(q: Map<string, string>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = q.get(n);
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/** The attached identity the selector names, or undefined when the workload does not hold it. */
export function selectIdentity(workload: Workload, sel: IdentitySelector): AttachedIdentity | undefined {
  const ids = workload.identities;
  if (sel.clientId) return ids.find((i) => i.clientId.toLowerCase() === sel.clientId!.toLowerCase());
  if (sel.objectId) return ids.find((i) => i.principalId.toLowerCase() === sel.objectId!.toLowerCase());
  if (sel.resourceId) return ids.find((i) => normalizeScope(i.resourceId) === normalizeScope(sel.resourceId!));
  return ids[0];
}
