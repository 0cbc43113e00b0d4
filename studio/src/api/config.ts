/** Where the planes are, as the studio host tells it (`/config.json`): real host names through the proxy, or direct ports. */
export interface StudioConfig {
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  mode: 'proxy' | 'direct';
  endpoints: {
    login: string;
    arm: string;
    graph: string;
    /** Template with `{account}`. */
    blob: string;
    /** Template with `{registry}` (the registry name, not the login server). */
    registry: string;
    /** Template with `{host}` (proxy mode) or `{hostPrefix}` (direct mode: the host minus `.inference.ml.azure.com`). */
    scoring: string;
  };
}

let current: StudioConfig | undefined;

export async function loadConfig(): Promise<StudioConfig> {
  if (current) return current;
  // The host inlines the configuration into index.html (saves a round trip); /config.json says the same.
  const inline = document.getElementById('cerulean-config')?.textContent;
  if (inline) {
    try {
      current = JSON.parse(inline) as StudioConfig;
      return current;
    } catch {
      /* fall back to /config.json */
    }
  }
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`The studio could not read its configuration (/config.json answered ${res.status}).`);
  current = (await res.json()) as StudioConfig;
  return current;
}

export function config(): StudioConfig {
  if (!current) throw new Error('The studio configuration is not loaded yet.');
  return current;
}

export const armUrl = (path: string): string => config().endpoints.arm + path;
export const graphUrl = (path: string): string => config().endpoints.graph + path;
export const blobUrl = (account: string, path = ''): string => config().endpoints.blob.replace('{account}', account) + path;
export const registryUrl = (registry: string, path = ''): string => config().endpoints.registry.replace('{registry}', registry) + path;

/** The URL the browser uses for a scoring URI such as `https://ep.eastus.inference.ml.azure.com/score`. */
export function scoringUrl(scoringUri: string): string {
  const u = new URL(scoringUri);
  const host = u.host.toLowerCase();
  const hostPrefix = host.replace(/\.inference\.ml\.azure\.com$/, '');
  return config().endpoints.scoring.replace('{host}', host).replace('{hostPrefix}', hostPrefix) + u.pathname + u.search;
}

export const subscriptionScope = (): string => `/subscriptions/${config().subscriptionId}`;
