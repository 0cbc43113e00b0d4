/**
 * Container registries over ARM (Microsoft.ContainerRegistry, 2023-07-01) and their OCI data plane, authenticated
 * the way `az acr login` does it: the user's ARM token → `POST /oauth2/exchange` → ACR refresh token →
 * `POST /oauth2/token` for a scope (`registry:catalog:*`, `repository:<repo>:pull`) → ACR access token.
 */
import { API, armGet, armList, type ArmResource } from '../../api/arm.js';
import { accessToken } from '../../api/auth.js';
import { config, registryUrl, subscriptionScope } from '../../api/config.js';
import { ApiFailure, call, callJson } from '../../api/http.js';

export interface RegistryProps {
  loginServer: string;
  creationDate?: string;
  provisioningState?: string;
  adminUserEnabled?: boolean;
  publicNetworkAccess?: string;
  anonymousPullEnabled?: boolean;
  zoneRedundancy?: string;
}
export type Registry = ArmResource<RegistryProps>;

const enc = encodeURIComponent;

export const registryPath = (group: string, name: string): string =>
  `${subscriptionScope()}/resourceGroups/${enc(group)}/providers/Microsoft.ContainerRegistry/registries/${enc(name)}`;
export const registryHref = (group: string, name: string): string => `/registries/${enc(group)}/${enc(name)}`;
/** Repository names keep their slashes in the studio path. */
export const repositoryHref = (group: string, name: string, repo: string): string => `${registryHref(group, name)}/${repo.split('/').map(enc).join('/')}`;
const repoPath = (repo: string): string => repo.split('/').map(enc).join('/');

export const listRegistries = (signal?: AbortSignal): Promise<Registry[]> =>
  armList<Registry>(`${subscriptionScope()}/providers/Microsoft.ContainerRegistry/registries`, API.acr, signal);

export const getRegistry = (group: string, name: string, signal?: AbortSignal): Promise<Registry> => armGet<Registry>(registryPath(group, name), API.acr, signal);

interface Cached {
  token: string;
  expiresAt: number;
}
const refreshTokens = new Map<string, Promise<Cached>>();
const accessTokens = new Map<string, Promise<Cached>>();

function expiryOf(jwt: string): number {
  try {
    const part = jwt.split('.')[1] ?? '';
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    if (typeof claims.exp === 'number') return claims.exp * 1000;
  } catch {
    /* opaque token */
  }
  return Date.now() + 5 * 60_000;
}

