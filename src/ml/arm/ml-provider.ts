/**
 * The Microsoft.MachineLearningServices resource provider: workspaces, datastores, models / code / environments,
 * online endpoints and deployments, and the RP's operation status routes. Deleting a resource group stops the
 * deployments in it and removes the workspaces' identities, keys and secrets.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../../arm/arm-provider.js';
import { ML_NAMESPACE } from './ml-constants.js';
import { workspaceOperations } from './workspace-ops.js';
import { datastoreOperations } from './datastore-ops.js';
import { assetOperations } from './asset-ops.js';
import { endpointOperations } from './endpoint-ops.js';
import { endpointKeyOperations } from './endpoint-keys-ops.js';
import { deploymentOperations } from './deployment-ops.js';
import { mlOperationRoutes } from './ml-operations.js';
import { removeWorkspacesUnder } from './ml-cascade.js';

export function createMachineLearningProvider(ctx: PlatformContext): ArmProvider {
  return {
    namespace: ML_NAMESPACE,
    operations: [
      ...workspaceOperations(ctx),
      ...datastoreOperations(ctx),
      ...assetOperations(ctx),
      ...endpointOperations(ctx),
      ...endpointKeyOperations(ctx),
      ...deploymentOperations(ctx),
      ...mlOperationRoutes(ctx),
    ],
    onScopeDelete: (scope: string) => removeWorkspacesUnder(ctx, scope),
  };
}
