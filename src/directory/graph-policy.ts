/**
 * Who may do what in the directory through Microsoft Graph: a small directory-role policy (Graph is not governed by
 * Azure RBAC). A pure function of the caller's facts, the permission and the target's owners.
 *
 *   - a Global Administrator may do everything;
 *   - every principal of the tenant (user, service principal, managed identity) may read directory objects;
 *   - users may register applications and create service principals, which they then own;
 *   - owners may change and delete the applications and service principals they own;
 *   - only a Global Administrator creates, changes and deletes users.
 */

export type GraphPermission =
  | 'directory.read'
  | 'user.create'
  | 'user.update'
  | 'user.delete'
  | 'application.create'
  | 'application.update'
  | 'application.delete'
  | 'servicePrincipal.create'
  | 'servicePrincipal.update'
  | 'servicePrincipal.delete';

export interface GraphCallerFacts {
  objectId: string;
  tenantId: string;
  kind: 'user' | 'servicePrincipal';
  /** Holds the Global Administrator directory role. */
  globalAdmin: boolean;
}

export interface GraphPolicyInput {
  caller: GraphCallerFacts;
  /** The directory's tenant. */
  tenantId: string;
  permission: GraphPermission;
  /** Owners of the object acted on (update/delete of applications and service principals). */
  targetOwners?: readonly string[];
}

export interface GraphDecision {
  allowed: boolean;
  reason: string;
}

const OWNER_PERMISSIONS = new Set<GraphPermission>([
  'application.update',
  'application.delete',
  'servicePrincipal.update',
  'servicePrincipal.delete',
]);

export function decideGraphAccess(input: GraphPolicyInput): GraphDecision {
  const { caller, permission } = input;
  if (caller.tenantId.toLowerCase() !== input.tenantId.toLowerCase()) {
    return { allowed: false, reason: `caller belongs to tenant ${caller.tenantId}, not to this directory` };
  }
  if (caller.globalAdmin) return { allowed: true, reason: 'Global Administrator' };
  if (permission === 'directory.read') return { allowed: true, reason: 'members of the tenant read the directory' };
  if (permission === 'application.create' || permission === 'servicePrincipal.create') {
    return caller.kind === 'user'
      ? { allowed: true, reason: 'users may register applications' }
      : { allowed: false, reason: 'only users and Global Administrators register applications' };
  }
  if (OWNER_PERMISSIONS.has(permission)) {
    const me = caller.objectId.toLowerCase();
    return (input.targetOwners ?? []).some((o) => o.toLowerCase() === me)
      ? { allowed: true, reason: 'owner of the object' }
      : { allowed: false, reason: 'only owners and Global Administrators change this object' };
  }
  return { allowed: false, reason: 'only Global Administrators manage users' };
}
