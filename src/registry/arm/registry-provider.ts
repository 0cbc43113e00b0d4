/**
 * The Microsoft.ContainerRegistry resource provider (ARM side): registries as `armResource` records with a global
 * name index, so `az acr show`, the generic resource list and the OCI plane find them.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../../arm/arm-provider.js';
import { listRegistries, removeRegistry } from './registry-records.js';
import { registryOperations } from './registry-ops.js';

export function createContainerRegistryProvider(ctx: PlatformContext): ArmProvider {
  return {
    namespace: 'Microsoft.ContainerRegistry',
    operations: registryOperations(ctx),
    onScopeDelete(scope: string) {
      for (const r of listRegistries(ctx.store, scope)) removeRegistry(ctx.store, r);
    },
  };
}
