/** Microsoft.MachineLearningServices: api-versions, resource types, path templates and RBAC action prefixes. */

export const ML_NAMESPACE = 'Microsoft.MachineLearningServices';

/** Versions real clients send: @azure/arm-machinelearning 2.1.1 (2022-10-01), azure-ai-ml (previews), REST docs. */
export const ML_API_VERSIONS: readonly string[] = [
  '2021-07-01',
  '2022-01-01-preview',
  '2022-02-01-preview',
  '2022-05-01',
  '2022-06-01-preview',
  '2022-10-01',
  '2022-10-01-preview',
  '2022-12-01-preview',
  '2023-02-01-preview',
  '2023-04-01',
  '2023-04-01-preview',
  '2023-06-01-preview',
  '2023-08-01-preview',
  '2023-10-01',
  '2024-01-01-preview',
  '2024-04-01',
  '2024-04-01-preview',
  '2024-07-01-preview',
  '2024-10-01',
  '2024-10-01-preview',
  '2025-01-01-preview',
  '2025-04-01',
];

export const T = {
  workspace: `${ML_NAMESPACE}/workspaces`,
  datastore: `${ML_NAMESPACE}/workspaces/datastores`,
  endpoint: `${ML_NAMESPACE}/workspaces/onlineEndpoints`,
  deployment: `${ML_NAMESPACE}/workspaces/onlineEndpoints/deployments`,
} as const;

export const WS_COLLECTION = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${ML_NAMESPACE}/workspaces`;
export const WS_PATH = `${WS_COLLECTION}/{workspaceName}`;
export const DATASTORE_PATH = `${WS_PATH}/datastores/{name}`;
export const ENDPOINT_PATH = `${WS_PATH}/onlineEndpoints/{endpointName}`;
export const DEPLOYMENT_PATH = `${ENDPOINT_PATH}/deployments/{deploymentName}`;
export const LOCATION_PATH = `/subscriptions/{subscriptionId}/providers/${ML_NAMESPACE}/locations/{location}`;

/** `Microsoft.MachineLearningServices/workspaces` + suffix, e.g. `/onlineEndpoints/write`. */
export function wsAction(suffix: string): string {
  return `${T.workspace}${suffix}`;
}

/** The ARM id of a workspace (casing as given). */
export function workspaceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${T.workspace}/${name}`;
}

/** Normalised Azure location name: `East US` → `eastus`. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
