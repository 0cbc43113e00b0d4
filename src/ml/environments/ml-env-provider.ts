/**
 * Workspace connections and environment image builds, plugged into the Microsoft.MachineLearningServices
 * namespace: the connection operations, the environment version hook (asset-ops stores versions; this builds
 * their images), and — at start-up — builds an earlier process left unfinished are marked failed.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../../arm/arm-provider.js';
import { listArmResources } from '../../arm/resource-store.js';
import { registerAssetVersionHook } from '../arm/asset-hooks.js';
import { ML_NAMESPACE } from '../arm/ml-constants.js';
import { connectionOperations } from '../connections/connection-ops.js';
import { environmentVersionHook } from './environment-hook.js';
import { failInterruptedBuilds } from './image-build.js';

export const ENVIRONMENT_VERSION_TYPE = `${ML_NAMESPACE}/workspaces/environments/versions`;

export function createMlEnvironmentProvider(ctx: PlatformContext): ArmProvider {
  registerAssetVersionHook(ctx, 'environments', environmentVersionHook(ctx));
  const interrupted = failInterruptedBuilds(ctx, listArmResources<Record<string, unknown>>(ctx.store, { type: ENVIRONMENT_VERSION_TYPE }));
  if (interrupted > 0) ctx.log.info({ evt: 'ml.environment.interrupted', builds: interrupted });
  return { namespace: ML_NAMESPACE, operations: connectionOperations(ctx) };
}
