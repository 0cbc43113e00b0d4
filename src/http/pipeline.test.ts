import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../shared/errors.js';
import { createLogger } from '../platform/logger.js';
import type { PlatformContext } from '../platform/context.js';
import type { Operation, Reply } from './operation.js';
import type { Plane } from './plane.js';
import { createPlaneHandler } from './pipeline.js';

const ORIGIN = 'https://example.test';

/** A plane whose operations answer with what the pipeline made of the request. */
function testPlane(): Plane {
  const ops: Operation[] = [
    {
      id: 'Echo',
      method: ['GET', 'POST'],
      path: '/{*rest}',
      auth: 'none',
      body: 'none',
      handler: (ctx) => ({ status: 200, body: { path: ctx.path, href: ctx.url.href, query: [...ctx.query], params: ctx.params } }),
    },
    { id: 'Form', method: 'POST', path: '/form', auth: 'none', body: 'form', handler: (ctx) => ({ status: 200, body: { form: ctx.body } }) },
    { id: 'Text', method: 'GET', path: '/text/{kind}', auth: 'none', handler: (ctx) => text(ctx.params.kind) },
  ];
  return {
    name: 'test',
    hosts: ['example.test'],
    operations: ops,
    authenticators: [],
    renderError(res, err) {
      res.statusCode = err.status;
      res.end(err.code);
    },
    notFound: () => new ApiError(404, 'NotFound', 'no'),
    unauthenticated: () => new ApiError(401, 'Unauthenticated', 'no'),
    denied: () => new ApiError(403, 'Denied', 'no'),
  };
}

function text(kind: string): Reply {
  const s = 'héllo ✓';
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: kind === 'buffer' ? Buffer.from(s) : s };
}

async function withServer(fn: (port: number) => Promise<void>): Promise<void> {
  const pctx = { log: createLogger({}), authz: { authorize: () => ({ allowed: true, evaluatorAllowed: true }) } } as unknown as PlatformContext;
  const handler = createPlaneHandler(testPlane(), pctx);
  const server = http.createServer((req, res) => void handler(req, res, { host: 'example.test', origin: ORIGIN }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

function send(port: number, path: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

test('path, URL and query are what the URL parser makes of the request target, however it is spelled', async () => {
  const targets = [
    '/a/b?x=1&y=2&x=3',
    '/subscriptions/S/resourceGroups/R?api-version=2021-04-01',
    '/a%2Fb/c%20d?q=%2B+plus&e=',
    '//subscriptions/x/y',
    '/a/./b/../c?z',
    '/.well-known/openid-configuration',
    '/a/%2e%2E/b',
    "/it's?q='quoted'",
    '/a\\b/c',
    '/x|y^z`w{v}?k=a|b`c',
    '/caf%C3%A9?name=caf%C3%A9',
    '/a?b?c=d',
    '/x?',
    '/',
  ];
  await withServer(async (port) => {
    for (const t of targets) {
      const r = await send(port, t);
      assert.equal(r.status, 200, t);
      const got = JSON.parse(r.body.toString());
      const url = new URL(t.replace(/^\/{2,}/, '/'), ORIGIN);
      assert.equal(got.path, url.pathname, t);
      assert.equal(got.href, url.href, t);
      assert.deepEqual(got.query, [...url.searchParams], t);
    }
  });
});

test('string and Buffer bodies go out with their UTF-8 length; objects as JSON; every reply has a request id', async () => {
  await withServer(async (port) => {
    for (const kind of ['string', 'buffer']) {
      const r = await send(port, `/text/${kind}`);
      assert.equal(r.body.toString(), 'héllo ✓');
      assert.equal(Number(r.headers['content-length']), Buffer.byteLength('héllo ✓'));
      assert.match(String(r.headers['x-ms-request-id']), /^[0-9a-f-]{36}$/);
    }
    const j = await send(port, '/a?b=1');
    assert.equal(j.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(Number(j.headers['content-length']), j.body.length);
  });
});

test('form bodies are read as URLSearchParams reads them', async () => {
  await withServer(async (port) => {
    const body = 'a=1&b=x+y&a=2&c=%E2%9C%93&d=%zz&__proto__=p';
    const r = await send(port, '/form', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.deepEqual(JSON.parse(r.body.toString()).form, JSON.parse(JSON.stringify(Object.fromEntries(new URLSearchParams(body)))));
  });
});
