/**
 * Managed online deployment request validation (2024-04-01 properties) with Azure's defaults, the instance type
 * list, the platform environment variables Azure adds, and the deployment's JSON shape.
 */
import type { PlatformContext } from '../../platform/context.js';
import { getArmResource } from '../../arm/resource-store.js';
import { parseResourceId } from '../../shared/resource-id.js';
import { T } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { enumValue, isObject, optString, stringMap, type Json } from './ml-request.js';
import type { DeploymentProperties, DeploymentRecord, ProbeSettings } from './ml-records.js';

/** VM sizes a managed online deployment may use (Azure's managed online endpoints SKU list). */
export const INSTANCE_TYPES: readonly string[] = [
  'Standard_DS1_v2', 'Standard_DS2_v2', 'Standard_DS3_v2', 'Standard_DS4_v2', 'Standard_DS5_v2',
  'Standard_F2s_v2', 'Standard_F4s_v2', 'Standard_F8s_v2', 'Standard_F16s_v2', 'Standard_F32s_v2', 'Standard_F48s_v2', 'Standard_F64s_v2', 'Standard_F72s_v2',
  'Standard_FX24mds', 'Standard_FX36mds', 'Standard_FX48mds',
  'Standard_E2s_v3', 'Standard_E4s_v3', 'Standard_E8s_v3', 'Standard_E16s_v3', 'Standard_E32s_v3', 'Standard_E48s_v3', 'Standard_E64s_v3',
  'Standard_NC4as_T4_v3', 'Standard_NC8as_T4_v3', 'Standard_NC16as_T4_v3', 'Standard_NC64as_T4_v3',
  'Standard_NC6s_v2', 'Standard_NC12s_v2', 'Standard_NC24s_v2',
  'Standard_NC6s_v3', 'Standard_NC12s_v3', 'Standard_NC24s_v3', 'Standard_NC24rs_v3',
  'Standard_NC24ads_A100_v4', 'Standard_NC48ads_A100_v4', 'Standard_NC96ads_A100_v4',
  'Standard_ND40rs_v2', 'Standard_ND96asr_v4', 'Standard_ND96amsr_A100_v4',
];

const DURATION = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

