/**
 * ARM's linked access check: attaching a user-assigned identity to a resource (or to a workload) needs
 * `Microsoft.ManagedIdentity/userAssignedIdentities/assign/action` on each identity, besides the write itself.
 */
import type { PlatformContext } from '../platform/context.js';
import type { Principal } from '../shared/principal.js';
import { principalDisplayId } from '../shared/principal.js';
import { ApiError } from '../shared/errors.js';

export const ASSIGN_ACTION = 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action';

/** Azure's 403 `LinkedAuthorizationFailed`. */
export function linkedAuthorizationFailed(principal: Principal, action: string, scope: string, linkedScopes: readonly string[]): ApiError {
  return new ApiError(
    403,
    'LinkedAuthorizationFailed',
    `The client '${principalDisplayId(principal)}' with object id '${principal.objectId}' has permission to perform action ` +
      `'${action}' on scope '${scope}'; however, it does not have permission to perform action ` +
      `'${ASSIGN_ACTION}' on the linked scope(s) '${linkedScopes.join(',')}' or the linked scope(s) are invalid.`,
  );
}

export interface LinkedCheck {
  /** The write the caller is allowed to do (e.g. `Microsoft.MachineLearningServices/workspaces/computes/write`). */
  action: string;
  /** The resource written. */
  scope: string;
  /** ARM ids of the user-assigned identities being attached. */
  identityIds: readonly string[];
  plane?: string;
}

/**
 * Throws 403 LinkedAuthorizationFailed unless `principal` may assign every identity in `check.identityIds`.
 * Callers without a principal (keys) are not subject to RBAC and pass.
 */
export function requireAssignPermission(ctx: PlatformContext, principal: Principal | undefined, check: LinkedCheck): void {
  if (!principal) return;
  const denied: string[] = [];
  for (const id of check.identityIds) {
    const r = ctx.authz.authorize({ principal, action: ASSIGN_ACTION, dataAction: false, scope: id, plane: check.plane ?? 'arm' });
    if (!r.allowed) denied.push(id);
  }
  if (denied.length > 0) throw linkedAuthorizationFailed(principal, check.action, check.scope, denied);
}
