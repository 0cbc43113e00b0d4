/** Requests to `https://<account>.blob.core.windows.net`, signed with Shared Key or carrying a bearer token. */
import type { Readable } from 'node:stream';
import { blobError } from './blob-errors.js';
import type { DataResponse, DataSend } from './data-transport.js';
import { sharedKeyAuthorization } from './shared-key-signer.js';

/** The service version az 2.45's azure-storage-blob sends. */
export const BLOB_SERVICE_VERSION = '2021-06-08';

export type BlobAuth = { kind: 'key'; key: string } | { kind: 'token'; token: () => Promise<string> };

export interface BlobCall {
  container?: string;
  blob?: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  /** Statuses that are not errors (default: any 2xx). */
  ok?: number[];
}

/** Encodes a blob name for a URL path: each `/`-separated segment percent-encoded. */
export function encodeBlobPath(name: string): string {
  return name
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()))
    .join('/');
}

export class BlobDataClient {
  readonly endpoint: string;

  constructor(
    private readonly send: DataSend,
    readonly account: string,
    private readonly auth: BlobAuth,
    private readonly newId: () => string,
    private readonly now: () => number,
    endpoint?: string,
  ) {
    this.endpoint = (endpoint ?? `https://${account}.blob.core.windows.net`).replace(/\/+$/, '');
  }

  url(container?: string, blob?: string, query: Record<string, string | undefined> = {}): string {
    let path = '/';
    if (container) path += encodeURIComponent(container);
    if (container && blob) path += '/' + encodeBlobPath(blob);
    const qs = Object.entries(query)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    return this.endpoint + path + (qs ? `?${qs}` : '');
  }

  /** Sends a call; non-accepted statuses become az-style errors (body consumed). */
  async call(method: string, c: BlobCall): Promise<DataResponse> {
    const url = this.url(c.container, c.blob, c.query);
    const headers: Record<string, string> = {
      'x-ms-version': BLOB_SERVICE_VERSION,
      'x-ms-date': new Date(this.now()).toUTCString(),
      'x-ms-client-request-id': this.newId(),
      'User-Agent': 'AZURECLI/2.45.0 (cerulean) azsdk-python-storage-blob/12.12.0',
      Accept: 'application/xml',
      ...(c.headers ?? {}),
    };
    if (c.body === undefined && (method === 'PUT' || method === 'POST') && headers['Content-Length'] === undefined) headers['Content-Length'] = '0';
    if (typeof c.body === 'string' || Buffer.isBuffer(c.body)) headers['Content-Length'] = String(Buffer.byteLength(c.body));
    if (this.auth.kind === 'key') headers.Authorization = sharedKeyAuthorization(method, url, headers, this.account, this.auth.key);
    else headers.Authorization = `Bearer ${await this.auth.token()}`;
    const res = await this.send({ method, url, headers, body: c.body });
    const accepted = c.ok ? c.ok.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!accepted) throw blobError(res.status, res.headers, await res.body.text());
    return res;
  }

  /** A call whose response body is small text (XML listings). */
  async text(method: string, c: BlobCall): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const res = await this.call(method, c);
    return { status: res.status, headers: res.headers, text: await res.body.text() };
  }
}
