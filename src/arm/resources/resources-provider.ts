/**
 * Microsoft.Resources: the ARM core (subscriptions, tenants, locations, providers, resource groups,
 * generic resource lists, long-running operation polling, cloud metadata).
 */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../arm-provider.js';
import { locationOperations } from './locations.js';
import { metadataOperations } from './metadata-endpoints.js';
import { operationResultOperations } from './operation-results.js';
import { providerOperations } from './providers.js';
import { resourceGroupOperations } from './resource-groups.js';
import { resourceListOperations } from './resources-list.js';
import { subscriptionOperations } from './subscriptions.js';

export function createResourcesProvider(ctx: PlatformContext): ArmProvider {
  return {
    namespace: 'Microsoft.Resources',
    operations: [
      ...subscriptionOperations(ctx),
      ...locationOperations(ctx),
      ...metadataOperations(),
      ...providerOperations(ctx),
      ...resourceGroupOperations(ctx),
      ...resourceListOperations(ctx),
      ...operationResultOperations(ctx),
    ],
  };
}
