/**
 * Role assignments, role definitions and directory principals, as the Access control pages read and change them:
 * ARM `Microsoft.Authorization` (2022-04-01) and Microsoft Graph v1.0, always with the signed-in user's token.
 */
import { API, armList, armSend } from '../../api/arm.js';
import { graphUrl, subscriptionScope } from '../../api/config.js';
import { callJson } from '../../api/http.js';
import type { Permission } from '../../api/permissions.js';

export interface RoleAssignment {
  id: string;
  name: string;
  type: string;
  properties: {
    roleDefinitionId: string;
    principalId: string;
    principalType: string | null;
    scope: string;
    description?: string | null;
    condition?: string | null;
    createdOn?: string | null;
  };
}

export interface RoleDefinition {
  id: string;
  name: string;
  properties: {
    roleName: string;
    type: string;
    description: string;
    assignableScopes: string[];
    permissions: Permission[];
  };
}

export type PrincipalKind = 'User' | 'ServicePrincipal' | 'ManagedIdentity' | 'Group' | 'Unknown';
/** What a role assignment's `principalType` may say. */
export type AssignmentPrincipalType = 'User' | 'ServicePrincipal' | 'Group';

export interface Principal {
  id: string;
  displayName: string;
  /** UPN, application (client) id or managed identity resource id. */
  detail: string;
  kind: PrincipalKind;
  /** "User-assigned" / "System-assigned" for managed identities. */
  flavour?: string;
}

export const KIND_LABEL: Record<PrincipalKind, string> = {
  User: 'User',
  ServicePrincipal: 'Service principal',
  ManagedIdentity: 'Managed identity',
  Group: 'Group',
  Unknown: 'Unknown',
};

export function principalTypeOf(kind: PrincipalKind): AssignmentPrincipalType {
  return kind === 'User' ? 'User' : kind === 'Group' ? 'Group' : 'ServicePrincipal';
}

const ASSIGNMENTS = '/providers/Microsoft.Authorization/roleAssignments';
const trimScope = (scope: string): string => scope.replace(/\/+$/, '');

/** The GUID at the end of a role definition id. */
export const roleGuid = (roleDefinitionId: string): string => roleDefinitionId.slice(roleDefinitionId.lastIndexOf('/') + 1).toLowerCase();

/** Assignments at and above a scope (`atScope()`), optionally of one principal (`assignedTo`). */
export function listAssignments(scope: string, principalId?: string, signal?: AbortSignal): Promise<RoleAssignment[]> {
  const filter = principalId ? `atScope() and assignedTo('${principalId}')` : 'atScope()';
  return armList<RoleAssignment>(`${trimScope(scope)}${ASSIGNMENTS}?$filter=${encodeURIComponent(filter)}`, API.authorization, signal);
}

const definitionCache = new Map<string, Promise<RoleDefinition[]>>();

/** Role definitions assignable at a scope (cached per scope for the session of the page). */
export function listRoleDefinitions(scope: string): Promise<RoleDefinition[]> {
  const key = trimScope(scope).toLowerCase();
  let p = definitionCache.get(key);
  if (!p) {
    p = armList<RoleDefinition>(`${trimScope(scope)}/providers/Microsoft.Authorization/roleDefinitions`, API.authorization).catch((e) => {
      definitionCache.delete(key);
      throw e;
    });
    definitionCache.set(key, p);
  }
  return p;
}

export function definitionsByGuid(defs: RoleDefinition[]): Map<string, RoleDefinition> {
  return new Map(defs.map((d) => [d.name.toLowerCase(), d]));
}

/** PUT `{scope}/providers/Microsoft.Authorization/roleAssignments/{new guid}`. */
export async function createAssignment(scope: string, roleDefinitionId: string, principalId: string, principalType: AssignmentPrincipalType): Promise<RoleAssignment | undefined> {
  const name = crypto.randomUUID();
  return armSend<RoleAssignment>('PUT', `${trimScope(scope)}${ASSIGNMENTS}/${name}`, API.authorization, {
    properties: { roleDefinitionId, principalId, principalType },
  });
}

export async function deleteAssignment(id: string): Promise<void> {
  await armSend('DELETE', id, API.authorization);
}

interface GraphObject {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  appId?: string | null;
  servicePrincipalType?: string | null;
  alternativeNames?: string[] | null;
}

