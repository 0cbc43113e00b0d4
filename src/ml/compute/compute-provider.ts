/**
 * Azure ML compute instances as an ARM provider module (namespace Microsoft.MachineLearningServices, beside the
 * workspace provider of src/ml/arm). Deleting a scope (resource group, workspace) ends the instances below it
 * and removes their home folders and system-assigned identities.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../../arm/arm-provider.js';
import { ML_NAMESPACE } from '../arm/ml-constants.js';
import { removeIdentitiesOf } from '../../managed-identity/system-assigned.js';
import { listArmResources } from '../../arm/resource-store.js';
import { COMPUTE_TYPE } from './compute-records.js';
import { computeOperations } from './compute-ops.js';
import { computeInstancesOf } from './compute-instances.js';
import { closeComputeExecServer } from './compute-exec-server.js';

/** Ends and removes every compute instance at or below `scope` (a resource group or a workspace). */
export async function removeComputesUnder(ctx: PlatformContext, scope: string): Promise<void> {
  const removed = await computeInstancesOf(ctx).removeUnder(scope);
  const ids = new Set([...removed, ...listArmResources(ctx.store, { under: scope, type: COMPUTE_TYPE }).map((c) => c.id)]);
  for (const id of ids) {
    await closeComputeExecServer(ctx, id);
    removeIdentitiesOf(ctx, id);
  }
}

export function createComputeProvider(ctx: PlatformContext): ArmProvider {
  return {
    namespace: ML_NAMESPACE,
    operations: computeOperations(ctx),
    onScopeDelete: (scope: string) => removeComputesUnder(ctx, scope),
  };
}
