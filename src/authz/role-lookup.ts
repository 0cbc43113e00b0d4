/** Finding role definitions by GUID, id, or name (exact or the loose way `az --role` users type them). */
import type { RoleDefinition } from './types.js';

/** By GUID, or by a role definition id (`…/roleDefinitions/{guid}`); case-insensitive. */
export function findRoleById(idOrGuid: string, roles: readonly RoleDefinition[]): RoleDefinition | undefined {
  const guid = idOrGuid.slice(idOrGuid.lastIndexOf('/') + 1).toLowerCase();
  return roles.find((r) => r.name.toLowerCase() === guid);
}

/** By exact roleName, ignoring case (the roleDefinitions `$filter=roleName eq '…'` rule). */
export function findRoleByName(roleName: string, roles: readonly RoleDefinition[]): RoleDefinition | undefined {
  const exact = roles.find((r) => r.roleName === roleName);
  if (exact) return exact;
  const lower = roleName.toLowerCase();
  return roles.find((r) => r.roleName.toLowerCase() === lower);
}

function squash(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}

/**
 * Resolves a role name the loose way: an exact (then case-insensitive) name wins; otherwise every role whose
 * name equals the input once case and whitespace are ignored (`acrpull`, `storageblobdatareader`).
 * Returns [] when nothing matches and several roles when the input is ambiguous.
 */
export function resolveRoleNameLoosely(input: string, roles: readonly RoleDefinition[]): RoleDefinition[] {
  const exact = roles.filter((r) => r.roleName === input);
  if (exact.length > 0) return exact;
  const lower = input.trim().toLowerCase();
  const ci = roles.filter((r) => r.roleName.toLowerCase() === lower);
  if (ci.length > 0) return ci;
  const key = squash(input);
  if (!key) return [];
  return roles.filter((r) => squash(r.roleName) === key);
}
