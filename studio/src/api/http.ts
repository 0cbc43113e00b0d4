/**
 * Every call the studio makes: the signed-in user's bearer token for the plane's resource, and failures turned into
 * ApiFailure with the service's own code and message (ARM JSON, Storage XML, OAuth JSON, OCI JSON or plain text).
 */
import { accessToken, type Resource } from './auth.js';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Headers,
  ) {
    super(message);
  }
}

export interface CallOptions {
  method?: string;
  /** JSON-serialised unless it is a string, Blob, ArrayBuffer or URLSearchParams. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Which token to attach; `none` sends no Authorization header; `raw` uses `authorization` from headers. */
  auth?: Resource | 'none';
  signal?: AbortSignal;
}

function encodeBody(body: unknown, headers: Record<string, string>): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer || body instanceof URLSearchParams) return body;
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  return JSON.stringify(body);
}

export async function failureOf(res: Response): Promise<ApiFailure> {
  const text = await res.text().catch(() => '');
  const headerCode = res.headers.get('x-ms-error-code') ?? undefined;
  if (text.trimStart().startsWith('<')) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? headerCode ?? `HTTP${res.status}`;
    const message = (/<Message>([\s\S]*?)<\/Message>/.exec(text)?.[1] ?? text).replace(/\n?RequestId:[\s\S]*$/, '').trim();
    const detail = /<AuthorizationPermissionMismatchDetail>|<AdditionalInformation>/.test(text) ? '' : '';
    return new ApiFailure(res.status, code, message + detail, res.headers);
  }
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const err = j.error as { code?: string; message?: string } | string | undefined;
    if (err && typeof err === 'object') return new ApiFailure(res.status, err.code ?? `HTTP${res.status}`, err.message ?? text, res.headers);
    if (typeof err === 'string') return new ApiFailure(res.status, err, String(j.error_description ?? err), res.headers);
    const errors = j.errors as Array<{ code?: string; message?: string }> | undefined;
    if (Array.isArray(errors) && errors[0]) return new ApiFailure(res.status, errors[0].code ?? `HTTP${res.status}`, errors[0].message ?? text, res.headers);
    if (typeof j.message === 'string') return new ApiFailure(res.status, String(j.code ?? headerCode ?? `HTTP${res.status}`), j.message, res.headers);
  } catch {
    /* not JSON */
  }
  return new ApiFailure(res.status, headerCode ?? `HTTP${res.status}`, text || res.statusText || `HTTP ${res.status}`, res.headers);
}

/** A fetch that throws ApiFailure on a non-2xx answer. */
export async function call(url: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const auth = opts.auth ?? 'arm';
  if (auth !== 'none') headers.authorization = `Bearer ${await accessToken(auth)}`;
  const body = encodeBody(opts.body, headers);
  let res: Response;
  try {
    res = await fetch(url, { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiFailure(0, 'NetworkError', `Could not reach ${new URL(url).host}: ${(e as Error).message}`);
  }
  if (!res.ok) throw await failureOf(res);
  return res;
}

export async function callJson<T>(url: string, opts: CallOptions = {}): Promise<T> {
  const res = await call(url, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
