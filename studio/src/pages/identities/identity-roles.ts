/** The role assignments of a principal in the subscription (and at or below it), with role names resolved. */
import { API, armGet, armList } from '../../api/arm.js';
import { subscriptionScope } from '../../api/config.js';

interface RoleAssignment {
  id: string;
  name: string;
  properties: { roleDefinitionId: string; principalId: string; principalType?: string; scope: string; createdOn?: string; condition?: string };
}

interface RoleDefinition {
  id: string;
  properties: { roleName: string; type?: string; description?: string };
}

export interface RoleRow {
  id: string;
  role: string;
  roleType: string;
  scope: string;
  scopeKind: string;
  created: string;
}

const roleNames = new Map<string, Promise<RoleDefinition | undefined>>();

function roleDefinition(id: string): Promise<RoleDefinition | undefined> {
  const key = id.toLowerCase();
  let p = roleNames.get(key);
  if (!p) {
    p = armGet<RoleDefinition>(id, API.authorization).catch(() => {
      roleNames.delete(key);
      return undefined;
    });
    roleNames.set(key, p);
  }
  return p;
}

/** "Subscription", "Resource group", or the resource type of a scope. */
export function scopeKind(scope: string): string {
  const parts = scope.split('/').filter(Boolean);
  if (parts.length === 0) return 'Root';
  if (parts.length === 2 && parts[0].toLowerCase() === 'subscriptions') return 'Subscription';
  if (parts.length === 4 && parts[2].toLowerCase() === 'resourcegroups') return 'Resource group';
  const p = parts.findIndex((x) => x.toLowerCase() === 'providers');
  if (p < 0) return 'Resource';
  const rest = parts.slice(p + 1);
  const types = [rest[0], ...rest.slice(1).filter((_, i) => i % 2 === 0)];
  return types.join('/');
}

export async function roleAssignmentsOf(principalId: string, signal?: AbortSignal): Promise<RoleRow[]> {
  const filter = encodeURIComponent(`principalId eq '${principalId}'`);
  const list = await armList<RoleAssignment>(`${subscriptionScope()}/providers/Microsoft.Authorization/roleAssignments?$filter=${filter}`, API.authorization, signal);
  return Promise.all(
    list.map(async (a) => {
      const def = await roleDefinition(a.properties.roleDefinitionId);
      return {
        id: a.id,
        role: def?.properties.roleName ?? a.properties.roleDefinitionId.split('/').pop() ?? '',
        roleType: def?.properties.type === 'CustomRole' ? 'Custom' : def ? 'Built-in' : '',
        scope: a.properties.scope,
        scopeKind: scopeKind(a.properties.scope),
        created: a.properties.createdOn ?? '',
      };
    }),
  );
}