function form(values: Record<string, string>): { body: URLSearchParams; headers: Record<string, string> } {
  return { body: new URLSearchParams(values), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

/** Reuses a cached token until a minute before it expires; a failed attempt is forgotten. */
async function cached(map: Map<string, Promise<Cached>>, key: string, get: () => Promise<Cached>): Promise<string> {
  const hit = map.get(key);
  if (hit) {
    const c = await hit.catch(() => undefined);
    if (c && c.expiresAt - Date.now() > 60_000) return c.token;
    if (map.get(key) === hit) map.delete(key);
  }
  const p = get();
  map.set(key, p);
  p.catch(() => {
    if (map.get(key) === p) map.delete(key);
  });
  return (await p).token;
}

function refreshToken(registry: string, loginServer: string): Promise<string> {
  return cached(refreshTokens, registry, async () => {
    const { body, headers } = form({
      grant_type: 'access_token',
      service: loginServer,
      tenant: config().tenantId,
      access_token: await accessToken('arm'),
    });
    const r = await callJson<{ refresh_token: string }>(registryUrl(registry, '/oauth2/exchange'), { method: 'POST', auth: 'none', body, headers });
    return { token: r.refresh_token, expiresAt: expiryOf(r.refresh_token) };
  });
}

/** An ACR access token for one scope (what the token service grants is what the user's roles allow). */
function registryToken(registry: string, loginServer: string, scope: string): Promise<string> {
  return cached(accessTokens, `${registry}\n${scope}`, async () => {
    const rt = await refreshToken(registry, loginServer);
    const { body, headers } = form({ grant_type: 'refresh_token', service: loginServer, scope, refresh_token: rt });
    const r = await callJson<{ access_token: string }>(registryUrl(registry, '/oauth2/token'), { method: 'POST', auth: 'none', body, headers });
    return { token: r.access_token, expiresAt: expiryOf(r.access_token) };
  });
}

async function ociGet(registry: string, loginServer: string, scope: string, path: string, accept?: string, signal?: AbortSignal): Promise<Response> {
  const token = await registryToken(registry, loginServer, scope);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (accept) headers.accept = accept;
  try {
    return await call(registryUrl(registry, path), { auth: 'none', headers, signal });
  } catch (e) {
    // A refusal may be lifted by a new role assignment: ask the token service again next time.
    if (e instanceof ApiFailure && (e.status === 401 || e.status === 403)) accessTokens.delete(`${registry}\n${scope}`);
    throw e;
  }
}

/** Follows `n`/`last` paging while the registry sends a `Link` header. */
async function paged(registry: string, loginServer: string, scope: string, path: string, key: 'repositories' | 'tags', signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  let last = '';
  for (let i = 0; i < 100; i++) {
    const q = new URLSearchParams({ n: '1000' });
    if (last) q.set('last', last);
    const res = await ociGet(registry, loginServer, scope, `${path}?${q}`, undefined, signal);
    const page = (await res.json()) as Record<string, string[] | null | undefined>;
    const items = page[key] ?? [];
    out.push(...items);
    if (!res.headers.get('link') || items.length === 0) break;
    last = items[items.length - 1];
  }
  return out;
}

export const listRepositories = (registry: string, loginServer: string, signal?: AbortSignal): Promise<string[]> =>
  paged(registry, loginServer, 'registry:catalog:*', '/v2/_catalog', 'repositories', signal);

export interface TagRow {
  tag: string;
  digest?: string;
  size?: number;
  mediaType?: string;
  created?: string;
  lastUpdated?: string;
  /** Why size or digest could not be read (shown in the row). */
  problem?: string;
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

interface Descriptor {
  size?: number;
}
interface ManifestDoc {
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

/** Image size as `docker` reports it: config + layers; for an index, the sum of the manifests it lists. */
export function manifestSize(m: ManifestDoc): number | undefined {
  if (Array.isArray(m.layers) || m.config) return (m.config?.size ?? 0) + (m.layers ?? []).reduce((s, l) => s + (l.size ?? 0), 0);
  if (Array.isArray(m.manifests)) return m.manifests.reduce((s, l) => s + (l.size ?? 0), 0);
  return undefined;
}

interface AcrTag {
  name: string;
  digest?: string;
  createdTime?: string;
  lastUpdateTime?: string;
}

/** Tags of a repository with digest, size and created time (tags/list, ACR's `_tags` metadata, one manifest per tag). */
export async function listTags(registry: string, loginServer: string, repo: string, signal?: AbortSignal): Promise<TagRow[]> {
  const scope = `repository:${repo}:pull`;
  const names = await paged(registry, loginServer, scope, `/v2/${repoPath(repo)}/tags/list`, 'tags', signal);
  const meta = new Map<string, AcrTag>();
  try {
    let last = '';
    for (let i = 0; i < 100; i++) {
      const q = new URLSearchParams({ n: '1000' });
      if (last) q.set('last', last);
      const res = await ociGet(registry, loginServer, scope, `/acr/v1/${repoPath(repo)}/_tags?${q}`, undefined, signal);
      const body = (await res.json()) as { tags?: AcrTag[] };
      const tags = body.tags ?? [];
      for (const t of tags) meta.set(t.name, t);
      if (!res.headers.get('link') || tags.length === 0) break;
      last = tags[tags.length - 1].name;
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    /* metadata is optional: rows keep what tags/list and the manifests say */
  }
  const rows: TagRow[] = names.map((tag) => ({ tag, digest: meta.get(tag)?.digest, created: meta.get(tag)?.createdTime, lastUpdated: meta.get(tag)?.lastUpdateTime }));
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      try {
        const res = await ociGet(registry, loginServer, scope, `/v2/${repoPath(repo)}/manifests/${enc(row.tag)}`, MANIFEST_ACCEPT, signal);
        row.digest = res.headers.get('docker-content-digest') ?? row.digest;
        const m = (await res.json()) as ManifestDoc;
        row.mediaType = m.mediaType ?? res.headers.get('content-type') ?? undefined;
        row.size = manifestSize(m);
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        row.problem = (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, rows.length) }, worker));
  return rows;
}
