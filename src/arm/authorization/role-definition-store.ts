/**
 * Role definitions: the built-in roles (src/authz) plus custom roles kept in the store (kind `roleDefinition`,
 * keyed by GUID), and their ARM wire shape.
 */
import type { Store } from '../../store/store.js';
import type { RoleDefinition } from '../../authz/types.js';
import { BUILT_IN_ROLES } from '../../authz/built-in-roles.js';
import { findRoleById } from '../../authz/role-lookup.js';

export const ROLE_DEFINITION_KIND = 'roleDefinition';

/** Built-in roles carry fixed timestamps, like Azure's. */
const BUILT_IN_CREATED_ON = '2015-02-02T21:55:09.8806423Z';
const BUILT_IN_UPDATED_ON = '2021-11-11T20:13:47.8628684Z';

export function listCustomRoles(store: Store): RoleDefinition[] {
  return store.list<RoleDefinition>(ROLE_DEFINITION_KIND).map((d) => d.body);
}

export function getCustomRole(store: Store, guid: string): RoleDefinition | undefined {
  return store.get<RoleDefinition>(ROLE_DEFINITION_KIND, guid)?.body;
}

export function putCustomRole(store: Store, role: RoleDefinition): void {
  store.put(ROLE_DEFINITION_KIND, role.name, role);
}

export function deleteCustomRole(store: Store, guid: string): boolean {
  return store.delete(ROLE_DEFINITION_KIND, guid);
}

/** Built-in and custom roles. */
export function allRoleDefinitions(store: Store): RoleDefinition[] {
  return [...BUILT_IN_ROLES, ...listCustomRoles(store)];
}

export function findRoleDefinition(store: Store, idOrGuid: string): RoleDefinition | undefined {
  return findRoleById(idOrGuid, BUILT_IN_ROLES) ?? getCustomRole(store, idOrGuid.slice(idOrGuid.lastIndexOf('/') + 1));
}

/**
 * A role definition id as ARM prints it: subscription-qualified when read under a subscription,
 * tenant-level (`/providers/…`) otherwise.
 */
export function roleDefinitionId(guid: string, subscriptionId: string | undefined): string {
  return `${subscriptionId ? `/subscriptions/${subscriptionId}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function roleDefinitionWire(role: RoleDefinition, subscriptionId: string | undefined): Record<string, unknown> {
  const builtIn = role.roleType === 'BuiltInRole';
  return {
    id: roleDefinitionId(role.name, subscriptionId),
    name: role.name,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: role.roleType,
      description: role.description,
      assignableScopes: [...role.assignableScopes],
      permissions: role.permissions.map((p) => {
        const out: Record<string, unknown> = {
          actions: [...p.actions],
          notActions: [...p.notActions],
          dataActions: [...p.dataActions],
          notDataActions: [...p.notDataActions],
        };
        if (p.condition) {
          out.condition = p.condition;
          out.conditionVersion = p.conditionVersion ?? '2.0';
        }
        return out;
      }),
      createdOn: role.createdOn ?? (builtIn ? BUILT_IN_CREATED_ON : null),
      updatedOn: role.updatedOn ?? (builtIn ? BUILT_IN_UPDATED_ON : null),
      createdBy: role.createdBy ?? null,
      updatedBy: role.updatedBy ?? null,
    },
  };
}
