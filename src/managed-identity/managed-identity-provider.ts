/**
 * The Microsoft.ManagedIdentity resource provider: user-assigned identities (create/get/list/delete/PATCH tags),
 * each backed by a managed-identity service principal. Deleting a resource group also removes the principals
 * of the identities (user- and system-assigned) under it.
 */
import type { Operation, Reply, RequestContext } from '../http/operation.js';
import type { PlatformContext } from '../platform/context.js';
import { ApiError } from '../shared/errors.js';
import type { ArmProvider } from '../arm/arm-provider.js';
import { requireResourceGroup, requireSubscription } from '../arm/scope-checks.js';
import { deleteArmResourceTree, putArmResource } from '../arm/resource-store.js';
import { validateTags } from '../arm/tags.js';
import { createdSystemData, modifiedSystemData } from '../arm/system-data.js';
import { createIdentityPrincipal, deleteIdentityPrincipal } from './principal-lifecycle.js';
import { removeIdentitiesUnder } from './system-assigned.js';
import {
  MSI_API_VERSIONS,
  UAI_TYPE,
  getUai,
  listUais,
  uaiId,
  uaiNotFound,
  uaiView,
  validateUaiName,
  type UaiResource,
} from './user-assigned.js';

const BASE = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities';
const ACTION = 'Microsoft.ManagedIdentity/userAssignedIdentities';

function body(rc: RequestContext): Record<string, unknown> {
  const b = rc.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) {
    throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'expected a JSON object'.");
  }
  return b as Record<string, unknown>;
}

function apiVersion(rc: RequestContext): string | undefined {
  return rc.state.apiVersion as string | undefined;
}

function op(partial: Omit<Operation, 'apiVersions' | 'resourceType'>): Operation {
  return { ...partial, apiVersions: MSI_API_VERSIONS, resourceType: UAI_TYPE };
}

/** Removes a UAI: its principal (with role assignments and cached tokens) and its record. */
export function deleteUai(ctx: PlatformContext, r: UaiResource): void {
  deleteIdentityPrincipal(ctx, r.properties.principalId);
  deleteArmResourceTree(ctx.store, r.id);
}

export function managedIdentityProvider(ctx: PlatformContext): ArmProvider {
  const lookup = (rc: RequestContext) => {
    const { subscriptionId, resourceGroupName, resourceName } = rc.params;
    const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
    const existing = getUai(ctx, uaiId(subscriptionId, resourceGroupName, resourceName));
    return { rg, existing, subscriptionId, resourceGroupName, resourceName };
  };

  const operations: Operation[] = [
    op({
      id: 'UserAssignedIdentities_CreateOrUpdate',
      method: 'PUT',
      path: `${BASE}/{resourceName}`,
      action: `${ACTION}/write`,
      handler(rc): Reply {
        const { existing, subscriptionId, resourceGroupName, resourceName } = lookup(rc);
        validateUaiName(resourceName);
        const b = body(rc);
        const location = typeof b.location === 'string' ? b.location : undefined;
        if (!location) throw new ApiError(400, 'LocationRequired', 'The location property is required for this definition.');
        const tags = validateTags(b.tags);
        if (existing) {
          if (normalizeLocation(existing.location) !== normalizeLocation(location)) {
            throw new ApiError(
              400,
              'InvalidResourceLocation',
              `The resource '${resourceName}' already exists in location '${existing.location}' in resource group '${resourceGroupName}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
            );
          }
          const updated: UaiResource = {
            ...existing,
            name: resourceName,
            tags,
            systemData: modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock),
          };
          putArmResource(ctx.store, updated);
          return { status: 200, body: uaiView(updated, apiVersion(rc)) };
        }
        const id = uaiId(subscriptionId, resourceGroupName, resourceName);
        const created = ctx.store.transaction(() => {
          const ref = createIdentityPrincipal(ctx, resourceName, id);
          const r: UaiResource = {
            id,
            name: resourceName,
            type: UAI_TYPE,
            location: normalizeLocation(location),
            tags,
            properties: { tenantId: ref.tenantId, principalId: ref.principalId, clientId: ref.clientId },
            systemData: createdSystemData(rc.caller.principal, ctx.clock),
          };
          putArmResource(ctx.store, r);
          return r;
        });
        return { status: 201, body: uaiView(created, apiVersion(rc)) };
      },
    }),
    op({
      id: 'UserAssignedIdentities_Get',
      method: 'GET',
      path: `${BASE}/{resourceName}`,
      action: `${ACTION}/read`,
      handler(rc): Reply {
        const { existing, resourceGroupName, resourceName } = lookup(rc);
        if (!existing) throw uaiNotFound(resourceGroupName, resourceName);
        return { status: 200, body: uaiView(existing, apiVersion(rc)) };
      },
    }),
    op({
      id: 'UserAssignedIdentities_Update',
      method: 'PATCH',
      path: `${BASE}/{resourceName}`,
      action: `${ACTION}/write`,
      handler(rc): Reply {
        const { existing, resourceGroupName, resourceName } = lookup(rc);
        if (!existing) throw uaiNotFound(resourceGroupName, resourceName);
        const b = body(rc);
        const updated: UaiResource = {
          ...existing,
          tags: 'tags' in b ? validateTags(b.tags) : existing.tags,
          systemData: modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock),
        };
        putArmResource(ctx.store, updated);
        return { status: 200, body: uaiView(updated, apiVersion(rc)) };
      },
    }),
    op({
      id: 'UserAssignedIdentities_Delete',
      method: 'DELETE',
      path: `${BASE}/{resourceName}`,
      action: `${ACTION}/delete`,
      handler(rc): Reply {
        const { existing } = lookup(rc);
        if (!existing) return { status: 204 };
        deleteUai(ctx, existing);
        return { status: 200 };
      },
    }),
    op({
      id: 'UserAssignedIdentities_ListByResourceGroup',
      method: 'GET',
      path: BASE,
      itemAction: `${ACTION}/read`,
      handler(rc): Reply {
        const { subscriptionId, resourceGroupName } = rc.params;
        requireResourceGroup(ctx, subscriptionId, resourceGroupName);
        const under = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
        return { status: 200, body: { value: listUais(ctx, under).map((r) => uaiView(r, apiVersion(rc))) } };
      },
    }),
    op({
      id: 'UserAssignedIdentities_ListBySubscription',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities',
      itemAction: `${ACTION}/read`,
      handler(rc): Reply {
        const { subscriptionId } = rc.params;
        requireSubscription(ctx, subscriptionId);
        return { status: 200, body: { value: listUais(ctx, `/subscriptions/${subscriptionId}`).map((r) => uaiView(r, apiVersion(rc))) } };
      },
    }),
  ];

  return {
    namespace: 'Microsoft.ManagedIdentity',
    operations,
    onScopeDelete(scope: string) {
      for (const r of listUais(ctx, scope)) deleteUai(ctx, r);
      removeIdentitiesUnder(ctx, scope);
    },
  };
}

function normalizeLocation(l: string | undefined): string {
  return (l ?? '').replace(/\s+/g, '').toLowerCase();
}
