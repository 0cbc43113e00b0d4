/**
 * Streaming HTTP for data planes (Blob bytes, scoring requests): undici through Cerulean's forward proxy, trusting
 * its CA, with binary or streamed bodies and streamed responses (the ARM transport buffers text).
 */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { ProxyAgent, request, type Dispatcher } from 'undici';
import type { Session } from '../../session.js';
import { NotRunningError } from '../../errors.js';
import type { Logger } from '../../http/http-client.js';

export interface DataRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer | Readable;
}

export interface DataResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable & { text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> };
}

export type DataSend = (req: DataRequest) => Promise<DataResponse>;

const agents = new WeakMap<Session, Dispatcher>();

function dispatcherFor(session: Session): Dispatcher {
  let d = agents.get(session);
  if (!d) {
    let ca: string;
    try {
      ca = readFileSync(session.runtime.caCert, 'utf8');
    } catch {
      throw new NotRunningError(`Cerulean's CA certificate ${session.runtime.caCert} is missing. Start it with \`cerulean start\`.`);
    }
    d = new ProxyAgent({ uri: session.runtime.proxyUrl, requestTls: { ca }, proxyTls: { ca } });
    agents.set(session, d);
  }
  return d;
}

export function dataTransport(session: Session, log: Logger): DataSend {
  return async (req) => {
    log.debug(`cli.azure.cli.core.sdk.policies: Request URL: '${req.url}'`);
    log.debug(`cli.azure.cli.core.sdk.policies: Request method: '${req.method}'`);
    try {
      const res = await request(req.url, {
        method: req.method as 'GET',
        headers: req.headers,
        body: req.body,
        dispatcher: dispatcherFor(session),
        headersTimeout: 300_000,
        bodyTimeout: 300_000,
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      log.debug(`cli.azure.cli.core.sdk.policies: Response status: ${res.statusCode}`);
      return { status: res.statusCode, headers, body: res.body as unknown as DataResponse['body'] };
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
      const code = err.code ?? err.cause?.code;
      if (code === 'ECONNREFUSED') {
        throw new NotRunningError(`Cerulean is not running (no answer from its proxy ${session.runtime.proxyUrl}). Start it with \`cerulean start\`.`);
      }
      throw new NotRunningError(`Request to ${new URL(req.url).host} through Cerulean's proxy failed: ${err.message}`);
    }
  };
}
