/**
 * The loopback plain-http listener workloads reach as `MSI_ENDPOINT` (`http://127.0.0.1:<port>/msi/token`),
 * `IDENTITY_ENDPOINT` and `AZURE_POD_IDENTITY_AUTHORITY_HOST`; it runs the workload-identity plane through the
 * shared pipeline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plane } from '../http/plane.js';
import type { PlatformContext } from '../platform/context.js';
import { createPlaneHandler, type RequestMeta } from '../http/pipeline.js';
import { MSI_PATH } from './workload-identity-plane.js';

const MAX_REMEMBERED_HOSTS = 64;

export interface MsiListener {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>/msi/token` */
  msiEndpoint: string;
  /** The per-workload IMDS authority host (`AZURE_POD_IDENTITY_AUTHORITY_HOST`) for a path secret. */
  podIdentityHost(pathSecret: string): string;
  close(): Promise<void>;
}

export async function startMsiListener(pctx: PlatformContext, plane: Plane, opts: { bind?: string; port?: number } = {}): Promise<MsiListener> {
  const bind = opts.bind ?? '127.0.0.1';
  const handler = createPlaneHandler(plane, pctx);
  // Workloads send the same Host header every time: its request meta is derived once.
  const metas = new Map<string, RequestMeta>();
  const metaFor = (hostHeader: string | undefined): RequestMeta => {
    const key = hostHeader ?? '';
    let meta = metas.get(key);
    if (meta === undefined) {
      meta = Object.freeze({ host: (hostHeader ?? bind).replace(/:\d+$/, '').toLowerCase(), origin: `http://${hostHeader ?? bind}` });
      if (metas.size >= MAX_REMEMBERED_HOSTS) metas.clear();
      metas.set(key, meta);
    }
    return meta;
  };
  const server = http.createServer((req, res) => void handler(req, res, metaFor(req.headers.host)));
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${bind}:${port}`;
  return {
    origin,
    msiEndpoint: `${origin}${MSI_PATH}`,
    podIdentityHost: (pathSecret) => `${origin}/w/${pathSecret}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
