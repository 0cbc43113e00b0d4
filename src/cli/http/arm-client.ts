/** Azure Resource Manager over its real host name: JSON, paging by nextLink, long-running operations. */
import { armError } from './service-errors.js';
import { parseJsonBody, type HttpClient } from './http-client.js';
import type { HttpResponse } from './transport.js';

export const ARM_ENDPOINT = 'https://management.azure.com';

export interface ArmRequest {
  method: string;
  /** `/subscriptions/…` (relative to ARM) or an absolute URL. */
  path: string;
  apiVersion?: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Sleep = (ms: number) => Promise<void>;

export function buildUrl(base: string, path: string, query: Record<string, string | undefined> = {}): string {
  const url = path.startsWith('http://') || path.startsWith('https://') ? path : base + path;
  const parts = Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/'/g, '%27')}`);
  if (parts.length === 0) return url;
  return url + (url.includes('?') ? '&' : '?') + parts.join('&');
}

export class ArmClient {
  constructor(
    private readonly http: HttpClient,
    private readonly token: () => Promise<string>,
    private readonly sleep: Sleep,
    readonly endpoint = ARM_ENDPOINT,
  ) {}

  /** Sends a request; non-2xx answers become ServiceError. */
  async send(r: ArmRequest): Promise<ArmResponse> {
    const res = await this.raw(r);
    if (res.status >= 400) throw armError(res);
    return { status: res.status, headers: res.headers, body: parseJsonBody(res.text) };
  }

  /** Sends a request and returns the raw answer whatever its status. */
  async raw(r: ArmRequest): Promise<HttpResponse> {
    const query = { ...(r.query ?? {}), ...(r.apiVersion ? { 'api-version': r.apiVersion } : {}) };
    const headers: Record<string, string> = {
      Authorization: `Bearer ${await this.token()}`,
      Accept: 'application/json',
      'User-Agent': 'AZURECLI/2.45.0 (cerulean)',
    };
    let body: string | undefined;
    if (r.body !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(r.body);
    }
    return this.http.send({ method: r.method, url: buildUrl(this.endpoint, r.path, query), headers, body });
  }

  async get(path: string, apiVersion: string, query?: Record<string, string | undefined>): Promise<unknown> {
    return (await this.send({ method: 'GET', path, apiVersion, query })).body;
  }

  /** GETs a collection and follows `nextLink`s. */
  async list(path: string, apiVersion: string, query?: Record<string, string | undefined>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let page = (await this.send({ method: 'GET', path, apiVersion, query })).body as { value?: unknown[]; nextLink?: string };
    for (let guard = 0; guard < 1000; guard += 1) {
      items.push(...((page?.value ?? []) as Record<string, unknown>[]));
      if (!page?.nextLink) break;
      page = (await this.send({ method: 'GET', path: page.nextLink })).body as typeof page;
    }
    return items;
  }

  /** Waits for a long-running operation started by `first` (Azure-AsyncOperation or Location polling). */
  async waitForCompletion(first: ArmResponse, original: ArmRequest): Promise<ArmResponse> {
    const asyncUrl = first.headers['azure-asyncoperation'];
    const location = first.headers['location'];
    if (first.status !== 201 && first.status !== 202) return first;
    if (asyncUrl) {
      for (;;) {
        await this.sleep(retryAfterMs(first.headers));
        const status = await this.send({ method: 'GET', path: asyncUrl });
        const state = String((status.body as { status?: string } | undefined)?.status ?? '');
        if (/^(succeeded|failed|canceled|cancelled)$/i.test(state)) {
          if (!/^succeeded$/i.test(state)) {
            const err = (status.body as { error?: { code?: string; message?: string } }).error;
            throw armError({ status: 400, headers: {}, text: JSON.stringify({ error: err ?? { code: state, message: `Operation ${state}` } }) });
          }
          if (original.method === 'DELETE') return status;
          return this.send({ method: 'GET', path: location ?? original.path, apiVersion: location ? undefined : original.apiVersion });
        }
      }
    }
    if (location && first.status === 202) {
      let last = first;
      for (;;) {
        await this.sleep(retryAfterMs(last.headers));
        last = await this.send({ method: 'GET', path: location });
        if (last.status !== 202) return last;
      }
    }
    return first;
  }
}

function retryAfterMs(headers: Record<string, string>): number {
  const s = Number(headers['retry-after']);
  return Number.isFinite(s) && s >= 0 ? Math.min(s, 5) * 1000 : 1000;
}
