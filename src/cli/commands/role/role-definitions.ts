/**
 * Role definitions: az's `--role` resolution (full id, GUID, or name through `$filter=roleName eq '…'`),
 * plus loose names (`managedidentityoperator`): compared without case and spaces against the full list.
 */
import { isGuid } from '../../../shared/ids.js';
import { CliError, ServiceError } from '../../errors.js';
import type { ArmClient } from '../../http/arm-client.js';

export const AUTHORIZATION_API_VERSION = '2022-04-01';

export interface RoleDefinition {
  id: string;
  name?: string;
  type?: string;
  properties?: { roleName?: string; type?: string; description?: string; assignableScopes?: string[]; permissions?: unknown[] };
}

export function roleNameOf(d: RoleDefinition): string {
  return d.properties?.roleName ?? '';
}

export type RolePick =
  | { kind: 'one'; definition: RoleDefinition; loose: boolean }
  | { kind: 'ambiguous'; candidates: RoleDefinition[] }
  | { kind: 'none' };

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** Picks a role by name: exact name first, then ignoring case, then ignoring case and spaces. */
export function pickRoleByName(name: string, defs: RoleDefinition[]): RolePick {
  for (const same of [(d: RoleDefinition) => roleNameOf(d) === name, (d: RoleDefinition) => roleNameOf(d).toLowerCase() === name.toLowerCase()]) {
    const hits = defs.filter(same);
    if (hits.length === 1) return { kind: 'one', definition: hits[0], loose: false };
    if (hits.length > 1) return { kind: 'ambiguous', candidates: hits };
  }
  const loose = defs.filter((d) => squash(roleNameOf(d)) === squash(name));
  if (loose.length === 1) return { kind: 'one', definition: loose[0], loose: true };
  if (loose.length > 1) return { kind: 'ambiguous', candidates: loose };
  return { kind: 'none' };
}

export function definitionsPath(scope: string): string {
  return `${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/roleDefinitions`;
}

/** Lists definitions at a scope; falls back to the subscription when the scope does not list them. */
export async function listRoleDefinitions(arm: ArmClient, scope: string, subscriptionId: string, filter?: string): Promise<RoleDefinition[]> {
  const query = { $filter: filter };
  try {
    return (await arm.list(definitionsPath(scope), AUTHORIZATION_API_VERSION, query)) as unknown as RoleDefinition[];
  } catch (e) {
    const subScope = `/subscriptions/${subscriptionId}`;
    if (e instanceof ServiceError && (e.status === 400 || e.status === 404) && scope.toLowerCase() !== subScope.toLowerCase()) {
      return (await arm.list(definitionsPath(subScope), AUTHORIZATION_API_VERSION, query)) as unknown as RoleDefinition[];
    }
    throw e;
  }
}

const FULL_ID = /^\/subscriptions\/.+\/providers\/Microsoft\.Authorization\/roleDefinitions\//i;
const TENANT_ID = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i;

function chosenMessage(role: string, d: RoleDefinition): string {
  return `Role '${role}' is taken to mean '${roleNameOf(d)}' (${d.name ?? d.id}).`;
}

/** az's _resolve_role_id, with loose names resolved from the full list (the chosen role is reported). */
export async function resolveRoleId(
  arm: ArmClient,
  role: string,
  scope: string,
  subscriptionId: string,
  warn: (m: string) => void,
): Promise<string> {
  if (FULL_ID.test(role)) return role;
  const tenantLevel = TENANT_ID.exec(role);
  if (tenantLevel) return `/subscriptions/${subscriptionId}${role}`;
  if (isGuid(role)) return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;

  const filtered = await listRoleDefinitions(arm, scope, subscriptionId, `roleName eq '${role.replace(/'/g, "''")}'`);
  if (filtered.length === 1) {
    if (roleNameOf(filtered[0]) && roleNameOf(filtered[0]) !== role) warn(chosenMessage(role, filtered[0]));
    return filtered[0].id;
  }
  if (filtered.length > 1) {
    const pick = pickRoleByName(role, filtered);
    if (pick.kind === 'one' && !pick.loose) return pick.definition.id;
    const ids = filtered.map((r) => `'${r.id}'`).join(', ');
    throw new CliError(`More than one role matches the given name '${role}'. Please pick an id from '[${ids}]'`);
  }
  const pick = pickRoleByName(role, await listRoleDefinitions(arm, scope, subscriptionId));
  if (pick.kind === 'none') throw new CliError(`Role '${role}' doesn't exist.`);
  if (pick.kind === 'ambiguous') {
    const names = pick.candidates.map((d) => `'${roleNameOf(d)}' (${d.id})`).join(', ');
    throw new CliError(`Role '${role}' matches more than one role: ${names}. Use the exact role name or its id.`);
  }
  if (pick.loose) warn(chosenMessage(role, pick.definition));
  return pick.definition.id;
}

/** The flattened shape az prints for a role definition. */
export function definitionShape(d: RoleDefinition): Record<string, unknown> {
  const p = (d.properties ?? {}) as Record<string, unknown>;
  const { type: roleType, ...rest } = p;
  return {
    assignableScopes: rest.assignableScopes ?? null,
    description: rest.description ?? null,
    id: d.id,
    name: d.name ?? null,
    permissions: rest.permissions ?? null,
    roleName: rest.roleName ?? null,
    roleType: roleType ?? null,
    type: d.type ?? 'Microsoft.Authorization/roleDefinitions',
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => !['assignableScopes', 'description', 'permissions', 'roleName'].includes(k))),
  };
}

/** The GUID at the end of a role definition id, lower-cased (ids compare by it). */
export function roleGuid(id: string): string {
  return (id.split('/').pop() ?? '').toLowerCase();
}
