/**
 * Azure ML resources as ARM returns them (2024-04-01) and their ARM paths: workspaces, online endpoints and
 * deployments. Shapes follow src/ml/arm (workspaceWire, endpointWire, deploymentWire).
 */
import { API, armGet, armList, type ArmResource } from '../../api/arm.js';
import { config } from '../../api/config.js';

export const ML_API = API.ml;
export const ML_NS = 'Microsoft.MachineLearningServices';

export const ACTIONS = {
  endpointWrite: `${ML_NS}/workspaces/onlineEndpoints/write`,
  endpointDelete: `${ML_NS}/workspaces/onlineEndpoints/delete`,
  listKeys: `${ML_NS}/workspaces/onlineEndpoints/listKeys/action`,
  token: `${ML_NS}/workspaces/onlineEndpoints/token/action`,
  deploymentDelete: `${ML_NS}/workspaces/onlineEndpoints/deployments/delete`,
  getLogs: `${ML_NS}/workspaces/onlineEndpoints/deployments/getLogs/action`,
} as const;

export type AuthMode = 'Key' | 'AMLToken' | 'AADToken';

export interface WorkspaceProps {
  friendlyName?: string;
  description?: string;
  storageAccount?: string;
  containerRegistry?: string;
  keyVault?: string;
  applicationInsights?: string;
  primaryUserAssignedIdentity?: string;
  workspaceId?: string;
  discoveryUrl?: string;
  mlFlowTrackingUri?: string;
  creationTime?: string;
  provisioningState?: string;
  publicNetworkAccess?: string;
}
export type Workspace = ArmResource<WorkspaceProps>;

export interface EndpointProps {
  authMode: AuthMode;
  description?: string | null;
  properties?: Record<string, string>;
  scoringUri: string;
  swaggerUri?: string;
  traffic?: Record<string, number>;
  mirrorTraffic?: Record<string, number>;
  publicNetworkAccess?: string;
  provisioningState: string;
}
export type Endpoint = ArmResource<EndpointProps> & { kind?: string };

export interface Probe {
  failureThreshold: number;
  successThreshold: number;
  timeout: string;
  period: string;
  initialDelay: string;
}

export interface DeploymentProps {
  endpointComputeType?: string;
  description?: string | null;
  model?: string;
  modelMountPath?: string;
  codeConfiguration?: { codeId: string; scoringScript: string };
  environmentId?: string;
  environmentVariables?: Record<string, string>;
  instanceType?: string;
  requestSettings?: { maxConcurrentRequestsPerInstance?: number; requestTimeout?: string; maxQueueWait?: string };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  scaleSettings?: { scaleType?: string };
  appInsightsEnabled?: boolean;
  egressPublicNetworkAccess?: string;
  provisioningState: string;
}
export type Deployment = ArmResource<DeploymentProps> & { sku?: { name: string; capacity?: number } };

const seg = encodeURIComponent;

export const subscriptionPath = (): string => `/subscriptions/${seg(config().subscriptionId)}`;
export const workspacePath = (group: string, workspace: string): string =>
  `${subscriptionPath()}/resourceGroups/${seg(group)}/providers/${ML_NS}/workspaces/${seg(workspace)}`;
export const endpointPath = (group: string, workspace: string, endpoint: string): string =>
  `${workspacePath(group, workspace)}/onlineEndpoints/${seg(endpoint)}`;
export const deploymentPath = (group: string, workspace: string, endpoint: string, deployment: string): string =>
  `${endpointPath(group, workspace, endpoint)}/deployments/${seg(deployment)}`;

/** Studio paths of the pages. */
export const hrefs = {
  workspace: (g: string, w: string) => `/workspaces/${seg(g)}/${seg(w)}`,
  workspaceEndpoints: (g: string, w: string) => `/workspaces/${seg(g)}/${seg(w)}/endpoints`,
  compute: (g: string, w: string) => `/compute/${seg(g)}/${seg(w)}`,
  endpoint: (g: string, w: string, e: string) => `/endpoints/${seg(g)}/${seg(w)}/${seg(e)}`,
  deployment: (g: string, w: string, e: string, d: string) => `/endpoints/${seg(g)}/${seg(w)}/${seg(e)}/deployments/${seg(d)}`,
};

export const listWorkspaces = (signal?: AbortSignal): Promise<Workspace[]> =>
  armList<Workspace>(`${subscriptionPath()}/providers/${ML_NS}/workspaces`, ML_API, signal);

export const listEndpoints = (group: string, workspace: string, signal?: AbortSignal): Promise<Endpoint[]> =>
  armList<Endpoint>(`${workspacePath(group, workspace)}/onlineEndpoints`, ML_API, signal);

export const getEndpoint = (group: string, workspace: string, endpoint: string, signal?: AbortSignal): Promise<Endpoint> =>
  armGet<Endpoint>(endpointPath(group, workspace, endpoint), ML_API, signal);

export const listDeployments = (group: string, workspace: string, endpoint: string, signal?: AbortSignal): Promise<Deployment[]> =>
  armList<Deployment>(`${endpointPath(group, workspace, endpoint)}/deployments`, ML_API, signal);

/** Deployment states after which nothing changes by itself. */
export const isTerminal = (state: string | undefined): boolean => /^(Succeeded|Failed|Canceled)$/i.test(state ?? '');

/** `blue 90% · green 10%` (only non-zero shares, largest first). */
export function trafficText(traffic: Record<string, number> | undefined): string {
  const entries = Object.entries(traffic ?? {}).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}%`).join(' · ');
}

/** The resource group (as spelled in the id) of an ARM id. */
export function groupOf(id: string): string {
  const parts = id.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return i >= 0 ? (parts[i + 1] ?? '') : '';
}

/** The last name of an ARM id. */
export const nameOf = (id: string | undefined): string => (id ? (id.split('/').filter(Boolean).pop() ?? '') : '');
