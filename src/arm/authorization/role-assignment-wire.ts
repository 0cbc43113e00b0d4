/** The ARM wire shape of a role assignment (2022-04-01, also served for older api-versions). */
import { parseResourceId } from '../../shared/resource-id.js';
import type { StoredRoleAssignment } from './role-assignment-store.js';
import { roleDefinitionId } from './role-definition-store.js';

export function roleAssignmentWire(a: StoredRoleAssignment): Record<string, unknown> {
  const sub = parseResourceId(a.scope).subscriptionId;
  return {
    properties: {
      roleDefinitionId: roleDefinitionId(a.roleDefinitionName, sub),
      principalId: a.principalId,
      principalType: a.principalType ?? null,
      scope: a.scope,
      condition: a.condition ?? null,
      conditionVersion: a.conditionVersion ?? null,
      createdOn: a.createdOn ?? null,
      updatedOn: a.updatedOn ?? null,
      createdBy: a.createdBy ?? null,
      updatedBy: a.updatedBy ?? null,
      delegatedManagedIdentityResourceId: a.delegatedManagedIdentityResourceId ?? null,
      description: a.description ?? null,
    },
    id: a.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}
