/**
 * Azure ML resources as stored (generic `armResource` records, so resource-group deletion and generic listing see
 * them) and the record API the serving runtime uses: endpoints, deployments and deployment state.
 * Secrets live outside the resource records: endpoint keys (kind `mlEndpointKeys`), datastore secrets
 * (kind `mlDatastoreSecret`). Endpoint host names are indexed (kind `mlEndpointHost`: `<ep>.<region>` → id).
 */
import type { PlatformContext } from '../../platform/context.js';
import { canonicalId, getArmResource, listArmResources, putArmResource, type ArmResource } from '../../arm/resource-store.js';
import { T } from './ml-constants.js';

export const ENDPOINT_HOST_KIND = 'mlEndpointHost';
export const ENDPOINT_KEYS_KIND = 'mlEndpointKeys';
export const DATASTORE_SECRET_KIND = 'mlDatastoreSecret';

/** State the RP keeps beside a resource but never returns. */
export interface MlInternal {
  /** Endpoints: a GUID that changes when an endpoint is deleted and created again (binds AML tokens). */
  uid?: string;
  /** Deployments: the reason of a `Failed` state (shown by the Azure-AsyncOperation status). */
  error?: { code: string; message: string };
  /** When `provisioningState` last changed (ISO). */
  stateChangedAt?: string;
}

export type MlResource<P> = ArmResource<P> & { internal?: MlInternal };

export type WorkspaceRecord = MlResource<Record<string, unknown>>;

export type EndpointAuthMode = 'Key' | 'AMLToken' | 'AADToken';

export interface EndpointProperties {
  authMode: EndpointAuthMode;
  description?: string;
  properties: Record<string, string>;
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  provisioningState: 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed' | 'Canceled';
  scoringUri: string;
  swaggerUri: string;
  compute?: string;
}

export type EndpointRecord = MlResource<EndpointProperties>;

export type DeploymentState = 'Creating' | 'Updating' | 'Scaling' | 'Deleting' | 'Succeeded' | 'Failed' | 'Canceled';

export interface ProbeSettings {
  failureThreshold: number;
  successThreshold: number;
  timeout: string;
  period: string;
  initialDelay: string;
}

export interface DeploymentProperties {
  endpointComputeType: 'Managed';
  description?: string;
  properties: Record<string, string>;
  /** Model asset id (ARM id or `azureml:` reference), as given. */
  model?: string;
  modelMountPath?: string;
  codeConfiguration?: { codeId: string; scoringScript: string };
  environmentId?: string;
  /** The user's variables plus AML_APP_ROOT / AZUREML_ENTRY_SCRIPT / AZUREML_MODEL_DIR as Azure adds them. */
  environmentVariables: Record<string, string>;
  instanceType: string;
  requestSettings: { maxConcurrentRequestsPerInstance: number; requestTimeout: string; maxQueueWait: string };
  livenessProbe: ProbeSettings;
  readinessProbe: ProbeSettings;
  scaleSettings: { scaleType: 'Default' };
  appInsightsEnabled: boolean;
  egressPublicNetworkAccess: 'Enabled' | 'Disabled';
  provisioningState: DeploymentState;
}

export type DeploymentRecord = MlResource<DeploymentProperties>;

export interface EndpointKeys {
  primaryKey: string;
  secondaryKey: string;
}

function typed<P>(ctx: PlatformContext, id: string, type: string): MlResource<P> | undefined {
  const r = getArmResource<P>(ctx.store, id) as MlResource<P> | undefined;
  return r && r.type.toLowerCase() === type.toLowerCase() ? r : undefined;
}

export function getWorkspace(ctx: PlatformContext, id: string): WorkspaceRecord | undefined {
  return typed(ctx, id, T.workspace);
}

/** An online endpoint by ARM id (any casing). */
export function getEndpoint(ctx: PlatformContext, endpointId: string): EndpointRecord | undefined {
  return typed(ctx, endpointId, T.endpoint);
}

export function listEndpoints(ctx: PlatformContext, workspaceId: string): EndpointRecord[] {
  return listArmResources<EndpointProperties>(ctx.store, { under: workspaceId, type: T.endpoint }) as EndpointRecord[];
}

/** The deployments of an endpoint, in name order. */
export function listDeployments(ctx: PlatformContext, endpointId: string): DeploymentRecord[] {
  return listArmResources<DeploymentProperties>(ctx.store, { under: endpointId, type: T.deployment }) as DeploymentRecord[];
}

/** A deployment by ARM id (any casing). */
export function getDeployment(ctx: PlatformContext, deploymentId: string): DeploymentRecord | undefined {
  return typed(ctx, deploymentId, T.deployment);
}

/** The endpoint id of a deployment id (`…/onlineEndpoints/{ep}/deployments/{dep}` → `…/onlineEndpoints/{ep}`). */
export function endpointIdOf(deploymentId: string): string {
  return canonicalId(deploymentId).split('/').slice(0, -2).join('/');
}

/**
 * Records a deployment's provisioning state (the serving runtime calls this: Creating → Succeeded | Failed).
 * `error` is kept for `Failed` and shown by the operation status. Returns false when the deployment no longer exists.
 */
export function setDeploymentState(
  ctx: PlatformContext,
  deploymentId: string,
  state: DeploymentState,
  error?: { code?: string; message: string },
): boolean {
  return ctx.store.transaction(() => {
    const d = getDeployment(ctx, deploymentId);
    if (!d) return false;
    const internal: MlInternal = { ...d.internal, stateChangedAt: new Date(ctx.clock.now()).toISOString() };
    if (state === 'Failed') internal.error = { code: error?.code ?? 'DeploymentFailed', message: error?.message ?? 'The deployment failed.' };
    else delete internal.error;
    const next: DeploymentRecord = { ...d, properties: { ...d.properties, provisioningState: state }, internal };
    putArmResource(ctx.store, next);
    return true;
  });
}

/** `<endpoint>.<region>.inference.ml.azure.com` */
export function endpointHostName(endpointName: string, location: string): string {
  return `${endpointName.toLowerCase()}.${location.toLowerCase()}.inference.ml.azure.com`;
}

function hostKey(endpointName: string, location: string): string {
  return `${endpointName.toLowerCase()}.${location.toLowerCase()}`;
}

/** The endpoint id registered for a name in a region (names are unique per region). */
export function endpointIdByName(ctx: PlatformContext, endpointName: string, location: string): string | undefined {
  return ctx.store.get<{ id: string }>(ENDPOINT_HOST_KIND, hostKey(endpointName, location))?.body.id;
}

export function indexEndpointHost(ctx: PlatformContext, endpointName: string, location: string, id: string): void {
  ctx.store.put(ENDPOINT_HOST_KIND, hostKey(endpointName, location), { id: canonicalId(id) });
}

export function unindexEndpointHost(ctx: PlatformContext, endpointName: string, location: string): void {
  ctx.store.delete(ENDPOINT_HOST_KIND, hostKey(endpointName, location));
}

export function getEndpointKeys(ctx: PlatformContext, endpointId: string): EndpointKeys | undefined {
  return ctx.store.get<EndpointKeys>(ENDPOINT_KEYS_KIND, canonicalId(endpointId))?.body;
}

export function putEndpointKeys(ctx: PlatformContext, endpointId: string, keys: EndpointKeys): void {
  ctx.store.put(ENDPOINT_KEYS_KIND, canonicalId(endpointId), keys);
}

export function deleteEndpointKeys(ctx: PlatformContext, endpointId: string): void {
  ctx.store.delete(ENDPOINT_KEYS_KIND, canonicalId(endpointId));
}
