/**
 * Identities of compute instances: system-assigned (created with the compute, displayName
 * `/<workspace>/computes/<name>`, AcrPull on the workspace registry as Azure grants it) or user-assigned (linked
 * access check), not both. Also what a process in the instance holds: the identities as the workload runtime sees them.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import type { ArmIdentity } from '../../arm/resource-store.js';
import { createRoleAssignment } from '../../arm/authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { applySystemAssignedIdentity, parseIdentityType, systemAssignedIdentityOf, userAssignedIdentityIds } from '../../managed-identity/system-assigned.js';
import { requireAssignPermission } from '../../managed-identity/linked-authorization.js';
import { getUai } from '../../managed-identity/user-assigned.js';
import type { AttachedIdentity } from '../../runtime/workload-registry.js';
import { mlErrors } from '../arm/ml-errors.js';
import type { WorkspaceRecord } from '../arm/ml-records.js';

export const COMPUTE_WRITE_ACTION = 'Microsoft.MachineLearningServices/workspaces/computes/write';

/**
 * Checks a requested `identity` (body of a compute PUT) before anything is written: the type, "system or user, not
 * both", and the caller's right to assign each user-assigned identity.
 */
export function checkComputeIdentity(ctx: PlatformContext, principal: Principal | undefined, computeId: string, requested: unknown): void {
  if (requested === undefined || requested === null) return;
  if (typeof requested !== 'object' || Array.isArray(requested)) throw mlErrors.invalidBody('identity must be an object');
  const flags = parseIdentityType((requested as { type?: unknown }).type);
  if (flags.system && flags.user) {
    throw mlErrors.user("A compute instance can have a system-assigned identity or user-assigned identities, not both. Use identity type 'SystemAssigned' or 'UserAssigned'.");
  }
  const uais = userAssignedIdentityIds(requested);
  if (uais.length > 0) requireAssignPermission(ctx, principal, { action: COMPUTE_WRITE_ACTION, scope: computeId, identityIds: uais });
}

/**
 * Creates the identity of a new compute (run `checkComputeIdentity` first): the system-assigned principal and its
 * AcrPull grant on the workspace registry, or the filled-in user-assigned map. Undefined for no identity.
 */
export function createComputeIdentity(ctx: PlatformContext, ws: WorkspaceRecord, computeId: string, requested: unknown): ArmIdentity | undefined {
  if (requested === undefined || requested === null) return undefined;
  const identity = applySystemAssignedIdentity(ctx, computeId, requested, undefined);
  if (!identity || identity.type === 'None') return undefined;
  if (identity.principalId && !identity.userAssignedIdentities) {
    const registry = ws.properties.containerRegistry;
    if (typeof registry === 'string' && registry !== '') {
      createRoleAssignment(ctx.store, {
        scope: registry,
        roleDefinitionGuid: BUILT_IN_ROLE_IDS.acrPull,
        principalId: identity.principalId,
        principalType: 'ServicePrincipal',
        clock: ctx.clock,
        ids: ctx.ids,
      });
    }
  }
  return identity;
}

/** Whether a PUT on an existing compute asks for another identity than it has. */
export function identityChanged(requested: unknown, existing: ArmIdentity | undefined): boolean {
  if (requested === undefined) return false;
  const wantType = requested === null ? 'none' : String((requested as { type?: unknown }).type ?? 'none').toLowerCase().replace(/[\s_]/g, '');
  const haveType = (existing?.type ?? 'None').toLowerCase();
  if (wantType !== haveType) return true;
  const want = userAssignedIdentityIds(requested).map((k) => k.toLowerCase()).sort();
  const have = Object.keys(existing?.userAssignedIdentities ?? {}).map((k) => k.toLowerCase()).sort();
  return want.join('|') !== have.join('|');
}

/**
 * The identities a process in the instance holds, the default first: the system-assigned one, or the
 * user-assigned ones in the order the compute names them (identities deleted since are left out).
 */
export function instanceIdentities(ctx: PlatformContext, computeId: string, identity: ArmIdentity | undefined): AttachedIdentity[] {
  const out: AttachedIdentity[] = [];
  if (!identity) return out;
  if (identity.principalId) {
    const sai = systemAssignedIdentityOf(ctx, computeId);
    if (sai) out.push({ resourceId: computeId, clientId: sai.clientId, principalId: sai.principalId, tenantId: sai.tenantId, kind: 'systemAssigned' });
  }
  for (const id of Object.keys(identity.userAssignedIdentities ?? {})) {
    const uai = getUai(ctx, id);
    if (uai) out.push({ resourceId: uai.id, clientId: uai.properties.clientId, principalId: uai.properties.principalId, tenantId: uai.properties.tenantId, kind: 'userAssigned' });
  }
  return out;
}
