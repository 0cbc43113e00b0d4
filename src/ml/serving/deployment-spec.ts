/**
 * What the serving runtime needs to run a deployment, read from the control plane's records: the endpoint and its
 * identity, the workspace's storage and registry, the model / code / environment assets, request settings and probes.
 * Anything that makes a deployment impossible to run becomes a ProvisioningError with a message for the user.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { AttachedIdentity } from '../../runtime/workload-registry.js';
import { parseResourceId } from '../../shared/resource-id.js';
import { systemAssignedIdentityOf } from '../../managed-identity/system-assigned.js';
import { getAssetVersion } from '../arm/asset-ops.js';
import { endpointIdOf, getDeployment, getEndpoint, getWorkspace, type EndpointRecord } from '../arm/ml-records.js';
import { isoDurationMs } from './iso-duration.js';

export class ProvisioningError extends Error {
  constructor(
    message: string,
    readonly code = 'DeploymentFailed',
  ) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

export interface ProbeSpec {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
}

export interface DeploymentSpec {
  id: string;
  name: string;
  endpointId: string;
  endpointName: string;
  workspaceId: string;
  /** Workspace default storage account (ARM id) and registry (ARM id). */
  storageAccountId?: string;
  registryId?: string;
  instanceCount: number;
  maxConcurrentPerInstance: number;
  requestTimeoutMs: number;
  liveness: ProbeSpec;
  readiness: ProbeSpec;
  /** The user's variables (platform-added ones included as the control plane shows them). */
  environmentVariables: Record<string, string>;
  scoringScript?: string;
  codeUri?: string;
  model?: { name: string; version: string; uri: string };
  /** `builtImage`: the environment image in the workspace registry (its build's result), when built. */
  environment?: { id: string; image?: string; condaFile?: string; build?: unknown; builtImage?: string; buildStatus?: string };
}

function probe(p: { initialDelay?: string; period?: string; timeout?: string; failureThreshold?: number } | undefined): ProbeSpec {
  return {
    initialDelayMs: isoDurationMs(p?.initialDelay, 10_000),
    periodMs: Math.max(isoDurationMs(p?.period, 10_000), 100),
    timeoutMs: Math.max(isoDurationMs(p?.timeout, 2_000), 50),
    failureThreshold: Math.max(p?.failureThreshold ?? 30, 1),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The model name and version of a model version id (`…/models/{name}/versions/{version}`). */
function modelNameVersion(id: string): { name: string; version: string } | undefined {
  const segs = parseResourceId(id).segments;
  const name = segs.find((s) => s.type.toLowerCase() === 'models')?.name;
  const version = segs.find((s) => s.type.toLowerCase() === 'versions')?.name;
  return name && version ? { name, version } : undefined;
}

export function resolveDeploymentSpec(ctx: PlatformContext, deploymentId: string): DeploymentSpec {
  const d = getDeployment(ctx, deploymentId);
  if (!d) throw new ProvisioningError(`The deployment '${deploymentId}' does not exist.`);
  const endpointId = endpointIdOf(d.id);
  const ep = getEndpoint(ctx, endpointId);
  if (!ep) throw new ProvisioningError(`The endpoint of deployment '${d.name}' does not exist.`);
  const workspaceId = endpointId.split('/').slice(0, -2).join('/');
  const ws = getWorkspace(ctx, workspaceId);
  const p = d.properties;
  const spec: DeploymentSpec = {
    id: d.id,
    name: d.name,
    endpointId: ep.id,
    endpointName: ep.name,
    workspaceId: ws?.id ?? workspaceId,
    storageAccountId: str(ws?.properties.storageAccount),
    registryId: str(ws?.properties.containerRegistry),
    instanceCount: Math.max(d.sku?.capacity ?? 1, 1),
    maxConcurrentPerInstance: Math.max(p.requestSettings?.maxConcurrentRequestsPerInstance ?? 1, 1),
    requestTimeoutMs: isoDurationMs(p.requestSettings?.requestTimeout, 5_000),
    liveness: probe(p.livenessProbe),
    readiness: probe(p.readinessProbe),
    environmentVariables: { ...(p.environmentVariables ?? {}) },
    scoringScript: p.codeConfiguration?.scoringScript,
  };
  if (p.codeConfiguration?.codeId) {
    const code = getAssetVersion(ctx, p.codeConfiguration.codeId);
    const uri = str(code?.properties.codeUri);
    if (!uri) throw new ProvisioningError(`The code asset '${p.codeConfiguration.codeId}' does not exist or has no codeUri.`, 'CodeNotFound');
    spec.codeUri = uri;
  }
  if (p.model) {
    const m = getAssetVersion(ctx, p.model);
    const uri = str(m?.properties.modelUri);
    const nv = modelNameVersion(p.model);
    if (!m || !uri || !nv) throw new ProvisioningError(`The model asset '${p.model}' does not exist or has no modelUri.`, 'ModelNotFound');
    spec.model = { ...nv, uri };
  }
  if (p.environmentId) {
    const env = getAssetVersion(ctx, p.environmentId);
    spec.environment = env
      ? {
          id: p.environmentId,
          image: str(env.properties.image),
          condaFile: str(env.properties.condaFile),
          build: env.properties.build ?? undefined,
          builtImage: str((env.properties.imageDetails as { image?: unknown } | undefined)?.image),
          buildStatus: str((env.properties.imageBuild as { status?: unknown } | undefined)?.status),
        }
      : { id: p.environmentId };
  }
  return spec;
}

/** The identity the endpoint's deployments run with: its system-assigned identity, or its (single) user-assigned one. */
export function endpointIdentity(ctx: PlatformContext, ep: EndpointRecord): AttachedIdentity | undefined {
  const type = (ep.identity?.type ?? '').toLowerCase();
  if (type.includes('systemassigned')) {
    const ref = systemAssignedIdentityOf(ctx, ep.id);
    if (ref) return { resourceId: ep.id, clientId: ref.clientId, principalId: ref.principalId, tenantId: ref.tenantId, kind: 'systemAssigned' };
  }
  for (const [id, v] of Object.entries(ep.identity?.userAssignedIdentities ?? {})) {
    if (v.clientId && v.principalId) return { resourceId: id, clientId: v.clientId, principalId: v.principalId, tenantId: ctx.config.tenantId, kind: 'userAssigned' };
  }
  return undefined;
}
