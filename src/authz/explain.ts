/** Human explanations of RBAC decisions, and Azure's exact 403 message texts (rbac-arm.md §2.9, §2.10, §3). */
import { anyActionMatches } from './action-match.js';
import type { AccessCheck, ConsideredAssignment, ConsideredOutcome, Decision } from './evaluate.js';
import type { RoleDefinition } from './types.js';

export interface RoleSuggestion {
  roleName: string;
  /** The role definition GUID. */
  roleId: string;
  scope: string;
}

export interface DenialExplanation {
  summary: string;
  considered: string[];
  suggestions: RoleSuggestion[];
}

const MAX_SUGGESTIONS = 3;

function reason(outcome: ConsideredOutcome, c: ConsideredAssignment, dataAction: boolean): string {
  switch (outcome) {
    case 'granted':
      return 'grants it';
    case 'scope-does-not-cover':
      return 'scope does not cover the target';
    case 'action-not-in-role':
      return dataAction ? 'data action not in role' : 'action not in role';
    case 'excluded-by-not-actions':
      return dataAction ? 'excluded by notDataActions' : 'excluded by notActions';
    case 'condition-not-met':
      return 'condition not met';
    case 'role-not-found':
      return `role definition ${c.assignment.roleDefinitionName} not found`;
  }
}

function describe(c: ConsideredAssignment, req: AccessCheck): string {
  const name = c.role?.roleName ?? c.assignment.roleDefinitionName;
  const own = req.principalIds[0];
  const via = own !== undefined && c.assignment.principalId.toLowerCase() !== own.toLowerCase()
    ? ` via group ${c.assignment.principalId}`
    : '';
  return `${name} at ${c.assignment.scope}${via} (${reason(c.outcome, c, req.dataAction)})`;
}

/** True when some condition-free permission block of the role grants the action. */
function grantsUnconditionally(role: RoleDefinition, action: string, dataAction: boolean): boolean {
  return role.permissions.some(
    (p) =>
      !p.condition &&
      anyActionMatches(dataAction ? p.dataActions : p.actions, action) &&
      !anyActionMatches(dataAction ? p.notDataActions : p.notActions, action),
  );
}

// How much a role grants, to rank candidate roles narrowest first. Each entry of its actions and dataActions
// weighs by its pattern (a bare `*` 1000, a leading wildcard such as `*/read` 100, any other wildcard 10, a
// literal action 1), and entries that do more than read (`write`, `delete`, `*/action`, `*`…) weigh four
// times as much: for a read, Reader (`*/read`) is narrower than a role that also creates and deletes things.
const NON_READ_FACTOR = 4;

function entryWeight(a: string): number {
  const base = a === '*' ? 1000 : a.startsWith('*') ? 100 : a.includes('*') ? 10 : 1;
  return /\/read$/i.test(a) ? base : base * NON_READ_FACTOR;
}

export function roleBreadth(role: RoleDefinition): number {
  let n = 0;
  for (const p of role.permissions) for (const a of [...p.actions, ...p.dataActions]) n += entryWeight(a);
  return n;
}

/** Built-in roles that would grant the action, narrowest first. */
export function suggestRoles(req: AccessCheck, roles: readonly RoleDefinition[]): RoleSuggestion[] {
  return roles
    .filter((r) => r.roleType === 'BuiltInRole' && grantsUnconditionally(r, req.action, req.dataAction))
    .map((r) => ({ r, breadth: roleBreadth(r) }))
    .sort((a, b) => a.breadth - b.breadth || a.r.roleName.localeCompare(b.r.roleName))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ r }) => ({ roleName: r.roleName, roleId: r.name, scope: req.scope }));
}

export function explainDenial(req: AccessCheck, decision: Decision, roles: readonly RoleDefinition[]): DenialExplanation {
  const principal = req.principalIds[0] ?? '(unknown)';
  const kind = req.dataAction ? 'data action' : 'action';
  const considered = decision.considered.map((c) => describe(c, req));
  if (decision.allowed && decision.grantedBy) {
    const g = decision.grantedBy;
    return {
      summary: `Principal ${principal} is granted ${kind} '${req.action}' at scope ${req.scope} by '${g.role.roleName}' assigned at ${g.assignment.scope}.`,
      considered,
      suggestions: [],
    };
  }
  const suggestions = suggestRoles(req, roles);
  let summary = `No role assignment of principal ${principal} grants ${kind} '${req.action}' at scope ${req.scope}.`;
  summary += considered.length > 0 ? ` Considered: ${considered.join('; ')}.` : ' The principal has no role assignments.';
  summary +=
    suggestions.length > 0
      ? ` Assigning '${suggestions[0].roleName}' at ${req.scope} would grant it.`
      : ' No built-in role grants it.';
  return { summary, considered, suggestions };
}

/**
 * Azure's `AuthorizationFailed` message. `abacWording` selects the role-assignment write/delete variant
 * ("does not have authorization or an ABAC condition not fulfilled to perform action").
 */
export function authorizationFailedMessage(
  clientDisplay: string,
  objectId: string,
  action: string,
  scope: string,
  abacWording: boolean,
): string {
  const lacks = abacWording
    ? 'does not have authorization or an ABAC condition not fulfilled to perform action'
    : 'does not have authorization to perform action';
  return (
    `The client '${clientDisplay}' with object id '${objectId}' ${lacks} '${action}' over scope '${scope}' ` +
    'or the scope is invalid. If access was recently granted, please refresh your credentials.'
  );
}

export const USER_ASSIGNED_IDENTITY_ASSIGN_ACTION = 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action';

/**
 * Azure's `LinkedAuthorizationFailed` message: the caller may write `scope` but lacks `linkedAction`
 * (by default the user-assigned identity assign action) on the linked scopes.
 */
export function linkedAuthorizationFailedMessage(
  clientDisplay: string,
  objectId: string,
  action: string,
  scope: string,
  linkedScopes: readonly string[],
  linkedAction: string = USER_ASSIGNED_IDENTITY_ASSIGN_ACTION,
): string {
  return (
    `The client '${clientDisplay}' with object id '${objectId}' has permission to perform action '${action}' ` +
    `on scope '${scope}'; however, it does not have permission to perform action '${linkedAction}' ` +
    `on the linked scope(s) '${linkedScopes.join(',')}' or the linked scope(s) are invalid.`
  );
}