const PROBE_DEFAULTS: ProbeSettings = { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' };

function duration(o: Json, key: string, fallback: string): string {
  const v = optString(o, key);
  if (v === undefined) return fallback;
  if (!DURATION.test(v)) throw mlErrors.user(`The ${key} value '${v}' is not an ISO 8601 duration (for example PT5S).`);
  return v;
}

function positiveInt(o: Json, key: string, fallback: number, min = 1): number {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw mlErrors.user(`The ${key} value must be an integer of at least ${min}.`);
  return v;
}

function probe(input: unknown, field: string): ProbeSettings {
  if (input === undefined || input === null) return { ...PROBE_DEFAULTS };
  if (!isObject(input)) throw mlErrors.invalidBody(`${field} must be an object`);
  return {
    failureThreshold: positiveInt(input, 'failureThreshold', PROBE_DEFAULTS.failureThreshold),
    successThreshold: positiveInt(input, 'successThreshold', PROBE_DEFAULTS.successThreshold),
    timeout: duration(input, 'timeout', PROBE_DEFAULTS.timeout),
    period: duration(input, 'period', PROBE_DEFAULTS.period),
    initialDelay: duration(input, 'initialDelay', PROBE_DEFAULTS.initialDelay),
  };
}

/** An ARM asset id of this subscription must name an existing asset; other references (registries) are not checked. */
function requireAsset(ctx: PlatformContext, id: string | undefined, what: string): Json | undefined {
  if (!id || !id.startsWith('/subscriptions/')) return undefined;
  const r = getArmResource<Json>(ctx.store, id);
  if (!r || !/\/(models|codes|environments)\/versions$/i.test(r.type)) {
    throw mlErrors.user(`The ${what} '${id}' does not exist. Create the asset version first.`);
  }
  return r.properties;
}

/** AML_APP_ROOT, AZUREML_ENTRY_SCRIPT and AZUREML_MODEL_DIR, as Azure adds them to a deployment. */
function platformVariables(model: string | undefined, code: { codeUri?: unknown } | undefined, scoringScript: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (scoringScript) {
    const script = scoringScript.replace(/\\/g, '/');
    const folder = typeof code?.codeUri === 'string' ? code.codeUri.replace(/\/+$/, '').split('/').pop() : undefined;
    const dir = script.includes('/') ? script.slice(0, script.lastIndexOf('/')) : '';
    out.AML_APP_ROOT = ['/var/azureml-app', folder, dir].filter((s) => s).join('/');
    out.AZUREML_ENTRY_SCRIPT = script.split('/').pop()!;
  }
  const m = model ? parseResourceId(model).segments : [];
  const name = m.find((s) => s.type.toLowerCase() === 'models')?.name;
  const version = m.find((s) => s.type.toLowerCase() === 'versions')?.name;
  if (name && version) out.AZUREML_MODEL_DIR = `/var/azureml-app/azureml-models/${name}/${version}`;
  return out;
}

/** Validates a deployment PUT's `properties` and returns them with Azure's defaults (state Creating). */
export function parseDeploymentProperties(ctx: PlatformContext, p: Json): DeploymentProperties {
  const computeType = enumValue(p.endpointComputeType, ['Managed', 'Kubernetes', 'AzureMLCompute'] as const, 'endpointComputeType');
  if (!computeType) throw mlErrors.user("The endpointComputeType property is required ('Managed').");
  if (computeType !== 'Managed') throw mlErrors.user(`endpointComputeType '${computeType}' is not supported: only managed online deployments ('Managed') are.`);
  const rawType = optString(p, 'instanceType');
  const instanceType = INSTANCE_TYPES.find((t) => t.toLowerCase() === (rawType ?? '').toLowerCase());
  if (!instanceType) {
    throw mlErrors.user(`Instance type '${rawType ?? ''}' is not supported for managed online deployments. Supported instance types: ${INSTANCE_TYPES.join(', ')}.`);
  }
  const model = optString(p, 'model');
  requireAsset(ctx, model, 'model');
  let codeConfiguration: DeploymentProperties['codeConfiguration'];
  let code: Json | undefined;
  if (p.codeConfiguration !== undefined && p.codeConfiguration !== null) {
    if (!isObject(p.codeConfiguration)) throw mlErrors.invalidBody('codeConfiguration must be an object');
    const codeId = optString(p.codeConfiguration, 'codeId');
    const scoringScript = optString(p.codeConfiguration, 'scoringScript');
    if (!scoringScript) throw mlErrors.user('codeConfiguration.scoringScript is required when codeConfiguration is given.');
    if (!codeId) throw mlErrors.user('codeConfiguration.codeId is required when codeConfiguration is given.');
    code = requireAsset(ctx, codeId, 'code');
    codeConfiguration = { codeId, scoringScript };
  }
  const environmentId = optString(p, 'environmentId');
  requireAsset(ctx, environmentId, 'environment');
  const rs = isObject(p.requestSettings) ? p.requestSettings : {};
  const scale = isObject(p.scaleSettings) ? p.scaleSettings : {};
  if (scale.scaleType !== undefined && String(scale.scaleType).toLowerCase() !== 'default') {
    throw mlErrors.user(`scaleSettings.scaleType '${String(scale.scaleType)}' is not supported for managed online deployments; use 'Default'.`);
  }
  const out: DeploymentProperties = {
    endpointComputeType: 'Managed',
    description: optString(p, 'description'),
    properties: stringMap(p, 'properties'),
    model,
    codeConfiguration,
    environmentId,
    environmentVariables: { ...stringMap(p, 'environmentVariables'), ...platformVariables(model, code, codeConfiguration?.scoringScript) },
    instanceType,
    requestSettings: {
      maxConcurrentRequestsPerInstance: positiveInt(rs, 'maxConcurrentRequestsPerInstance', 1),
      requestTimeout: duration(rs, 'requestTimeout', 'PT5S'),
      maxQueueWait: duration(rs, 'maxQueueWait', 'PT0.5S'),
    },
    livenessProbe: probe(p.livenessProbe, 'livenessProbe'),
    readinessProbe: probe(p.readinessProbe, 'readinessProbe'),
    scaleSettings: { scaleType: 'Default' },
    appInsightsEnabled: typeof p.appInsightsEnabled === 'boolean' ? p.appInsightsEnabled : false,
    egressPublicNetworkAccess: enumValue(p.egressPublicNetworkAccess, ['Enabled', 'Disabled'] as const, 'egressPublicNetworkAccess') ?? 'Enabled',
    provisioningState: 'Creating',
  };
  const mount = optString(p, 'modelMountPath');
  if (mount) out.modelMountPath = mount;
  return out;
}

/** `sku.capacity` = instance count (default 1). */
export function parseCapacity(sku: unknown): number {
  if (sku === undefined || sku === null) return 1;
  if (!isObject(sku)) throw mlErrors.invalidBody('sku must be an object');
  return positiveInt(sku, 'capacity', 1);
}

export function deploymentWire(d: DeploymentRecord, state?: string): Json {
  const out: Json = {
    id: d.id,
    name: d.name,
    type: T.deployment,
    location: d.location,
    tags: d.tags ?? {},
    kind: d.kind ?? 'Managed',
    sku: d.sku ?? { name: 'Default', capacity: 1 },
    properties: { ...d.properties, description: d.properties.description ?? null, provisioningState: state ?? d.properties.provisioningState },
  };
  if (d.systemData) out.systemData = d.systemData;
  return out;
}
