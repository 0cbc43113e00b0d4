import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '../platform/logger.js';
import type { PlatformContext } from '../platform/context.js';
import { createPlaneHandler } from '../http/pipeline.js';
import { createStudioPlane, directStudioOrigins, IMMUTABLE, type StudioPlane } from './studio-plane.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="app"></div></body></html>\n';
const SCRIPT = `export const big = ${JSON.stringify('x'.repeat(4000))};\n`;

/** index.html as built, without what the host inlines for the requesting host (config block, preconnect hints). */
const withoutInlined = (html: string): string => html.replace(/<link rel="preconnect"[^>]*>|<script id="cerulean-config"[^<]*<\/script>/g, '');

let base: string;
let built: string;
let empty: string;

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function pctx(): PlatformContext {
  return {
    log: createLogger({}),
    config: { tenantId: 'tenant-1', subscriptionId: 'sub-1' },
    studio: { origins: new Set(['https://ml.azure.com']) },
    authz: { authorize: () => ({ allowed: true }) },
  } as unknown as PlatformContext;
}

/** Serves a studio plane on loopback; `host` is what the pipeline is told the client addressed. */
async function withStudio(root: string, fn: (send: (path: string, o?: { host?: string; method?: string; headers?: Record<string, string> }) => Promise<Got>, plane: StudioPlane, ctx: PlatformContext) => Promise<void>): Promise<void> {
  const ctx = pctx();
  const plane = createStudioPlane(ctx, { root });
  const handler = createPlaneHandler(plane, ctx);
  const server = http.createServer((req, res) => {
    const host = String(req.headers['x-test-host'] ?? '127.0.0.1');
    void handler(req, res, { host, origin: `https://${host}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const send = (path: string, o: { host?: string; method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<Got>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { 'x-test-host': o.host ?? '127.0.0.1', ...o.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  try {
    await fn(send, plane, ctx);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

before(() => {
  base = mkdtempSync(join(tmpdir(), 'studio-host-'));
  built = join(base, 'studio');
  empty = join(base, 'empty');
  mkdirSync(join(built, 'assets'), { recursive: true });
  mkdirSync(empty);
  writeFileSync(join(built, 'index.html'), INDEX);
  writeFileSync(join(built, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(built, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(built, 'robots.txt'), 'User-agent: *\n');
  writeFileSync(join(built, '.env'), 'SECRET=hidden-dotfile\n');
  writeFileSync(join(base, 'secret.txt'), 'outside-the-root\n');
  writeFileSync(join(base, 'studio-secret.txt'), 'sibling-prefix\n');
});
after(() => rmSync(base, { recursive: true, force: true }));

test('index.html at / and for deep links, no-cache, with the security headers', async () => {
  await withStudio(built, async (send) => {
    for (const path of ['/', '/index.html', '/workspaces/ws1/endpoints/ep1', '/access?scope=%2Fsubscriptions%2Fx', '/auth/callback?code=abc&state=s']) {
      const r = await send(path);
      assert.equal(r.status, 200, path);
      const html = r.body.toString();
      assert.match(html, /<script id="cerulean-config" type="application\/json">\{/, path);
      assert.equal(withoutInlined(html), INDEX, path);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8', path);
      assert.equal(r.headers['cache-control'], 'no-cache', path);
    }
    const r = await send('/');
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self' https:/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
  });
});

test('assets: immutable caching, content types, gzip when accepted, ETag revalidation, HEAD', async () => {
  await withStudio(built, async (send) => {
    const plain = await send('/assets/index-abc123.js');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(plain.headers['cache-control'], IMMUTABLE);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), SCRIPT);
    assert.match(String(plain.headers.vary), /Accept-Encoding/);

    const gz = await send('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gz.body.length < SCRIPT.length / 10);
    assert.equal(Number(gz.headers['content-length']), gz.body.length);
    assert.equal(gunzipSync(gz.body).toString(), SCRIPT);
    const refused = await send('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip;q=0, br' } });
    assert.equal(refused.headers['content-encoding'], undefined);

    const again = await send('/assets/index-abc123.js', { headers: { 'if-none-match': String(plain.headers.etag) } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);

    const head = await send('/assets/index-abc123.js', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers['content-length']), Buffer.byteLength(SCRIPT));
    assert.equal(head.body.length, 0);

    assert.equal((await send('/assets/logo.svg')).headers['content-type'], 'image/svg+xml');
    const robots = await send('/robots.txt');
    assert.equal(robots.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(robots.headers['cache-control'], 'no-cache');
  });
});

test('missing files are 404 (no fallback for assets or paths with an extension); /favicon.ico is 204', async () => {
  await withStudio(built, async (send) => {
    assert.equal((await send('/assets/missing-123.js')).status, 404);
    assert.equal((await send('/assets/chunk')).status, 404);
    assert.equal((await send('/nothing.png')).status, 404);
    const fav = await send('/favicon.ico');
    assert.equal(fav.status, 204);
    assert.equal(fav.body.length, 0);
    const post = await send('/', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });
});

test('no path leaves the root, reaches a hidden file or a sibling directory', async () => {
  await withStudio(built, async (send) => {
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..\\secret.txt',
      '/../studio-secret.txt',
      '/%2e%2e%2fstudio-secret.txt',
      '/.env',
      '/%2eenv',
      '/assets/%00.js',
      `/${encodeURIComponent(join(base, 'secret.txt'))}`,
      '//secret.txt',
      '/%ff.txt',
    ];
    for (const path of attempts) {
      const r = await send(path);
      const text = r.body.toString();
      assert.ok(!text.includes('outside-the-root') && !text.includes('sibling-prefix') && !text.includes('hidden-dotfile'), `${path} → ${r.status} ${text}`);
      assert.ok(r.status === 404 || r.status === 400 || (r.status === 200 && withoutInlined(text) === INDEX), `${path} → ${r.status}`);
    }
  });
});

test('without a build: a notice page that says how to build, and config.json still works', async () => {
  await withStudio(empty, async (send) => {
    for (const path of ['/', '/workspaces']) {
      const r = await send(path);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(r.body.toString(), /has not been built/);
      assert.match(r.body.toString(), /npm run build:studio/);
    }
    assert.equal((await send('/favicon.ico')).status, 204);
    assert.equal((await send('/assets/index-abc123.js')).status, 404);
    assert.equal((await send('/config.json')).status, 200);
  });
});

test('config.json: proxy mode on ml.azure.com, direct mode on the host name the page was opened with', async () => {
  await withStudio(empty, async (send, plane, ctx) => {
    plane.setDirectUrls({
      login: 'https://127.0.0.1:7481',
      graph: 'https://127.0.0.1:7482',
      arm: 'https://127.0.0.1:7483',
      blob: 'https://127.0.0.1:7484',
      registry: 'https://127.0.0.1:7485',
      'ml-scoring': 'https://127.0.0.1:7486',
      studio: 'https://127.0.0.1:7487',
    });
    assert.deepEqual([...ctx.studio.origins].sort(), ['https://127.0.0.1:7487', 'https://localhost:7487', 'https://ml.azure.com']);

    const proxy = await send('/config.json', { host: 'ml.azure.com' });
    assert.equal(proxy.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(proxy.body.toString()), {
      tenantId: 'tenant-1',
      subscriptionId: 'sub-1',
      clientId: 'b92549ce-8033-462b-b0a5-f9cabbcf3eb2',
      mode: 'proxy',
      endpoints: {
        login: 'https://login.microsoftonline.com',
        arm: 'https://management.azure.com',
        graph: 'https://graph.microsoft.com',
        blob: 'https://{account}.blob.core.windows.net',
        registry: 'https://{registry}.azurecr.io',
        scoring: 'https://{host}',
      },
    });
    for (const host of ['localhost', '127.0.0.1']) {
      const direct = JSON.parse((await send('/config.json', { host })).body.toString());
      assert.equal(direct.mode, 'direct');
      assert.deepEqual(direct.endpoints, {
        login: `https://${host}:7481`,
        arm: `https://${host}:7483`,
        graph: `https://${host}:7482`,
        blob: `https://${host}:7484/{account}`,
        registry: `https://${host}:7485/{registry}`,
        scoring: `https://${host}:7486/{hostPrefix}`,
      });
    }
  });
});

test('directStudioOrigins names the listen address, localhost and 127.0.0.1', () => {
  assert.deepEqual(directStudioOrigins('https://127.0.0.1:9000'), ['https://127.0.0.1:9000', 'https://localhost:9000']);
  assert.deepEqual(directStudioOrigins('https://[::1]:9000'), ['https://[::1]:9000', 'https://localhost:9000', 'https://127.0.0.1:9000']);
});

test('index.html inlines the same configuration /config.json gives for the host, with preconnect hints', async () => {
  await withStudio(built, async (send) => {
    for (const host of ['ml.azure.com', '127.0.0.1']) {
      const html = (await send('/endpoints', { host })).body.toString();
      const inline = JSON.parse(/<script id="cerulean-config" type="application\/json">([^<]*)<\/script>/.exec(html)![1]);
      const served = JSON.parse((await send('/config.json', { host })).body.toString());
      assert.deepEqual(inline, served, host);
      assert.equal(inline.mode, host === 'ml.azure.com' ? 'proxy' : 'direct');
      assert.ok(html.includes(`<link rel="preconnect" href="${new URL(served.endpoints.arm).origin}" crossorigin>`), html);
    }
  });
});
