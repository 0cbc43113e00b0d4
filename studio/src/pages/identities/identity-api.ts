/** User-assigned managed identities (Microsoft.ManagedIdentity, 2023-01-31) and resource groups, over ARM. */
import { API, armList, parseId, type ArmResource } from '../../api/arm.js';
import { subscriptionScope } from '../../api/config.js';

const A = 'Microsoft.ManagedIdentity/userAssignedIdentities';

export const UAI_ACTIONS = { write: `${A}/write`, delete: `${A}/delete` } as const;

export type Uai = ArmResource<{ tenantId: string; principalId: string; clientId: string }>;

export interface ResourceGroup {
  id: string;
  name: string;
  location: string;
}

const enc = encodeURIComponent;

export const groupPath = (group: string): string => `${subscriptionScope()}/resourceGroups/${enc(group)}`;
export const uaiPath = (group: string, name: string): string => `${groupPath(group)}/providers/${A}/${enc(name)}`;
export const uaiHref = (group: string, name: string): string => `/identities/${enc(group)}/${enc(name)}`;

export interface UaiRow {
  id: string;
  name: string;
  group: string;
  location: string;
  clientId: string;
  principalId: string;
}

export function uaiRow(u: Uai): UaiRow {
  return {
    id: u.id,
    name: u.name,
    group: parseId(u.id).resourceGroup,
    location: u.location ?? '',
    clientId: u.properties.clientId,
    principalId: u.properties.principalId,
  };
}

export function listUais(signal?: AbortSignal): Promise<Uai[]> {
  return armList<Uai>(`${subscriptionScope()}/providers/${A}`, API.msi, signal);
}

export function listGroups(signal?: AbortSignal): Promise<ResourceGroup[]> {
  return armList<ResourceGroup>(`${subscriptionScope()}/resourcegroups`, API.resources, signal);
}
