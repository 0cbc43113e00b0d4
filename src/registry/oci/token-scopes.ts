/**
 * Token scopes (`repository:<name>:pull,push`, `registry:catalog:*`) and how they map to Azure RBAC: an access token
 * carries, for each requested scope, only the actions the caller's role assignments at the registry allow.
 * AcrPull's `Microsoft.ContainerRegistry/registries/pull/read` and AcrPush's `…/push/write` are control-plane
 * Actions (not DataActions); Owner and Contributor (`*`) and Reader (wildcard read) match them as wildcard actions do.
 */
import type { AccessEntry } from './oci-errors.js';

export const PULL_ACTION = 'Microsoft.ContainerRegistry/registries/pull/read';
export const PUSH_ACTION = 'Microsoft.ContainerRegistry/registries/push/write';
export const DELETE_ACTION = 'Microsoft.ContainerRegistry/registries/artifacts/delete';

/** The role that grants each RBAC action, for denial explanations. */
export const ROLE_FOR_ACTION: Record<string, string> = {
  [PULL_ACTION]: 'AcrPull',
  [PUSH_ACTION]: 'AcrPush',
  [DELETE_ACTION]: 'AcrDelete',
};

/** Repository token actions → the RBAC action each needs. */
const REPOSITORY_ACTIONS: Record<string, string> = {
  pull: PULL_ACTION,
  metadata_read: PULL_ACTION,
  push: PUSH_ACTION,
  metadata_write: PUSH_ACTION,
  delete: DELETE_ACTION,
  deleted_read: DELETE_ACTION,
  deleted_restore: DELETE_ACTION,
};
const WILDCARD_EXPANSION = ['pull', 'push', 'delete'];

/** Parses one scope: `type[(class)]:name:actions` (the name may itself contain `:`). */
export function parseScope(scope: string): AccessEntry | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last <= first) return undefined;
  const type = scope.slice(0, first).replace(/\(.*\)$/, '');
  const name = scope.slice(first + 1, last);
  const actions = scope
    .slice(last + 1)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  if (!name || actions.length === 0) return undefined;
  return { type, name, actions: [...new Set(actions)] };
}

/** Every scope of repeated and/or space-separated `scope` values, merged per (type, name). */
export function parseScopes(values: string[]): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const v of values) {
    for (const s of v.split(/\s+/)) {
      if (!s) continue;
      const e = parseScope(s);
      if (!e) continue;
      const same = out.find((o) => o.type === e.type && o.name === e.name);
      if (same) same.actions = [...new Set([...same.actions, ...e.actions])];
      else out.push(e);
    }
  }
  return out;
}

/** The RBAC action a token action needs, or undefined for actions no role grants. */
export function rbacActionFor(type: string, action: string): string | undefined {
  if (type === 'repository') return REPOSITORY_ACTIONS[action];
  if (type === 'registry') return action === '*' ? PULL_ACTION : undefined;
  return undefined;
}

/**
 * The access granted for `requested` scopes: each action kept only when `allowed(rbacAction)`; a repository `*`
 * stays `*` when pull, push and delete are all allowed, else becomes the allowed subset. `registry` scopes other
 * than `catalog` and unknown types are dropped. Entries left without actions are omitted.
 */
export function grantAccess(requested: AccessEntry[], allowed: (rbacAction: string) => boolean): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const e of requested) {
    if (e.type !== 'repository' && !(e.type === 'registry' && e.name === 'catalog')) continue;
    const actions: string[] = [];
    for (const a of e.actions) {
      if (e.type === 'repository' && a === '*') {
        const sub = WILDCARD_EXPANSION.filter((x) => allowed(REPOSITORY_ACTIONS[x]));
        actions.push(...(sub.length === WILDCARD_EXPANSION.length ? ['*'] : sub));
        continue;
      }
      const rbac = rbacActionFor(e.type, a);
      if (rbac && allowed(rbac)) actions.push(a);
    }
    const unique = [...new Set(actions)];
    if (unique.length > 0) out.push({ type: e.type, name: e.name, actions: unique });
  }
  return out;
}

/** Actions that satisfy a needed token action (pull lets a client read metadata too). */
const SATISFIED_BY: Record<string, string[]> = {
  pull: ['pull', '*'],
  metadata_read: ['metadata_read', 'pull', '*'],
  push: ['push', '*'],
  metadata_write: ['metadata_write', 'push', '*'],
  delete: ['delete', '*'],
  '*': ['*'],
};

/** Whether a token's `access` claim covers `action` on (type, name). */
export function accessAllows(access: AccessEntry[] | undefined, type: string, name: string, action: string): boolean {
  const ok = SATISFIED_BY[action] ?? [action];
  return (access ?? []).some((e) => e.type === type && e.name === name && e.actions.some((a) => ok.includes(a)));
}
