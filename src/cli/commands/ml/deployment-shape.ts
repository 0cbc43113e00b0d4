/** Managed online deployments: resolved spec → REST body (2024-04-01), REST → `az ml online-deployment show`. */
import type { OnlineDeploymentYaml } from '../../ml-yaml/deployment-schema.js';
import { creationContext, durationMs, msToDuration, obj, pascalEnum, snakeEnum } from './ml-wire.js';

type Probe = NonNullable<OnlineDeploymentYaml['liveness_probe']>;

function probeBody(p: Probe | undefined): Record<string, unknown> | undefined {
  if (!p) return undefined;
  const out: Record<string, unknown> = {};
  if (p.initial_delay !== undefined) out.initialDelay = msToDuration(p.initial_delay * 1000);
  if (p.period !== undefined) out.period = msToDuration(p.period * 1000);
  if (p.timeout !== undefined) out.timeout = msToDuration(p.timeout * 1000);
  if (p.success_threshold !== undefined) out.successThreshold = p.success_threshold;
  if (p.failure_threshold !== undefined) out.failureThreshold = p.failure_threshold;
  return out;
}

function probeOut(p: unknown): Record<string, unknown> | undefined {
  const r = obj(p);
  if (Object.keys(r).length === 0) return undefined;
  const sec = (v: unknown) => {
    const ms = durationMs(v);
    return ms === undefined ? null : ms / 1000;
  };
  return {
    failure_threshold: r.failureThreshold ?? null,
    initial_delay: sec(r.initialDelay),
    period: sec(r.period),
    success_threshold: r.successThreshold ?? null,
    timeout: sec(r.timeout),
  };
}

export interface ResolvedAssets {
  model?: string;
  codeId?: string;
  environmentId: string;
}

export function deploymentBody(spec: OnlineDeploymentYaml, assets: ResolvedAssets, location: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    endpointComputeType: 'Managed',
    environmentId: assets.environmentId,
    environmentVariables: spec.environment_variables ?? {},
    appInsightsEnabled: spec.app_insights_enabled ?? false,
    egressPublicNetworkAccess: pascalEnum(spec.egress_public_network_access ?? 'enabled'),
    scaleSettings: { scaleType: 'Default' },
  };
  if (spec.description !== undefined) properties.description = spec.description;
  if (spec.properties) properties.properties = spec.properties;
  if (assets.model) properties.model = assets.model;
  if (spec.model_mount_path) properties.modelMountPath = spec.model_mount_path;
  if (assets.codeId && spec.code_configuration) properties.codeConfiguration = { codeId: assets.codeId, scoringScript: spec.code_configuration.scoring_script };
  if (spec.instance_type) properties.instanceType = spec.instance_type;
  const rs = spec.request_settings;
  if (rs) {
    const r: Record<string, unknown> = {};
    if (rs.request_timeout_ms !== undefined) r.requestTimeout = msToDuration(rs.request_timeout_ms);
    if (rs.max_concurrent_requests_per_instance !== undefined) r.maxConcurrentRequestsPerInstance = rs.max_concurrent_requests_per_instance;
    if (rs.max_queue_wait_ms !== undefined) r.maxQueueWait = msToDuration(rs.max_queue_wait_ms);
    properties.requestSettings = r;
  }
  const liveness = probeBody(spec.liveness_probe);
  if (liveness) properties.livenessProbe = liveness;
  const readiness = probeBody(spec.readiness_probe);
  if (readiness) properties.readinessProbe = readiness;
  return {
    location,
    kind: 'Managed',
    sku: { name: 'Default', capacity: spec.instance_count },
    tags: spec.tags ?? {},
    properties,
  };
}

/** Asset ids print with az ml's `azureml:` prefix when they are ARM ids of environments and models. */
function assetRef(id: unknown): unknown {
  return typeof id === 'string' && id.startsWith('/subscriptions/') ? `azureml:${id}` : (id ?? null);
}

export function deploymentShape(raw: unknown): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const rs = obj(p.requestSettings);
  const code = obj(p.codeConfiguration);
  const endpointName = typeof r.id === 'string' ? (/\/onlineEndpoints\/([^/]+)\//i.exec(r.id)?.[1] ?? null) : null;
  const out: Record<string, unknown> = {
    app_insights_enabled: p.appInsightsEnabled ?? false,
    egress_public_network_access: snakeEnum(p.egressPublicNetworkAccess ?? 'Enabled'),
    endpoint_name: endpointName,
    environment: assetRef(p.environmentId),
    environment_variables: p.environmentVariables ?? {},
    id: r.id,
    instance_count: obj(r.sku).capacity ?? null,
    instance_type: p.instanceType ?? null,
    liveness_probe: probeOut(p.livenessProbe),
    model: assetRef(p.model),
    name: r.name,
    properties: p.properties ?? {},
    provisioning_state: p.provisioningState ?? null,
    readiness_probe: probeOut(p.readinessProbe),
    request_settings: {
      max_concurrent_requests_per_instance: rs.maxConcurrentRequestsPerInstance ?? 1,
      request_timeout_ms: durationMs(rs.requestTimeout) ?? 5000,
    },
    scale_settings: { type: snakeEnum(obj(p.scaleSettings).scaleType ?? 'Default') },
    tags: r.tags ?? {},
    type: 'managed',
  };
  if (code.codeId || code.scoringScript) out.code_configuration = { code: code.codeId ?? null, scoring_script: code.scoringScript ?? null };
  if (p.description) out.description = p.description;
  const cc = creationContext(r.systemData);
  if (cc) out.creation_context = cc;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
