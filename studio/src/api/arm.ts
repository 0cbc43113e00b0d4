/** ARM helpers: api-versions, paged lists, long-running operations. */
import { armUrl } from './config.js';
import { call, callJson, ApiFailure } from './http.js';

export const API = {
  resources: '2022-09-01',
  subscriptions: '2022-12-01',
  ml: '2024-04-01',
  msi: '2023-01-31',
  storage: '2023-05-01',
  acr: '2023-07-01',
  authorization: '2022-04-01',
  denials: '2026-01-01',
} as const;

export interface ArmResource<P = Record<string, unknown>> {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  identity?: ArmIdentity;
  sku?: { name: string; tier?: string };
  properties: P;
  systemData?: { createdAt?: string; createdBy?: string; lastModifiedAt?: string };
}

export interface ArmIdentity {
  type: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
}

const withVersion = (path: string, apiVersion: string): string =>
  armUrl(path + (path.includes('?') ? '&' : '?') + `api-version=${apiVersion}`);

export const armGet = <T>(path: string, apiVersion: string, signal?: AbortSignal): Promise<T> =>
  callJson<T>(withVersion(path, apiVersion), { signal });

/** All pages of a list (follows nextLink). */
export async function armList<T>(path: string, apiVersion: string, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let url: string | undefined = withVersion(path, apiVersion);
  for (let i = 0; url && i < 100; i++) {
    const page: { value: T[]; nextLink?: string } = await callJson(url, { signal });
    out.push(...(page.value ?? []));
    url = page.nextLink;
  }
  return out;
}

/** PUT/PATCH/POST/DELETE; follows Azure-AsyncOperation or Location until the operation ends. */
export async function armSend<T>(method: string, path: string, apiVersion: string, body?: unknown, onProgress?: (status: string) => void): Promise<T | undefined> {
  const res = await call(withVersion(path, apiVersion), { method, body });
  const asyncOp = res.headers.get('azure-asyncoperation');
  const location = res.headers.get('location');
  const text = await res.text();
  const first = text ? (JSON.parse(text) as T) : undefined;
  if (res.status !== 201 && res.status !== 202) return first;
  if (!asyncOp && !location) return first;
  for (let i = 0; i < 600; i++) {
    const retry = Number(res.headers.get('retry-after') ?? '1');
    await new Promise((r) => setTimeout(r, Math.min(Math.max(retry, 0.5), 2) * 1000));
    if (asyncOp) {
      const op = await callJson<{ status: string; error?: { code: string; message: string } }>(asyncOp);
      onProgress?.(op.status);
      if (op.status === 'Succeeded') return method === 'DELETE' || method === 'POST' ? first : armGet<T>(path, apiVersion);
      if (op.status === 'Failed' || op.status === 'Canceled') throw new ApiFailure(200, op.error?.code ?? op.status, op.error?.message ?? `The operation ended ${op.status}.`);
    } else if (location) {
      const r = await call(location);
      if (r.status === 202) continue;
      const t = await r.text();
      return t ? (JSON.parse(t) as T) : first;
    }
  }
  throw new ApiFailure(0, 'Timeout', 'The operation did not finish in 10 minutes.');
}

/** Parses `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}/…` into its parts. */
export function parseId(id: string): { subscription: string; resourceGroup: string; name: string; parts: string[] } {
  const parts = id.split('/').filter(Boolean);
  const at = (k: string): string => {
    const i = parts.findIndex((p) => p.toLowerCase() === k.toLowerCase());
    return i >= 0 ? (parts[i + 1] ?? '') : '';
  };
  return { subscription: at('subscriptions'), resourceGroup: at('resourceGroups'), name: parts[parts.length - 1] ?? '', parts };
}
