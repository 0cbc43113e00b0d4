/**
 * Transport: one forward proxy (CONNECT + absolute-URI http) that terminates TLS for every host a plane owns,
 * and one direct HTTPS listener per plane on loopback (path-style, for clients that take an endpoint URL).
 */
import https from 'node:https';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformContext } from '../platform/context.js';
import type { LocalCa } from './tls/local-ca.js';
import { createSniContexts } from './tls/sni-contexts.js';
import { createForwardProxy } from './proxy.js';
import { createPlaneHandler, type PlaneHandler } from './pipeline.js';
import { ownsHost, type Plane } from './plane.js';

export interface TransportOptions {
  planes: Plane[];
  ca: LocalCa;
  pctx: PlatformContext;
  /** Listen address (default 127.0.0.1). */
  bind?: string;
  /** Proxy port (0 = any). Direct ports follow it (port+1, +2, …) unless 0. */
  port: number;
  tunnelUnknownHosts?: boolean;
}

export interface Transport {
  proxyUrl: string;
  /** Direct HTTPS URL per plane name. */
  direct: Record<string, string>;
  close(): Promise<void>;
}

function hostOf(req: IncomingMessage): string {
  const raw = (req.headers.host ?? '').toLowerCase();
  if (raw.startsWith('[')) return raw.slice(1, raw.indexOf(']'));
  const i = raw.lastIndexOf(':');
  return i >= 0 ? raw.slice(0, i) : raw;
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text + '\n');
}

function listen(server: http.Server | https.Server, port: number, bind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function harden(server: http.Server | https.Server, pctx: PlatformContext): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.requestTimeout = 0; // long blob uploads / log tails
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    pctx.log.debug({ evt: 'http.clientError', code: err.code, msg: err.message });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('tlsClientError', (err: Error) => pctx.log.debug({ evt: 'tls.clientError', msg: err.message }));
}

export async function startTransport(opts: TransportOptions): Promise<Transport> {
  const { planes, ca, pctx } = opts;
  const bind = opts.bind ?? '127.0.0.1';
  const handlers = new Map<Plane, PlaneHandler>(planes.map((p) => [p, createPlaneHandler(p, pctx)]));
  const planeForHost = (host: string, plain: boolean): Plane | undefined =>
    planes.find((p) => Boolean(p.plainHttp) === plain && ownsHost(p, host));
  const sni = createSniContexts(ca, (h) => planeForHost(h, false) !== undefined);
  const serverOptions = await sni.serverOptions();

  // Requests arriving through CONNECT tunnels: the plane is chosen by the Host header.
  const tlsServer = https.createServer(serverOptions, (req, res) => {
    const host = hostOf(req);
    const plane = planeForHost(host, false);
    if (!plane) return refuse(res, 421, `Cerulean serves no plane for host '${host}'.`);
    void handlers.get(plane)!(req, res, { host, origin: `https://${host}` });
  });
  harden(tlsServer, pctx);

  const proxy = createForwardProxy({
    isOwnedHost: (host) => planeForHost(host, false) !== undefined || planeForHost(host, true) !== undefined,
    tlsServer,
    plainHandler: (req, res) => {
      let target: URL;
      try {
        target = new URL(req.url ?? '');
      } catch {
        return refuse(res, 400, 'Bad request URL.');
      }
      const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
      const plane = planeForHost(host, true) ?? planeForHost(host, false);
      if (!plane) return refuse(res, 403, `Cerulean refuses '${host}': no plane owns it.`);
      void handlers.get(plane)!(req, res, { host, origin: `${target.protocol}//${target.host}` });
    },
    tunnelUnknownHosts: opts.tunnelUnknownHosts,
    log: (e) => pctx.log.info({ evt: 'proxy', ...e }),
  });
  harden(proxy, pctx);
  const proxyPort = await listen(proxy, opts.port, bind);

  const direct: Record<string, string> = {};
  const servers: Array<http.Server | https.Server> = [proxy, tlsServer];
  let next = opts.port === 0 ? 0 : proxyPort + 1;
  for (const plane of planes) {
    if (plane.plainHttp) continue;
    const handler = handlers.get(plane)!;
    const s = https.createServer(serverOptions, (req, res) => {
      const host = hostOf(req) || bind;
      void handler(req, res, { host, origin: `https://${req.headers.host ?? `${bind}:${port}`}` });
    });
    harden(s, pctx);
    const port = await listen(s, next, bind);
    if (next !== 0) next = port + 1;
    direct[plane.name] = `https://${bind}:${port}`;
    servers.push(s);
  }

  return {
    proxyUrl: `http://${bind}:${proxyPort}`,
    direct,
    async close() {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
    },
  };
}
