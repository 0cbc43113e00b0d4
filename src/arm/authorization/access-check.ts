/**
 * Silent permission checks for list filtering and visibility (no denial log): what ARM does when it trims a
 * list to the items a caller may read.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { isScopeAtOrAbove } from '../../shared/resource-id.js';
import type { StoreAuthorizer } from './authorizer.js';
import { principalIdsOf } from './authorizer.js';
import { listAllRoleAssignments } from './role-assignment-store.js';

/** True when the request may go ahead: always in `off`/`soft` modes and for key callers (no principal). */
export function quietlyAllowed(ctx: PlatformContext, principal: Principal | undefined, action: string, scope: string): boolean {
  if (!principal || ctx.config.enforcement !== 'strict') return true;
  const authz = ctx.authz as Partial<StoreAuthorizer>;
  if (typeof authz.snapshot === 'function') {
    return authz.snapshot().isAllowed({ principalIds: principalIdsOf(principal), action, dataAction: false, scope });
  }
  return ctx.authz.authorize({ principal, action, dataAction: false, scope }).allowed;
}

/** Directory Global Administrators see every subscription of the tenant. */
export function isGlobalAdmin(ctx: PlatformContext, principal: Principal): boolean {
  return principal.type === 'User' && ctx.directory.getUser(principal.objectId)?._globalAdmin === true;
}

/**
 * A principal sees a subscription when it holds any role assignment at, above or below it (or is a Global
 * Administrator, or enforcement is off).
 */
export function canSeeSubscription(ctx: PlatformContext, principal: Principal | undefined, subscriptionId: string): boolean {
  if (!principal || ctx.config.enforcement === 'off') return true;
  if (isGlobalAdmin(ctx, principal)) return true;
  const ids = new Set(principalIdsOf(principal).map((p) => p.toLowerCase()));
  const sub = `/subscriptions/${subscriptionId}`;
  return listAllRoleAssignments(ctx.store).some(
    (a) => ids.has(a.principalId.toLowerCase()) && (isScopeAtOrAbove(a.scope, sub) || isScopeAtOrAbove(sub, a.scope)),
  );
}
