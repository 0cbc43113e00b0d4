/** Role assignments joined with their role definitions and principals, ready for a table. */
import {
  definitionsByGuid,
  listAssignments,
  listRoleDefinitions,
  resolvePrincipals,
  roleGuid,
  type Principal,
  type RoleAssignment,
  type RoleDefinition,
} from './access-api.js';
import { sameScope } from './scope.js';

export interface AssignmentRow {
  assignment: RoleAssignment;
  role: RoleDefinition | undefined;
  principal: Principal | undefined;
  /** Assigned at a scope above the one viewed. */
  inherited: boolean;
}

export const roleNameOf = (r: AssignmentRow): string => r.role?.properties.roleName ?? roleGuid(r.assignment.properties.roleDefinitionId);

export async function loadAssignmentRows(scope: string, principalId: string | undefined, signal: AbortSignal): Promise<AssignmentRow[]> {
  const [assignments, defs] = await Promise.all([
    listAssignments(scope, principalId, signal),
    listRoleDefinitions(scope).catch(() => [] as RoleDefinition[]),
  ]);
  const byGuid = definitionsByGuid(defs);
  const principals = await resolvePrincipals(
    assignments.map((a) => a.properties.principalId),
    signal,
  ).catch(() => new Map<string, Principal>());
  return assignments.map((a) => ({
    assignment: a,
    role: byGuid.get(roleGuid(a.properties.roleDefinitionId)),
    principal: principals.get(a.properties.principalId.toLowerCase()),
    inherited: !sameScope(a.properties.scope, scope),
  }));
}
