/**
 * User-assigned identities (Microsoft.ManagedIdentity/userAssignedIdentities): records, response shape and
 * look-ups by ARM id or client id.
 */
import type { PlatformContext } from '../platform/context.js';
import { ApiError } from '../shared/errors.js';
import { isGuid } from '../shared/ids.js';
import { parseResourceId } from '../shared/resource-id.js';
import { getArmResource, listArmResources, type ArmResource } from '../arm/resource-store.js';
import type { Tags } from '../arm/tags.js';
import type { SystemData } from '../arm/system-data.js';
import { managedIdentityByClientId } from './principal-lifecycle.js';

export const UAI_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

export const MSI_API_VERSIONS: readonly string[] = [
  '2015-08-31-preview',
  '2018-11-30',
  '2021-09-30-preview',
  '2022-01-31-preview',
  '2023-01-31',
  '2023-07-31-preview',
  '2024-11-30',
  '2025-01-31-preview',
];

export interface UaiProperties {
  tenantId: string;
  principalId: string;
  clientId: string;
}

export type UaiResource = ArmResource<UaiProperties>;

export interface UaiView {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags: Tags;
  properties: UaiProperties & { isolationScope?: string };
  systemData?: SystemData;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;

export function validateUaiName(name: string): void {
  if (!NAME.test(name)) {
    throw new ApiError(
      400,
      'InvalidResourceName',
      `Resource name ${name} is invalid. The name can be 3-128 characters long. It must begin with a letter or number and can contain letters, numbers, dashes and underscores.`,
    );
  }
}

/** The id ARM prints for a UAI (the REST examples spell `resourcegroups` in lower case). */
export function uaiId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

export function uaiView(r: UaiResource, apiVersion?: string): UaiView {
  const view: UaiView = {
    id: r.id,
    name: r.name,
    type: UAI_TYPE,
    location: r.location,
    tags: r.tags ?? {},
    properties: { tenantId: r.properties.tenantId, principalId: r.properties.principalId, clientId: r.properties.clientId },
  };
  if (apiVersion && apiVersion >= '2023-07-31') view.properties.isolationScope = 'None';
  if (r.systemData) view.systemData = r.systemData;
  return view;
}

export function uaiNotFound(resourceGroup: string, name: string): ApiError {
  return new ApiError(
    404,
    'ResourceNotFound',
    `The Resource '${UAI_TYPE}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function isUaiId(id: string): boolean {
  const p = parseResourceId(id);
  return (p.type ?? '').toLowerCase() === UAI_TYPE.toLowerCase() && p.segments.length === 1;
}

export function getUai(ctx: PlatformContext, id: string): UaiResource | undefined {
  if (!isUaiId(id)) return undefined;
  const r = getArmResource<UaiProperties>(ctx.store, id);
  return r && r.type.toLowerCase() === UAI_TYPE.toLowerCase() ? r : undefined;
}

export function listUais(ctx: PlatformContext, under: string): UaiResource[] {
  return listArmResources<UaiProperties>(ctx.store, { under, type: UAI_TYPE });
}

/**
 * A UAI named by its ARM id or its client id (what `--identity` and `az … --assign-identity` accept).
 * Undefined when there is no such identity.
 */
export function resolveUai(ctx: PlatformContext, idOrClientId: string): UaiResource | undefined {
  const ref = idOrClientId.trim();
  if (isGuid(ref)) {
    const sp = managedIdentityByClientId(ctx, ref);
    return sp?._miResourceId ? getUai(ctx, sp._miResourceId) : undefined;
  }
  return getUai(ctx, ref);
}
