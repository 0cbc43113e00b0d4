/**
 * One HTTP exchange. The real transport goes through Cerulean's forward proxy and trusts its CA, so the
 * CLI can address https://management.azure.com and friends by their real names.
 */
import { readFileSync } from 'node:fs';
import { ProxyAgent, request } from 'undici';
import type { RuntimeInfo } from '../../shared/data-home.js';
import { NotRunningError } from '../errors.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

export function proxyTransport(runtime: RuntimeInfo, home: string): Transport {
  let ca: string;
  try {
    ca = readFileSync(runtime.caCert, 'utf8');
  } catch {
    throw new NotRunningError(`Cerulean's CA certificate ${runtime.caCert} is missing. Start it with \`cerulean start\`.`);
  }
  const dispatcher = new ProxyAgent({ uri: runtime.proxyUrl, requestTls: { ca }, proxyTls: { ca } });
  return async (req) => {
    try {
      const res = await request(req.url, {
        method: req.method as 'GET',
        headers: req.headers,
        body: req.body,
        dispatcher,
        headersTimeout: 120_000,
        bodyTimeout: 120_000,
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      return { status: res.statusCode, headers, text: await res.body.text() };
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
      const code = err.code ?? err.cause?.code;
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
        throw new NotRunningError(
          `Cerulean is not running (no answer from its proxy ${runtime.proxyUrl}; runtime.json in ${home} is stale). Start it with \`cerulean start\`.`,
        );
      }
      throw new NotRunningError(`Request to ${new URL(req.url).host} through Cerulean's proxy ${runtime.proxyUrl} failed: ${err.message}`);
    }
  };
}
