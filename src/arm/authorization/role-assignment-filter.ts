/**
 * Role assignment list `$filter`: `atScope()`, `principalId eq '…'`, `assignedTo('…')` and their `and`
 * combinations. Without `atScope()` the list covers assignments at, above and below the scope.
 */
import { ApiError } from '../../shared/errors.js';
import { isScopeAtOrAbove } from '../../shared/resource-id.js';
import { parseArmFilter } from '../arm-filter.js';
import type { StoredRoleAssignment } from './role-assignment-store.js';

export interface RoleAssignmentQuery {
  atScope: boolean;
  /** Principal ids an assignment must belong to (principalId eq / assignedTo). */
  principalIds?: string[];
  roleDefinitionGuid?: string;
}

function unsupported(filter: string): ApiError {
  return new ApiError(
    400,
    'UnsupportedQuery',
    `The filter '${filter}' is not supported. Supported filters are atScope(), principalId eq '{value}', assignedTo('{value}') and their combinations with 'and'.`,
  );
}

export function parseRoleAssignmentFilter(filter: string | undefined): RoleAssignmentQuery {
  const q: RoleAssignmentQuery = { atScope: false };
  if (!filter || !filter.trim()) return q;
  for (const c of parseArmFilter(filter)) {
    if (c.kind === 'call' && c.name === 'atscope' && c.args.length === 0) q.atScope = true;
    else if (c.kind === 'call' && c.name === 'assignedto' && c.args.length === 1) q.principalIds = [c.args[0]];
    else if (c.kind === 'eq' && c.field === 'principalid') q.principalIds = [c.value];
    else if (c.kind === 'eq' && c.field === 'roledefinitionid') q.roleDefinitionGuid = c.value.slice(c.value.lastIndexOf('/') + 1);
    else throw unsupported(filter);
  }
  return q;
}

export function filterRoleAssignments(
  all: readonly StoredRoleAssignment[],
  scope: string,
  q: RoleAssignmentQuery,
): StoredRoleAssignment[] {
  const principals = q.principalIds?.map((p) => p.toLowerCase());
  const role = q.roleDefinitionGuid?.toLowerCase();
  return all.filter((a) => {
    const above = isScopeAtOrAbove(a.scope, scope);
    if (q.atScope ? !above : !(above || isScopeAtOrAbove(scope, a.scope))) return false;
    if (principals && !principals.includes(a.principalId.toLowerCase())) return false;
    if (role && a.roleDefinitionName.toLowerCase() !== role) return false;
    return true;
  });
}