function principalOf(o: GraphObject, fallback: PrincipalKind): Principal {
  const t = (o['@odata.type'] ?? '').toLowerCase();
  const kind: PrincipalKind =
    t === '#microsoft.graph.user'
      ? 'User'
      : t === '#microsoft.graph.group'
        ? 'Group'
        : t === '#microsoft.graph.serviceprincipal' || o.servicePrincipalType
          ? o.servicePrincipalType === 'ManagedIdentity'
            ? 'ManagedIdentity'
            : 'ServicePrincipal'
          : fallback;
  if (kind === 'ManagedIdentity') {
    const alt = o.alternativeNames ?? [];
    const resourceId = alt.find((a) => a.startsWith('/')) ?? o.appId ?? '';
    const explicit = alt.some((a) => a.toLowerCase() === 'isexplicit=true') || /\/userassignedidentities\//i.test(resourceId);
    return { id: o.id, displayName: o.displayName ?? o.id, detail: resourceId, kind, flavour: explicit ? 'User-assigned' : 'System-assigned' };
  }
  return { id: o.id, displayName: o.displayName ?? o.id, detail: (kind === 'User' ? o.userPrincipalName : o.appId) ?? '', kind };
}

const principalCache = new Map<string, Principal>();

/** Names and types of directory objects (`POST /v1.0/directoryObjects/getByIds`); unknown ids are left out. */
export async function resolvePrincipals(ids: string[], signal?: AbortSignal): Promise<Map<string, Principal>> {
  const out = new Map<string, Principal>();
  const missing: string[] = [];
  for (const id of new Set(ids.map((i) => i.toLowerCase()))) {
    const hit = principalCache.get(id);
    if (hit) out.set(id, hit);
    else missing.push(id);
  }
  for (let i = 0; i < missing.length; i += 1000) {
    const reply = await callJson<{ value: GraphObject[] }>(graphUrl('/v1.0/directoryObjects/getByIds'), {
      method: 'POST',
      body: { ids: missing.slice(i, i + 1000), types: ['user', 'group', 'servicePrincipal'] },
      auth: 'graph',
      signal,
    });
    for (const o of reply?.value ?? []) {
      const p = principalOf(o, 'Unknown');
      principalCache.set(o.id.toLowerCase(), p);
      out.set(o.id.toLowerCase(), p);
    }
  }
  return out;
}

const odataString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function graphList(path: string, filter: string | undefined, select: string, fallback: PrincipalKind, signal?: AbortSignal): Promise<Principal[]> {
  const q = new URLSearchParams({ $top: '50', $select: select });
  if (filter) q.set('$filter', filter);
  const reply = await callJson<{ value: GraphObject[] }>(graphUrl(`/v1.0/${path}?${q.toString().replace(/\+/g, '%20')}`), { auth: 'graph', signal });
  return (reply?.value ?? []).map((o) => principalOf(o, fallback));
}

interface UserAssignedIdentity {
  id: string;
  name: string;
  properties: { principalId: string; clientId: string };
}

/** Principals of one kind whose name (or UPN / application id) starts with `text`. */
export async function searchPrincipals(kind: PrincipalKind, text: string, signal?: AbortSignal): Promise<Principal[]> {
  const t = text.trim();
  const starts = (prop: string) => `startswith(${prop},${odataString(t)})`;
  if (kind === 'User') {
    return graphList('users', t ? `${starts('displayName')} or ${starts('userPrincipalName')}` : undefined, 'id,displayName,userPrincipalName', 'User', signal);
  }
  if (kind === 'ServicePrincipal') {
    const f = `servicePrincipalType ne 'ManagedIdentity'` + (t ? ` and (${starts('displayName')} or ${starts('appId')})` : '');
    return graphList('servicePrincipals', f, 'id,displayName,appId,servicePrincipalType', 'ServicePrincipal', signal);
  }
  // Managed identities: user-assigned ones visible through ARM, plus every managed identity's service principal.
  const f = `servicePrincipalType eq 'ManagedIdentity'` + (t ? ` and ${starts('displayName')}` : '');
  const [graph, arm] = await Promise.all([
    graphList('servicePrincipals', f, 'id,displayName,appId,servicePrincipalType,alternativeNames', 'ManagedIdentity', signal).catch(() => [] as Principal[]),
    armList<UserAssignedIdentity>(`${subscriptionScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, API.msi, signal).catch(() => [] as UserAssignedIdentity[]),
  ]);
  const byId = new Map(graph.map((p) => [p.id.toLowerCase(), p]));
  for (const u of arm) {
    const pid = u.properties?.principalId;
    if (!pid || byId.has(pid.toLowerCase())) continue;
    if (t && !u.name.toLowerCase().startsWith(t.toLowerCase())) continue;
    byId.set(pid.toLowerCase(), { id: pid, displayName: u.name, detail: u.id, kind: 'ManagedIdentity', flavour: 'User-assigned' });
  }
  return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
