/**
 * The seam between the Azure ML control plane (src/ml/arm: resources, keys, state in the store) and the serving
 * runtime (src/ml/serving: provisioning, scoring hosts, the scoring router). The control plane calls these hooks;
 * the serving runtime registers them when the platform starts.
 */
import type { PlatformContext } from '../platform/context.js';

export type DeploymentContainer = 'inference-server' | 'storage-initializer';

export interface ServingHooks {
  /** Starts (or restarts) provisioning of a deployment (ARM id). Progress goes to the deployment resource's
   *  `properties.provisioningState` (Creating → Succeeded | Failed) and to its logs. Returns at once. */
  provision(deploymentId: string): void;
  /** Stops a deployment's instances and forgets its runtime state (deployment or endpoint delete). */
  stop(deploymentId: string): Promise<void>;
  /** The last `lines` lines of a deployment container's log. */
  logs(deploymentId: string, container: DeploymentContainer, lines: number): string;
}

const hooks = new WeakMap<PlatformContext, ServingHooks>();

export function registerServingHooks(ctx: PlatformContext, h: ServingHooks): void {
  hooks.set(ctx, h);
}

export function servingHooks(ctx: PlatformContext): ServingHooks | undefined {
  return hooks.get(ctx);
}
