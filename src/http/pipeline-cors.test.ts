import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../shared/errors.js';
import { createLogger } from '../platform/logger.js';
import type { PlatformContext } from '../platform/context.js';
import type { Operation } from './operation.js';
import type { Plane } from './plane.js';
import { createPlaneHandler } from './pipeline.js';

const STUDIO = 'https://localhost:7490';

function corsPlane(calls: string[]): Plane {
  const ops: Operation[] = [
    { id: 'Secret', method: 'GET', path: '/secret', auth: 'required', handler: () => ({ status: 200, body: { ok: true } }) },
    {
      id: 'Stream',
      method: 'GET',
      path: '/stream',
      auth: 'none',
      handler: () => ({
        status: 200,
        stream: (res) => {
          res.writeHead(200, { 'content-type': 'text/plain', etag: '"1"' });
          res.end('streamed');
        },
      }),
    },
    {
      id: 'Fail',
      method: 'GET',
      path: '/fail',
      auth: 'none',
      handler: () => {
        throw new ApiError(409, 'Conflict', 'no', { headers: { 'x-ms-error-code': 'Conflict' } });
      },
    },
  ];
  return {
    name: 'cors-test',
    hosts: ['example.test'],
    operations: ops,
    authenticators: [
      (ctx) => {
        calls.push(`auth ${ctx.method} ${ctx.path}`);
        return undefined;
      },
    ],
    renderError(res, err) {
      res.statusCode = err.status;
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      res.setHeader('content-type', 'text/plain');
      res.end(`${err.code}: ${err.message}`);
    },
    notFound: () => new ApiError(404, 'NotFound', 'no such path'),
    unauthenticated: () => new ApiError(401, 'AuthenticationFailed', 'no token', { headers: { 'WWW-Authenticate': 'Bearer realm=""' } }),
    denied: () => new ApiError(403, 'Denied', 'no'),
  };
}

async function withServer(fn: (send: (method: string, path: string, headers?: Record<string, string>) => Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>, calls: string[]) => Promise<void>): Promise<void> {
  const calls: string[] = [];
  const pctx = {
    log: createLogger({}),
    authz: { authorize: () => ({ allowed: true }) },
    studio: { origins: new Set(['https://ml.azure.com', STUDIO]) },
  } as unknown as PlatformContext;
  const handler = createPlaneHandler(corsPlane(calls), pctx);
  const server = http.createServer((req, res) => void handler(req, res, { host: 'example.test', origin: 'https://example.test' }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const send = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      });
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  try {
    await fn(send, calls);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('a studio preflight is answered before routing and authentication, on any path', async () => {
  await withServer(async (send, calls) => {
    for (const path of ['/secret', '/no/such/path']) {
      const r = await send('OPTIONS', path, { origin: STUDIO, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
      assert.equal(r.status, 204, path);
      assert.equal(r.headers['access-control-allow-origin'], STUDIO);
      assert.equal(r.headers['access-control-allow-headers'], 'authorization');
      assert.equal(r.text, '');
    }
    assert.deepEqual(calls, []);
  });
});

test('errors from authentication, routing and handlers, and streamed bodies, carry the CORS headers', async () => {
  await withServer(async (send) => {
    const cases: Array<[string, number]> = [
      ['/secret', 401],
      ['/nowhere', 404],
      ['/fail', 409],
      ['/stream', 200],
    ];
    for (const [path, status] of cases) {
      const r = await send('GET', path, { origin: STUDIO });
      assert.equal(r.status, status, path);
      assert.equal(r.headers['access-control-allow-origin'], STUDIO, path);
      assert.equal(r.headers.vary, 'Origin', path);
      assert.match(String(r.headers['access-control-expose-headers']), /WWW-Authenticate/, path);
    }
    const streamed = await send('GET', '/stream', { origin: 'https://ml.azure.com' });
    assert.equal(streamed.text, 'streamed');
    assert.equal(streamed.headers.etag, '"1"');
    assert.equal(streamed.headers['access-control-allow-origin'], 'https://ml.azure.com');
  });
});

test('another origin: no CORS headers, and its preflight is refused in the plane dialect without authentication', async () => {
  await withServer(async (send, calls) => {
    const r = await send('GET', '/secret', { origin: 'https://evil.example' });
    assert.equal(r.status, 401);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal(r.headers['access-control-expose-headers'], undefined);
    calls.length = 0;
    const pre = await send('OPTIONS', '/secret', { origin: 'https://evil.example', 'access-control-request-method': 'GET' });
    assert.equal(pre.status, 403);
    assert.equal(pre.text, 'CorsPreflightFailure: CORS not enabled or no matching rule found for this request.');
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
    assert.deepEqual(calls, []);
  });
});
