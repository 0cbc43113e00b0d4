/**
 * `GET /config.json`: where the studio finds everything. Asked on `ml.azure.com` (through the forward proxy) it
 * names the real Azure host names; asked on a direct port it names every plane's direct URL, on the host name the
 * page was opened with (`localhost` or `127.0.0.1`), path-style where the plane needs a name.
 */
import { STUDIO_PROXY_ORIGIN } from '../platform/context.js';
import { STUDIO_CLIENT_ID } from '../identity/public-clients.js';

export type StudioMode = 'proxy' | 'direct';

export interface StudioEndpoints {
  login: string;
  arm: string;
  graph: string;
  /** With `{account}` to fill in. */
  blob: string;
  /** With `{registry}` to fill in (a registry name). */
  registry: string;
  /** With `{host}` (proxy: the scoring host name) or `{hostPrefix}` (direct: the host name minus `.inference.ml.azure.com`). */
  scoring: string;
}

export interface StudioConfig {
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  mode: StudioMode;
  endpoints: StudioEndpoints;
}

export interface StudioConfigInput {
  tenantId: string;
  subscriptionId: string;
  clientId?: string;
  /** Host name the request addressed (lower case, no port). */
  host: string;
  /** Direct URL per plane name, as the transport listens (`https://127.0.0.1:<port>`). */
  direct: Readonly<Record<string, string>>;
}

export const PROXY_ENDPOINTS: StudioEndpoints = {
  login: 'https://login.microsoftonline.com',
  arm: 'https://management.azure.com',
  graph: 'https://graph.microsoft.com',
  blob: 'https://{account}.blob.core.windows.net',
  registry: 'https://{registry}.azurecr.io',
  scoring: 'https://{host}',
};

/** Direct plane names behind each endpoint (keys of RuntimeInfo.direct), with the path a name goes in. */
const DIRECT: Array<[keyof StudioEndpoints, string, string]> = [
  ['login', 'login', ''],
  ['arm', 'arm', ''],
  ['graph', 'graph', ''],
  ['blob', 'blob', '/{account}'],
  ['registry', 'registry', '/{registry}'],
  ['scoring', 'ml-scoring', '/{hostPrefix}'],
];

export function studioMode(host: string): StudioMode {
  return `https://${host.toLowerCase()}` === STUDIO_PROXY_ORIGIN ? 'proxy' : 'direct';
}

/** `url`'s origin with its host name replaced by `host` (the port kept). */
export function rehost(url: string, host: string): string {
  const u = new URL(url);
  u.hostname = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return u.origin;
}

export function buildStudioConfig(input: StudioConfigInput): StudioConfig {
  const mode = studioMode(input.host);
  const endpoints: StudioEndpoints = { ...PROXY_ENDPOINTS };
  if (mode === 'direct') {
    for (const [key, plane, suffix] of DIRECT) {
      const url = input.direct[plane];
      if (url) endpoints[key] = rehost(url, input.host) + suffix;
    }
  }
  return {
    tenantId: input.tenantId,
    subscriptionId: input.subscriptionId,
    clientId: input.clientId ?? STUDIO_CLIENT_ID,
    mode,
    endpoints,
  };
}
