/**
 * The Microsoft.Storage resource provider: storage accounts with keys, the blob service and its containers.
 * Accounts are kept as `storageAccount` records (shared with the Blob plane) mirrored as generic ARM resources.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../../arm/arm-provider.js';
import { parseResourceId } from '../../shared/resource-id.js';
import { listAccounts } from '../accounts/account-records.js';
import { accountOperations, removeAccount } from './account-ops.js';
import { blobServiceOperations } from './blob-service-ops.js';

export function createStorageProvider(ctx: PlatformContext): ArmProvider {
  return {
    namespace: 'Microsoft.Storage',
    operations: [...accountOperations(ctx), ...blobServiceOperations(ctx)],
    onScopeDelete(scope: string) {
      const p = parseResourceId(scope);
      if (!p.subscriptionId) return;
      for (const a of listAccounts(ctx.store)) {
        if (a.subscriptionId.toLowerCase() !== p.subscriptionId.toLowerCase()) continue;
        if (p.resourceGroup && a.resourceGroup.toLowerCase() !== p.resourceGroup.toLowerCase()) continue;
        removeAccount(ctx, a);
      }
    },
  };
}
