/**
 * Role assignments in the store (kind `roleAssignment`, keyed by the full assignment id), and the
 * store-level helpers other code uses (bootstrap Owner, system identities' roles, cleanup on delete).
 */
import type { Store } from '../../store/store.js';
import type { AssignmentPrincipalType, RoleAssignment } from '../../authz/types.js';
import { randomIds, type IdGenerator } from '../../shared/ids.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { isScopeAtOrAbove, normalizeScope, splitId } from '../../shared/resource-id.js';

export const ROLE_ASSIGNMENT_KIND = 'roleAssignment';

export interface StoredRoleAssignment extends RoleAssignment {
  /** Full id: `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`. */
  id: string;
  delegatedManagedIdentityResourceId?: string | null;
}

/** `/a/b` form of a scope (casing kept); `/` for the tenant root. */
export function canonicalScope(scope: string): string {
  const parts = splitId(scope);
  return parts.length === 0 ? '/' : '/' + parts.join('/');
}

export function roleAssignmentId(scope: string, name: string): string {
  const s = canonicalScope(scope);
  return `${s === '/' ? '' : s}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

export function getRoleAssignment(store: Store, id: string): StoredRoleAssignment | undefined {
  return store.get<StoredRoleAssignment>(ROLE_ASSIGNMENT_KIND, id)?.body;
}

export function listAllRoleAssignments(store: Store): StoredRoleAssignment[] {
  return store.list<StoredRoleAssignment>(ROLE_ASSIGNMENT_KIND).map((d) => d.body);
}

export function putRoleAssignment(store: Store, a: StoredRoleAssignment): void {
  store.put(ROLE_ASSIGNMENT_KIND, a.id, a);
}

export function deleteRoleAssignment(store: Store, id: string): boolean {
  return store.delete(ROLE_ASSIGNMENT_KIND, id);
}

/** The assignment of `roleGuid` to `principalId` exactly at `scope`, if any. */
export function findRoleAssignment(
  store: Store,
  scope: string,
  roleGuid: string,
  principalId: string,
): StoredRoleAssignment | undefined {
  const s = normalizeScope(scope);
  const role = roleGuid.toLowerCase();
  const p = principalId.toLowerCase();
  return listAllRoleAssignments(store).find(
    (a) => normalizeScope(a.scope) === s && a.roleDefinitionName.toLowerCase() === role && a.principalId.toLowerCase() === p,
  );
}

export interface CreateRoleAssignmentInput {
  scope: string;
  roleDefinitionGuid: string;
  principalId: string;
  principalType?: AssignmentPrincipalType;
  /** Assignment GUID (default: a new one). */
  name?: string;
  /** Object id of the creator. */
  createdBy?: string;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * Creates a role assignment without request validation (trusted callers). Idempotent: when the principal
 * already holds the role exactly at the scope, the existing assignment is returned unchanged.
 */
export function createRoleAssignment(store: Store, input: CreateRoleAssignmentInput): StoredRoleAssignment {
  return store.transaction(() => {
    const existing = findRoleAssignment(store, input.scope, input.roleDefinitionGuid, input.principalId);
    if (existing) return existing;
    const now = new Date((input.clock ?? systemClock).now()).toISOString();
    const name = input.name ?? (input.ids ?? randomIds).uuid();
    const scope = canonicalScope(input.scope);
    const a: StoredRoleAssignment = {
      id: roleAssignmentId(scope, name),
      name,
      scope,
      roleDefinitionName: input.roleDefinitionGuid.toLowerCase(),
      principalId: input.principalId,
      principalType: input.principalType,
      description: input.description,
      condition: input.condition,
      conditionVersion: input.condition ? (input.conditionVersion ?? '2.0') : undefined,
      createdOn: now,
      updatedOn: now,
      createdBy: input.createdBy,
      updatedBy: input.createdBy,
      delegatedManagedIdentityResourceId: null,
    };
    putRoleAssignment(store, a);
    return a;
  });
}

/** Deletes every assignment held by a principal (its identity was deleted). Returns the count. */
export function deleteRoleAssignmentsForPrincipal(store: Store, principalId: string): number {
  const p = principalId.toLowerCase();
  return store.transaction(() => {
    let n = 0;
    for (const a of listAllRoleAssignments(store)) {
      if (a.principalId.toLowerCase() === p && store.delete(ROLE_ASSIGNMENT_KIND, a.id)) n++;
    }
    return n;
  });
}

/** Deletes every assignment at `scope` or below it (the scope was deleted). Returns the count. */
export function deleteRoleAssignmentsUnderScope(store: Store, scope: string): number {
  const s = canonicalScope(scope);
  if (s === '/') return store.deletePrefix(ROLE_ASSIGNMENT_KIND, '/');
  return store.deletePrefix(ROLE_ASSIGNMENT_KIND, s + '/');
}

/** Assignments whose scope is at or above `scope` (they apply to it). */
export function assignmentsAtOrAbove(all: readonly StoredRoleAssignment[], scope: string): StoredRoleAssignment[] {
  return all.filter((a) => isScopeAtOrAbove(a.scope, scope));
}

/** Assignments whose scope is strictly below `scope`. */
export function assignmentsBelow(all: readonly StoredRoleAssignment[], scope: string): StoredRoleAssignment[] {
  return all.filter((a) => isScopeAtOrAbove(scope, a.scope) && normalizeScope(a.scope) !== normalizeScope(scope));
}
