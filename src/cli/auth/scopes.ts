/** Audiences and scopes as az computes them for the public cloud. */
export const AZ_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
export const LOGIN_ENDPOINT = 'https://login.microsoftonline.com';
export const ARM_RESOURCE = 'https://management.core.windows.net/';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
/** Scopes added to user token requests so a refresh token and id token come back. */
export const USER_EXTRA_SCOPES = 'offline_access openid profile';

/** az's resource_to_scopes: the resource plus `/.default` (so `…/` gives `…//.default`). */
export function resourceToScope(resource: string): string {
  return `${resource}/.default`;
}

export const ARM_SCOPE = resourceToScope(ARM_RESOURCE);
export const GRAPH_SCOPE = resourceToScope(GRAPH_RESOURCE);

/** The AzureCloud endpoints `az rest` compares a URL with to pick the token audience. */
const CLOUD_ENDPOINTS: Array<[prefix: string, resource: string]> = [
  ['https://management.azure.com', ARM_RESOURCE],
  ['https://management.core.windows.net/', ARM_RESOURCE],
  ['https://graph.microsoft.com/', GRAPH_RESOURCE],
  ['https://graph.windows.net/', 'https://graph.windows.net/'],
  ['https://api.loganalytics.io', 'https://api.loganalytics.io'],
  ['https://api.applicationinsights.io', 'https://api.applicationinsights.io'],
  ['https://attest.azure.net', 'https://attest.azure.net'],
  ['https://dev.azuresynapse.net', 'https://dev.azuresynapse.net'],
];

/** Resource whose token `az rest` sends to `url`, or undefined (then no Authorization header). */
export function resourceForUrl(url: string): string | undefined {
  const lower = url.toLowerCase();
  return CLOUD_ENDPOINTS.find(([prefix]) => lower.startsWith(prefix.toLowerCase()))?.[1];
}

/** Reads a JWT's payload without verifying it (the token service vouches for it; we only want tid/oid). */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
