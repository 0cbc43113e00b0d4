/**
 * `GET {scope}/providers/Microsoft.Authorization/permissions`: the caller's effective permission blocks at a
 * scope (one per permission block of each role assigned to it at or above the scope).
 */
import type { Operation, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { isScopeAtOrAbove } from '../../shared/resource-id.js';
import { PERMISSIONS_API_VERSIONS } from '../api-versions.js';
import { atEveryScope, scopeFromPath } from './scope-routes.js';
import { listAllRoleAssignments } from './role-assignment-store.js';
import { findRoleDefinition } from './role-definition-store.js';
import { principalIdsOf } from './authorizer.js';
import { requireScopeExists } from '../scope-checks.js';

function list(ctx: PlatformContext, rc: RequestContext) {
  const scope = scopeFromPath(rc);
  requireScopeExists(ctx, scope);
  const principal = rc.caller.principal;
  const ids = new Set((principal ? principalIdsOf(principal) : []).map((p) => p.toLowerCase()));
  const value: Array<Record<string, unknown>> = [];
  for (const a of listAllRoleAssignments(ctx.store)) {
    if (!ids.has(a.principalId.toLowerCase()) || !isScopeAtOrAbove(a.scope, scope)) continue;
    const role = findRoleDefinition(ctx.store, a.roleDefinitionName);
    if (!role) continue;
    for (const p of role.permissions) {
      const item: Record<string, unknown> = {
        actions: [...p.actions],
        notActions: [...p.notActions],
        dataActions: [...p.dataActions],
        notDataActions: [...p.notDataActions],
      };
      const condition = a.condition ?? p.condition;
      if (condition) {
        item.condition = condition;
        item.conditionVersion = a.condition ? (a.conditionVersion ?? '2.0') : (p.conditionVersion ?? '2.0');
      }
      value.push(item);
    }
  }
  return { status: 200, body: { value } };
}

export function permissionOperations(ctx: PlatformContext): Operation[] {
  return atEveryScope('/providers/Microsoft.Authorization/permissions', {
    id: 'Permissions_ListForResource',
    method: 'GET',
    apiVersions: PERMISSIONS_API_VERSIONS,
    resourceType: 'Microsoft.Authorization/permissions',
    handler: (rc) => list(ctx, rc),
  });
}
