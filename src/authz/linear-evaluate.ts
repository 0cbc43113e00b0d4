/**
 * A direct, unindexed transcription of the RBAC algorithm (rbac-arm.md §2.11, no deny assignments):
 * scans every assignment on every call. It is the baseline the indexed AuthzSnapshot is measured and
 * cross-checked against.
 */
import { isScopeAtOrAbove } from '../shared/resource-id.js';
import { anyActionMatches } from './action-match.js';
import { evaluateCondition } from './condition.js';
import type { AccessCheck } from './evaluate.js';
import type { RoleAssignment, RoleDefinition } from './types.js';

function conditionHolds(condition: string | undefined, version: string | undefined, req: AccessCheck): boolean {
  if (!condition) return true;
  if (version !== undefined && version !== '2.0') return false;
  return evaluateCondition(condition, req);
}

export function checkLinear(
  assignments: readonly RoleAssignment[],
  roles: readonly RoleDefinition[],
  req: AccessCheck,
): boolean {
  const ids = new Set(req.principalIds.map((id) => id.toLowerCase()));
  for (const ra of assignments) {
    if (!ids.has(ra.principalId.toLowerCase())) continue;
    if (!isScopeAtOrAbove(ra.scope, req.scope)) continue;
    const roleId = ra.roleDefinitionName.split('/').pop()!.toLowerCase();
    const role = roles.find((r) => r.name.toLowerCase() === roleId);
    if (!role) continue;
    for (const p of role.permissions) {
      const allowed = req.dataAction
        ? anyActionMatches(p.dataActions, req.action) && !anyActionMatches(p.notDataActions, req.action)
        : anyActionMatches(p.actions, req.action) && !anyActionMatches(p.notActions, req.action);
      if (
        allowed &&
        conditionHolds(ra.condition, ra.conditionVersion, req) &&
        conditionHolds(p.condition, p.conditionVersion, req)
      ) {
        return true;
      }
    }
  }
  return false;
}
