/**
 * Microsoft.Authorization role assignments at any scope: PUT (201 create / 200 same assignment), GET,
 * DELETE (200 with the deleted assignment / 204), LIST with `$filter`.
 */
import type { Operation, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { isGuid } from '../../shared/ids.js';
import { isScopeAtOrAbove, normalizeScope, parseResourceId } from '../../shared/resource-id.js';
import { ROLE_ASSIGNMENT_API_VERSIONS } from '../api-versions.js';
import { filterParam } from '../arm-filter.js';
import { requireScopeExists } from '../scope-checks.js';
import { atEveryScope, scopeFromPath } from './scope-routes.js';
import {
  deleteRoleAssignment,
  getRoleAssignment,
  listAllRoleAssignments,
  putRoleAssignment,
  roleAssignmentId,
  type StoredRoleAssignment,
} from './role-assignment-store.js';
import { findRoleDefinition } from './role-definition-store.js';
import {
  MAX_ASSIGNMENTS_PER_SUBSCRIPTION,
  checkPrincipal,
  invalidRoleAssignmentId,
  limitExceeded,
  parseRoleAssignmentBody,
  roleAssignmentExists,
  roleDefinitionDoesNotExist,
  roleGuidOf,
  updateNotPermitted,
} from './role-assignment-validation.js';
import { roleAssignmentWire } from './role-assignment-wire.js';
import { filterRoleAssignments, parseRoleAssignmentFilter } from './role-assignment-filter.js';

const TYPE = 'Microsoft.Authorization/roleAssignments';
const ITEM = '/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}';
const COLLECTION = '/providers/Microsoft.Authorization/roleAssignments';

function roleAssignmentNotFound(name: string): ApiError {
  return new ApiError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
}

function put(ctx: PlatformContext, rc: RequestContext) {
  const scope = scopeFromPath(rc);
  const name = rc.params.roleAssignmentName;
  if (!isGuid(name)) throw invalidRoleAssignmentId(name);
  requireScopeExists(ctx, scope);
  const input = parseRoleAssignmentBody(rc.body);
  const roleGuid = roleGuidOf(input.roleDefinitionId);
  const role = findRoleDefinition(ctx.store, roleGuid);
  if (!role) throw roleDefinitionDoesNotExist(roleGuid);
  if (!role.assignableScopes.some((s) => isScopeAtOrAbove(s, scope))) {
    throw new ApiError(
      400,
      'InvalidRoleAssignmentScope',
      `The role definition '${role.name}' cannot be assigned at scope '${scope}': it is assignable only at '${role.assignableScopes.join(',')}' and below.`,
    );
  }
  const principalType = checkPrincipal(ctx.directory, ctx.config.tenantId, input);
  const caller = rc.caller.principal?.objectId;
  const now = new Date(ctx.clock.now()).toISOString();
  return ctx.store.transaction(() => {
    const all = listAllRoleAssignments(ctx.store);
    const sameName = all.find((a) => a.name.toLowerCase() === name.toLowerCase());
    const scopeNorm = normalizeScope(scope);
    if (sameName) {
      if (
        normalizeScope(sameName.scope) !== scopeNorm ||
        sameName.principalId.toLowerCase() !== input.principalId.toLowerCase() ||
        sameName.roleDefinitionName.toLowerCase() !== role.name.toLowerCase()
      ) {
        throw updateNotPermitted();
      }
      const updated: StoredRoleAssignment = {
        ...sameName,
        description: input.description ?? sameName.description,
        condition: input.condition,
        conditionVersion: input.conditionVersion,
      };
      const changed =
        updated.description !== sameName.description ||
        updated.condition !== sameName.condition ||
        updated.conditionVersion !== sameName.conditionVersion;
      if (changed) {
        updated.updatedOn = now;
        updated.updatedBy = caller;
        putRoleAssignment(ctx.store, updated);
      }
      return { status: 200, body: roleAssignmentWire(updated) };
    }
    const duplicate = all.find(
      (a) =>
        normalizeScope(a.scope) === scopeNorm &&
        a.principalId.toLowerCase() === input.principalId.toLowerCase() &&
        a.roleDefinitionName.toLowerCase() === role.name.toLowerCase(),
    );
    if (duplicate) throw roleAssignmentExists(duplicate.name);
    const sub = parseResourceId(scope).subscriptionId;
    if (sub) {
      const prefix = `/subscriptions/${sub}`.toLowerCase();
      const inSub = all.filter((a) => isScopeAtOrAbove(prefix, a.scope)).length;
      if (inSub >= MAX_ASSIGNMENTS_PER_SUBSCRIPTION) throw limitExceeded();
    }
    const created: StoredRoleAssignment = {
      id: roleAssignmentId(scope, name),
      name,
      scope: scope === '/' ? '/' : scope,
      roleDefinitionName: role.name,
      principalId: input.principalId,
      principalType,
      description: input.description,
      condition: input.condition,
      conditionVersion: input.conditionVersion,
      createdOn: now,
      updatedOn: now,
      createdBy: caller,
      updatedBy: caller,
      delegatedManagedIdentityResourceId: input.delegatedManagedIdentityResourceId ?? null,
    };
    putRoleAssignment(ctx.store, created);
    ctx.log.info({ evt: 'rbac.assignment.created', id: created.id, role: role.roleName, principal: created.principalId, by: caller });
    return { status: 201, body: roleAssignmentWire(created) };
  });
}

function get(ctx: PlatformContext, rc: RequestContext) {
  const name = rc.params.roleAssignmentName;
  const a = getRoleAssignment(ctx.store, roleAssignmentId(scopeFromPath(rc), name));
  if (!a) throw roleAssignmentNotFound(name);
  return { status: 200, body: roleAssignmentWire(a) };
}

function remove(ctx: PlatformContext, rc: RequestContext) {
  const name = rc.params.roleAssignmentName;
  const id = roleAssignmentId(scopeFromPath(rc), name);
  const a = getRoleAssignment(ctx.store, id);
  if (!a) return { status: 204 };
  deleteRoleAssignment(ctx.store, id);
  ctx.log.info({ evt: 'rbac.assignment.deleted', id: a.id, principal: a.principalId, by: rc.caller.principal?.objectId });
  return { status: 200, body: roleAssignmentWire(a) };
}

function list(ctx: PlatformContext, rc: RequestContext) {
  const scope = scopeFromPath(rc);
  requireScopeExists(ctx, scope);
  const q = parseRoleAssignmentFilter(filterParam(rc.query));
  const items = filterRoleAssignments(listAllRoleAssignments(ctx.store), scope, q);
  return { status: 200, body: { value: items.map(roleAssignmentWire) } };
}

export function roleAssignmentOperations(ctx: PlatformContext): Operation[] {
  const base = { apiVersions: ROLE_ASSIGNMENT_API_VERSIONS, resourceType: TYPE };
  return [
    ...atEveryScope(ITEM, {
      ...base,
      id: 'RoleAssignments_Create',
      method: 'PUT',
      action: 'Microsoft.Authorization/roleAssignments/write',
      handler: (rc) => put(ctx, rc),
    }),
    ...atEveryScope(ITEM, {
      ...base,
      id: 'RoleAssignments_Get',
      method: 'GET',
      action: 'Microsoft.Authorization/roleAssignments/read',
      handler: (rc) => get(ctx, rc),
    }),
    ...atEveryScope(ITEM, {
      ...base,
      id: 'RoleAssignments_Delete',
      method: 'DELETE',
      action: 'Microsoft.Authorization/roleAssignments/delete',
      handler: (rc) => remove(ctx, rc),
    }),
    ...atEveryScope(COLLECTION, {
      ...base,
      id: 'RoleAssignments_ListForScope',
      method: 'GET',
      action: 'Microsoft.Authorization/roleAssignments/read',
      handler: (rc) => list(ctx, rc),
    }),
  ];
}
