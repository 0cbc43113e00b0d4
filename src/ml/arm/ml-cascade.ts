/**
 * Deleting Azure ML resources with everything that hangs off them: deployments are stopped through the serving
 * hooks, system-assigned identities (with their role assignments) removed, keys, secrets and host names forgotten.
 * The default storage account and registry of a workspace stay, as in Azure.
 */
import { runScopeDeleteHooks } from '../../arm/arm-provider.js';
import type { PlatformContext } from '../../platform/context.js';
import { canonicalId, deleteArmResourceTree, listArmResources } from '../../arm/resource-store.js';
import { removeIdentitiesOf } from '../../managed-identity/system-assigned.js';
import { servingHooks } from '../serving-hooks.js';
import { T } from './ml-constants.js';
import {
  DATASTORE_SECRET_KIND,
  ENDPOINT_KEYS_KIND,
  listDeployments,
  listEndpoints,
  unindexEndpointHost,
  type DeploymentRecord,
  type EndpointRecord,
  type WorkspaceRecord,
} from './ml-records.js';

/** Stops deployments through the serving hooks (errors are logged: a stuck instance must not block a delete). */
export async function stopDeployments(ctx: PlatformContext, deployments: readonly DeploymentRecord[]): Promise<void> {
  const hooks = servingHooks(ctx);
  if (!hooks) return;
  for (const d of deployments) {
    try {
      await hooks.stop(d.id);
    } catch (e) {
      ctx.log.error({ evt: 'ml.deployment.stop', deployment: d.id, err: (e as Error)?.stack ?? String(e) });
    }
  }
}

export async function removeDeployment(ctx: PlatformContext, d: DeploymentRecord): Promise<void> {
  await stopDeployments(ctx, [d]);
  removeIdentitiesOf(ctx, d.id);
  deleteArmResourceTree(ctx.store, d.id);
}

export async function removeEndpoint(ctx: PlatformContext, ep: EndpointRecord): Promise<void> {
  await stopDeployments(ctx, listDeployments(ctx, ep.id));
  ctx.store.transaction(() => {
    removeIdentitiesOf(ctx, ep.id);
    ctx.store.delete(ENDPOINT_KEYS_KIND, canonicalId(ep.id));
    if (ep.location) unindexEndpointHost(ctx, ep.name, ep.location);
    deleteArmResourceTree(ctx.store, ep.id);
  });
}

export async function removeWorkspace(ctx: PlatformContext, ws: WorkspaceRecord): Promise<void> {
  // State other Azure ML providers keep inside the workspace (compute instances' processes and homes, builds…).
  await runScopeDeleteHooks(ctx, ws.id, 'Microsoft.MachineLearningServices');
  for (const ep of listEndpoints(ctx, ws.id)) await removeEndpoint(ctx, ep);
  const prefix = canonicalId(ws.id) + '/';
  ctx.store.transaction(() => {
    removeIdentitiesOf(ctx, ws.id);
    ctx.store.deletePrefix(DATASTORE_SECRET_KIND, prefix);
    ctx.store.deletePrefix(ENDPOINT_KEYS_KIND, prefix);
    deleteArmResourceTree(ctx.store, ws.id);
  });
}

/** Resource group deletion: every workspace under `scope`. */
export async function removeWorkspacesUnder(ctx: PlatformContext, scope: string): Promise<void> {
  for (const ws of listArmResources(ctx.store, { under: scope, type: T.workspace })) await removeWorkspace(ctx, ws as WorkspaceRecord);
}
