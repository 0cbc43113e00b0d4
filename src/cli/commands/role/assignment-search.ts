/** az's _search_role_assignments and the name filling of `az role assignment list`. */
import { CliError } from '../../errors.js';
import type { ArmClient } from '../../http/arm-client.js';
import type { GraphClient } from '../../http/graph-client.js';
import type { Logger } from '../../http/http-client.js';
import { displayableName, getObjectStubs } from './assignees.js';
import { AUTHORIZATION_API_VERSION, listRoleDefinitions, resolveRoleId, roleGuid, roleNameOf } from './role-definitions.js';

export type Assignment = Record<string, unknown>;

const ASSIGNMENT_KEYS = [
  'condition', 'conditionVersion', 'createdBy', 'createdOn', 'delegatedManagedIdentityResourceId', 'description',
  'id', 'name', 'principalId', 'principalType', 'roleDefinitionId', 'scope', 'type', 'updatedBy', 'updatedOn',
];

/** The flattened RoleAssignment az prints (properties lifted, absent ones null). */
export function assignmentShape(raw: unknown): Assignment {
  const r = (raw ?? {}) as Record<string, unknown>;
  const props = (r.properties ?? {}) as Record<string, unknown>;
  const out: Assignment = {};
  for (const k of ASSIGNMENT_KEYS) out[k] = null;
  Object.assign(out, props, { id: r.id ?? null, name: r.name ?? null, type: r.type ?? null });
  return out;
}

export function buildRoleScope(resourceGroup: string | undefined, scope: string | undefined, subscriptionId: string): string {
  if (scope) {
    if (resourceGroup) throw new CliError(`Resource group "${resourceGroup}" is redundant because scope is supplied`);
    return scope;
  }
  if (resourceGroup) return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
  return `/subscriptions/${subscriptionId}`;
}

export function assignmentsPath(scope: string): string {
  return `${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/roleAssignments`;
}

export interface SearchArgs {
  scope?: string;
  assigneeObjectId?: string;
  role?: string;
  includeInherited?: boolean;
  includeGroups?: boolean;
}

export async function searchRoleAssignments(arm: ArmClient, subscriptionId: string, a: SearchArgs, warn: (m: string) => void): Promise<Assignment[]> {
  let items: Assignment[];
  if (a.scope) {
    let filter = 'atScope()';
    if (a.assigneeObjectId && a.includeGroups) filter += ` and assignedTo('${a.assigneeObjectId}')`;
    items = (await arm.list(assignmentsPath(a.scope), AUTHORIZATION_API_VERSION, { $filter: filter })).map(assignmentShape);
  } else {
    const filter = a.assigneeObjectId
      ? a.includeGroups ? `assignedTo('${a.assigneeObjectId}')` : `principalId eq '${a.assigneeObjectId}'`
      : undefined;
    items = (await arm.list(assignmentsPath(`/subscriptions/${subscriptionId}`), AUTHORIZATION_API_VERSION, { $filter: filter })).map(assignmentShape);
  }
  if (items.length === 0) return items;
  if (a.scope) {
    const want = a.scope.toLowerCase();
    items = items.filter((i) => {
      const s = String(i.scope ?? '').toLowerCase();
      return s === want || (a.includeInherited && want.startsWith(s));
    });
  }
  if (a.role) {
    const roleId = await resolveRoleId(arm, a.role, a.scope ?? `/subscriptions/${subscriptionId}`, subscriptionId, warn);
    items = items.filter((i) => roleGuid(String(i.roleDefinitionId ?? '')) === roleGuid(roleId));
  }
  if (a.assigneeObjectId && !a.includeGroups) {
    items = items.filter((i) => String(i.principalId ?? '').toLowerCase() === a.assigneeObjectId!.toLowerCase());
  }
  return items;
}

/** Adds roleDefinitionName (from the definitions list) and principalName (from Graph; failures ignored). */
export async function fillNames(
  arm: ArmClient,
  graph: GraphClient,
  items: Assignment[],
  scope: string,
  subscriptionId: string,
  log: Logger,
): Promise<Assignment[]> {
  if (items.length === 0) return items;
  const defs = await listRoleDefinitions(arm, scope, subscriptionId);
  const names = new Map(defs.map((d) => [roleGuid(d.id), roleNameOf(d)]));
  for (const i of items) if (!i.roleDefinitionName) i.roleDefinitionName = names.get(roleGuid(String(i.roleDefinitionId ?? ''))) ?? null;
  const ids = [...new Set(items.map((i) => i.principalId).filter((p): p is string => typeof p === 'string' && p !== ''))];
  if (ids.length === 0) return items;
  try {
    const stubs = await getObjectStubs(graph, ids);
    const display = new Map(stubs.map((o) => [String(o.id).toLowerCase(), displayableName(o)]));
    for (const i of items) if (!i.principalName) i.principalName = display.get(String(i.principalId).toLowerCase()) ?? '';
  } catch (e) {
    log.info(`Failed to resolve graph object information per error '${e instanceof Error ? e.message : String(e)}'`);
  }
  return items;
}
