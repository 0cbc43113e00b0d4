/**
 * Existence checks every ARM operation under a subscription or resource group makes first:
 * 404 `SubscriptionNotFound` / `ResourceGroupNotFound` with ARM's messages.
 */
import { ApiError } from '../shared/errors.js';
import type { PlatformContext } from '../platform/context.js';
import type { Store } from '../store/store.js';
import { parseResourceId, resourceGroupId } from '../shared/resource-id.js';
import type { Tags } from './tags.js';

export const RESOURCE_GROUP_KIND = 'resourceGroup';

export interface ResourceGroupRecord {
  id: string;
  name: string;
  type: 'Microsoft.Resources/resourceGroups';
  location: string;
  managedBy?: string;
  tags?: Tags;
  properties: { provisioningState: 'Succeeded' | 'Deleting' };
}

export function subscriptionNotFound(subscriptionId: string): ApiError {
  return new ApiError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}

export function resourceGroupNotFound(name: string): ApiError {
  return new ApiError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}

export function isKnownSubscription(ctx: PlatformContext, subscriptionId: string): boolean {
  return subscriptionId.toLowerCase() === ctx.config.subscriptionId.toLowerCase();
}

/** Throws 404 SubscriptionNotFound unless `subscriptionId` is the platform's subscription. */
export function requireSubscription(ctx: PlatformContext, subscriptionId: string): void {
  if (!isKnownSubscription(ctx, subscriptionId)) throw subscriptionNotFound(subscriptionId);
}

export function getResourceGroup(store: Store, subscriptionId: string, name: string): ResourceGroupRecord | undefined {
  return store.get<ResourceGroupRecord>(RESOURCE_GROUP_KIND, resourceGroupId(subscriptionId, name))?.body;
}

/** The resource group (as stored, with its original casing) or 404 (SubscriptionNotFound / ResourceGroupNotFound). */
export function requireResourceGroup(ctx: PlatformContext, subscriptionId: string, name: string): ResourceGroupRecord {
  requireSubscription(ctx, subscriptionId);
  const rg = getResourceGroup(ctx.store, subscriptionId, name);
  if (!rg) throw resourceGroupNotFound(name);
  return rg;
}

/** 404 for a scope under a subscription or resource group that does not exist (resources are not checked). */
export function requireScopeExists(ctx: PlatformContext, scope: string): void {
  const p = parseResourceId(scope);
  if (p.resourceGroup && p.subscriptionId) requireResourceGroup(ctx, p.subscriptionId, p.resourceGroup);
  else if (p.subscriptionId) requireSubscription(ctx, p.subscriptionId);
}
