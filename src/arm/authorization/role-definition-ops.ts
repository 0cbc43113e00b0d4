/**
 * Microsoft.Authorization role definitions: list at a scope (`$filter=roleName eq '…'` case-insensitive,
 * `type eq 'BuiltInRole'|'CustomRole'`), get by id at a scope or at the tenant root, custom role PUT/DELETE.
 * Reading role definitions needs no role (any signed-in caller may, as in Azure).
 */
import type { Operation, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import type { Permission, RoleDefinition } from '../../authz/types.js';
import { ApiError } from '../../shared/errors.js';
import { isGuid } from '../../shared/ids.js';
import { isScopeAtOrAbove, parseResourceId } from '../../shared/resource-id.js';
import { BUILT_IN_ROLES } from '../../authz/built-in-roles.js';
import { findRoleById } from '../../authz/role-lookup.js';
import { ROLE_DEFINITION_API_VERSIONS } from '../api-versions.js';
import { filterParam, parseArmFilter } from '../arm-filter.js';
import { armAuthorizationFailed } from '../arm-errors.js';
import { atEveryScope, scopeFromPath } from './scope-routes.js';
import { allRoleDefinitions, deleteCustomRole, findRoleDefinition, getCustomRole, listCustomRoles, putCustomRole, roleDefinitionWire } from './role-definition-store.js';
import { listAllRoleAssignments } from './role-assignment-store.js';
import { roleDefinitionDoesNotExist } from './role-assignment-validation.js';
import { requireScopeExists } from '../scope-checks.js';

const TYPE = 'Microsoft.Authorization/roleDefinitions';
const ITEM = '/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}';
const COLLECTION = '/providers/Microsoft.Authorization/roleDefinitions';
const MAX_ROLE_NAME = 512;
const MAX_ASSIGNABLE_SCOPES = 2000;

function subscriptionOf(scope: string): string | undefined {
  return parseResourceId(scope).subscriptionId;
}

function list(ctx: PlatformContext, rc: RequestContext) {
  const scope = scopeFromPath(rc);
  requireScopeExists(ctx, scope);
  const filter = filterParam(rc.query);
  let roleName: string | undefined;
  let type: string | undefined;
  let andBelow = false;
  if (filter && filter.trim()) {
    for (const c of parseArmFilter(filter)) {
      if (c.kind === 'eq' && c.field === 'rolename') roleName = c.value;
      else if (c.kind === 'eq' && c.field === 'type') type = c.value;
      else if (c.kind === 'call' && c.name === 'atscopeandbelow' && c.args.length === 0) andBelow = true;
      else throw new ApiError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported filters are roleName eq '{value}', type eq '{value}' and atScopeAndBelow().`);
    }
  }
  let roles = allRoleDefinitions(ctx.store).filter((r) =>
    r.assignableScopes.some((s) => isScopeAtOrAbove(s, scope) || (andBelow && isScopeAtOrAbove(scope, s))),
  );
  // roleName: exact match ignoring case only (spaces are significant, unlike `az --role` lookups).
  if (roleName !== undefined) roles = roles.filter((r) => r.roleName.toLowerCase() === roleName!.toLowerCase());
  if (type !== undefined) roles = roles.filter((r) => r.roleType.toLowerCase() === type!.toLowerCase());
  const sub = subscriptionOf(scope);
  return { status: 200, body: { value: roles.map((r) => roleDefinitionWire(r, sub)) } };
}

function get(ctx: PlatformContext, rc: RequestContext) {
  const guid = rc.params.roleDefinitionId;
  const role = findRoleDefinition(ctx.store, guid);
  if (!role) throw roleDefinitionDoesNotExist(guid);
  return { status: 200, body: roleDefinitionWire(role, subscriptionOf(scopeFromPath(rc))) };
}

function invalidDefinition(message: string): ApiError {
  return new ApiError(400, 'InvalidRoleDefinition', message);
}

function stringArray(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidDefinition(`'${what}' must be an array of strings.`);
  return v as string[];
}

function parsePermissions(v: unknown): Permission[] {
  if (!Array.isArray(v)) throw invalidDefinition("The role definition must have a 'permissions' array.");
  return v.map((p) => {
    const o = (p ?? {}) as Record<string, unknown>;
    const out: Permission = {
      actions: stringArray(o.actions, 'actions'),
      notActions: stringArray(o.notActions, 'notActions'),
      dataActions: stringArray(o.dataActions, 'dataActions'),
      notDataActions: stringArray(o.notDataActions, 'notDataActions'),
    };
    for (const a of [...out.actions, ...out.notActions, ...out.dataActions, ...out.notDataActions]) {
      if ((a.match(/\*/g) ?? []).length > 1 && a !== '*') throw invalidDefinition(`The action '${a}' has more than one wildcard.`);
    }
    return out;
  });
}

async function put(ctx: PlatformContext, rc: RequestContext) {
  const guid = rc.params.roleDefinitionId;
  if (!isGuid(guid)) throw new ApiError(400, 'InvalidRoleDefinitionId', `The role definition ID '${guid}' is not valid. The role definition ID must be a GUID.`);
  if (findRoleById(guid, BUILT_IN_ROLES)) throw new ApiError(400, 'RoleDefinitionUpdateNotPermitted', `The built-in role definition '${guid}' cannot be modified.`);
  const body = (rc.body ?? {}) as Record<string, unknown>;
  const props = (body.properties ?? {}) as Record<string, unknown>;
  const roleName = props.roleName;
  if (typeof roleName !== 'string' || !roleName.trim()) throw invalidDefinition("The role definition must have a 'roleName'.");
  if (roleName.length > MAX_ROLE_NAME) throw invalidDefinition(`The role name exceeds the maximum length of ${MAX_ROLE_NAME} characters.`);
  if (props.type !== undefined && String(props.type).toLowerCase() !== 'customrole') throw invalidDefinition("Only roles of type 'CustomRole' can be created.");
  const assignableScopes = stringArray(props.assignableScopes, 'assignableScopes');
  if (assignableScopes.length === 0) throw invalidDefinition('The role definition must have at least one assignable scope.');
  if (assignableScopes.length > MAX_ASSIGNABLE_SCOPES) throw invalidDefinition(`A role definition can have at most ${MAX_ASSIGNABLE_SCOPES} assignable scopes.`);
  for (const s of assignableScopes) {
    if (s.includes('*')) throw invalidDefinition(`The assignable scope '${s}' must not contain wildcards.`);
    if (s !== '/' && !parseResourceId(s).subscriptionId && !/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(s)) {
      throw invalidDefinition(`The assignable scope '${s}' is not a valid scope.`);
    }
    requireScopeExists(ctx, s);
  }
  // roleDefinitions/write is needed on every assignable scope (the pipeline checked the request scope).
  const principal = rc.caller.principal;
  if (principal) {
    for (const s of assignableScopes) {
      const r = ctx.authz.authorize({ principal, action: 'Microsoft.Authorization/roleDefinitions/write', dataAction: false, scope: s, plane: 'arm' });
      if (!r.allowed && r.denial) throw armAuthorizationFailed(principal, r.denial);
    }
  }
  const permissions = parsePermissions(props.permissions);
  const clash = [...BUILT_IN_ROLES, ...listCustomRoles(ctx.store)].find(
    (r) => r.name.toLowerCase() !== guid.toLowerCase() && r.roleName.toLowerCase() === roleName.toLowerCase(),
  );
  if (clash) throw new ApiError(409, 'RoleDefinitionWithSameNameExists', 'A custom role with the same name already exists in this directory.');
  const existing = getCustomRole(ctx.store, guid);
  const now = new Date(ctx.clock.now()).toISOString();
  const role: RoleDefinition = {
    name: existing?.name ?? guid.toLowerCase(),
    roleName,
    description: typeof props.description === 'string' ? props.description : '',
    roleType: 'CustomRole',
    permissions,
    assignableScopes,
    createdOn: existing?.createdOn ?? now,
    updatedOn: now,
    createdBy: existing?.createdBy ?? principal?.objectId,
    updatedBy: principal?.objectId,
  };
  putCustomRole(ctx.store, role);
  return { status: existing ? 200 : 201, body: roleDefinitionWire(role, subscriptionOf(scopeFromPath(rc)) ?? subscriptionOf(assignableScopes[0])) };
}

function remove(ctx: PlatformContext, rc: RequestContext) {
  const guid = rc.params.roleDefinitionId;
  if (findRoleById(guid, BUILT_IN_ROLES)) throw new ApiError(400, 'RoleDefinitionUpdateNotPermitted', `The built-in role definition '${guid}' cannot be deleted.`);
  const role = getCustomRole(ctx.store, guid);
  if (!role) return { status: 204 };
  if (listAllRoleAssignments(ctx.store).some((a) => a.roleDefinitionName.toLowerCase() === role.name.toLowerCase())) {
    throw new ApiError(409, 'RoleDefinitionHasAssignments', 'There are existing role assignments referencing role (code: RoleDefinitionHasAssignments).');
  }
  deleteCustomRole(ctx.store, guid);
  return { status: 200, body: roleDefinitionWire(role, subscriptionOf(scopeFromPath(rc))) };
}

export function roleDefinitionOperations(ctx: PlatformContext): Operation[] {
  const base = { apiVersions: ROLE_DEFINITION_API_VERSIONS, resourceType: TYPE };
  return [
    ...atEveryScope(COLLECTION, { ...base, id: 'RoleDefinitions_List', method: 'GET', handler: (rc) => list(ctx, rc) }),
    ...atEveryScope(ITEM, { ...base, id: 'RoleDefinitions_Get', method: 'GET', handler: (rc) => get(ctx, rc) }),
    ...atEveryScope(ITEM, {
      ...base,
      id: 'RoleDefinitions_CreateOrUpdate',
      method: 'PUT',
      action: 'Microsoft.Authorization/roleDefinitions/write',
      handler: (rc) => put(ctx, rc),
    }),
    ...atEveryScope(ITEM, {
      ...base,
      id: 'RoleDefinitions_Delete',
      method: 'DELETE',
      action: 'Microsoft.Authorization/roleDefinitions/delete',
      handler: (rc) => remove(ctx, rc),
    }),
  ];
}
