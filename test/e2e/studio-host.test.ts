/**
 * The studio plane against a real `cerulean start`: its page through the proxy as https://ml.azure.com and on its
 * direct port, config.json in both modes, deep links, no path traversal, and CORS for the studio's origins (only)
 * on ARM and the token service.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../support/platform-process.js';
import { adminToken, AZ_CLIENT_ID, call } from '../support/azure-http.js';
import { createRegistryThroughArm } from './registry/fixtures/registry-setup.js';

let p: PlatformProcess;
let ca: string;
let studioPort: string;

before(async () => {
  p = await startPlatformProcess();
  ca = readFileSync(p.runtime.caCert, 'utf8');
  studioPort = new URL(p.runtime.direct.studio).port;
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request to a direct port, the target sent exactly as given (no client-side path normalisation). */
function direct(host: string, port: string, method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', servername: host === '127.0.0.1' ? undefined : host, port: Number(port), method, path: target, ca, headers: { host: `${host}:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${method} ${target}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const portOf = (plane: string) => new URL(p.runtime.direct[plane]).port;

test('the studio is served as https://ml.azure.com through the proxy, and announced in the banner', async () => {
  const r = await call(p, 'GET', 'https://ml.azure.com/');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(r.text, /<html/i);
  assert.ok(/<script[^>]+src="\/assets\//.test(r.text) || /npm run build:studio/.test(r.text), r.text.slice(0, 300));
  assert.match(String(r.headers['content-security-policy']), /connect-src 'self' https:/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  const deep = await call(p, 'GET', 'https://ml.azure.com/workspaces/ws1/endpoints/ep1?tab=logs');
  assert.equal(deep.status, 200);
  assert.equal(deep.text, r.text);
  assert.equal((await call(p, 'GET', 'https://ml.azure.com/favicon.ico')).status, 204);
  assert.match(p.output(), new RegExp(`Studio {12}https://localhost:${studioPort}/ {3}\\(also https://ml\\.azure\\.com through the proxy\\)`));
});

test('config.json: proxy mode on ml.azure.com; direct mode with the host name the page was opened with', async () => {
  const proxy = await call(p, 'GET', 'https://ml.azure.com/config.json');
  assert.equal(proxy.status, 200);
  assert.equal(proxy.json.mode, 'proxy');
  assert.equal(proxy.json.tenantId, p.runtime.tenantId);
  assert.equal(proxy.json.subscriptionId, p.runtime.subscriptionId);
  assert.match(proxy.json.clientId, /^[0-9a-f-]{36}$/);
  assert.equal(proxy.json.endpoints.arm, 'https://management.azure.com');
  assert.equal(proxy.json.endpoints.blob, 'https://{account}.blob.core.windows.net');
  for (const host of ['localhost', '127.0.0.1']) {
    const r = await direct(host, studioPort, 'GET', '/config.json');
    assert.equal(r.status, 200, r.text);
    const cfg = JSON.parse(r.text);
    assert.equal(cfg.mode, 'direct');
    assert.deepEqual(cfg.endpoints, {
      login: `https://${host}:${portOf('login')}`,
      arm: `https://${host}:${portOf('arm')}`,
      graph: `https://${host}:${portOf('graph')}`,
      blob: `https://${host}:${portOf('blob')}/{account}`,
      registry: `https://${host}:${portOf('registry')}/{registry}`,
      scoring: `https://${host}:${portOf('ml-scoring')}/{hostPrefix}`,
    });
  }
  // The direct-mode ARM URL from config.json works with an admin token.
  const token = await adminToken(p);
  const subs = await direct('localhost', portOf('arm'), 'GET', '/subscriptions?api-version=2022-12-01', { authorization: `Bearer ${token}` });
  assert.equal(subs.status, 200, subs.text);
});

test('no path outside the build output is served', async () => {
  const pkg = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  for (const target of ['/../package.json', '/../../package.json', '/%2e%2e/package.json', '/%2e%2e%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/..%5c..%5cpackage.json', '/.%2e/.%2e/package.json']) {
    const r = await direct('127.0.0.1', studioPort, 'GET', target);
    assert.ok(!r.text.includes('"name": "cerulean"') && r.text !== pkg, `${target} → ${r.status}`);
    assert.ok(r.status === 404 || r.status === 400, `${target} → ${r.status}`);
  }
});

test('CORS on ARM for the studio origins: preflight before authentication, then the actual response and its errors', async () => {
  const arm = 'https://management.azure.com/subscriptions?api-version=2022-12-01';
  for (const origin of ['https://ml.azure.com', `https://localhost:${studioPort}`, `https://127.0.0.1:${studioPort}`]) {
    const pre = await call(p, 'OPTIONS', arm, { headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,x-ms-client-request-id' } });
    assert.equal(pre.status, 204, `${origin}: ${pre.text}`);
    assert.equal(pre.headers['access-control-allow-origin'], origin);
    assert.equal(pre.headers['access-control-allow-headers'], 'authorization,x-ms-client-request-id');
    assert.match(String(pre.headers['access-control-allow-methods']), /GET/);
    assert.equal(pre.headers['access-control-max-age'], '600');
  }
  const token = await adminToken(p);
  const ok = await call(p, 'GET', arm, { token, headers: { origin: 'https://ml.azure.com' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.headers['access-control-allow-origin'], 'https://ml.azure.com');
  assert.match(String(ok.headers.vary), /Origin/);
  assert.match(String(ok.headers['access-control-expose-headers']), /x-ms-request-id/);
  const unauth = await call(p, 'GET', arm, { headers: { origin: 'https://ml.azure.com' } });
  assert.equal(unauth.status, 401);
  assert.equal(unauth.headers['access-control-allow-origin'], 'https://ml.azure.com');
  // Direct mode: the page on https://localhost:<studio port> calls ARM's direct port.
  const directOrigin = `https://localhost:${studioPort}`;
  const d = await direct('localhost', portOf('arm'), 'GET', '/subscriptions?api-version=2022-12-01', { origin: directOrigin, authorization: `Bearer ${token}` });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.headers['access-control-allow-origin'], directOrigin);
});

test('CORS on the token service for the studio origin', async () => {
  const url = `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`;
  const pre = await call(p, 'OPTIONS', url, { headers: { origin: 'https://ml.azure.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], 'https://ml.azure.com');
  const form = { grant_type: 'password', client_id: AZ_CLIENT_ID, username: p.admin.username, password: p.admin.password, scope: 'https://management.azure.com/.default' };
  const r = await call(p, 'POST', url, { form, headers: { origin: 'https://ml.azure.com' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['access-control-allow-origin'], 'https://ml.azure.com');
  const bad = await call(p, 'POST', url, { form: { ...form, password: 'wrong' }, headers: { origin: 'https://ml.azure.com' } });
  assert.ok(bad.status >= 400);
  assert.equal(bad.headers['access-control-allow-origin'], 'https://ml.azure.com');
});

test('no CORS for another origin: no headers on answers, preflights refused', async () => {
  const evil = 'https://evil.example';
  const token = await adminToken(p);
  const arm = 'https://management.azure.com/subscriptions?api-version=2022-12-01';
  const r = await call(p, 'GET', arm, { token, headers: { origin: evil } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  assert.equal(r.headers['access-control-expose-headers'], undefined);
  for (const url of [arm, `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`, 'https://ml.azure.com/config.json']) {
    const pre = await call(p, 'OPTIONS', url, { headers: { origin: evil, 'access-control-request-method': 'GET' } });
    assert.equal(pre.status, 403, url);
    assert.equal(pre.headers['access-control-allow-origin'], undefined, url);
  }
  const cfg = await call(p, 'GET', 'https://ml.azure.com/config.json', { headers: { origin: evil } });
  assert.equal(cfg.status, 200);
  assert.equal(cfg.headers['access-control-allow-origin'], undefined);
});

test('every plane answers the studio origin with CORS, errors included (blob, registry, scoring, graph)', async () => {
  const origin = 'https://ml.azure.com';
  const urls = [
    'https://nosuchaccount1.blob.core.windows.net/c?restype=container&comp=list',
    'https://nosuchregistry1.azurecr.io/v2/_catalog',
    'https://nosuch.eastus.inference.ml.azure.com/score',
    'https://graph.microsoft.com/v1.0/me',
  ];
  for (const url of urls) {
    const pre = await call(p, 'OPTIONS', url, { headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-ms-version,x-ms-blob-type,authorization' } });
    assert.equal(pre.status, 204, url);
    assert.equal(pre.headers['access-control-allow-origin'], origin, url);
    const r = await call(p, 'GET', url, { headers: { origin } });
    assert.ok(r.status >= 400, `${url} → ${r.status}`);
    assert.equal(r.headers['access-control-allow-origin'], origin, url);
  }
});

test('the registry path-style on its direct port, as the studio calls it in direct mode: challenge realm, tokens, catalog, CORS', async () => {
  const reg = await createRegistryThroughArm(p, 'studio-rg', 'studioreg01');
  const port = portOf('registry');
  const origin = `https://localhost:${studioPort}`;
  const base = `/${reg.name}`;
  const challenge = await direct('localhost', port, 'GET', `${base}/v2/_catalog`, { origin });
  assert.equal(challenge.status, 401, challenge.text);
  assert.equal(challenge.headers['www-authenticate'], `Bearer realm="https://localhost:${port}${base}/oauth2/token",service="${reg.loginServer}",scope="registry:catalog:*"`);
  assert.equal(challenge.headers['access-control-allow-origin'], origin);
  assert.match(String(challenge.headers['access-control-expose-headers']), /WWW-Authenticate/);
  const pre = await direct('localhost', port, 'OPTIONS', `${base}/oauth2/exchange`, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
  assert.equal(pre.status, 204);
  const form = { 'content-type': 'application/x-www-form-urlencoded', origin };
  const ex = await direct('localhost', port, 'POST', `${base}/oauth2/exchange`, form, new URLSearchParams({ grant_type: 'access_token', service: reg.loginServer, access_token: await adminToken(p) }).toString());
  assert.equal(ex.status, 200, ex.text);
  assert.equal(ex.headers['access-control-allow-origin'], origin);
  // The realm from the challenge, as the browser would follow it.
  const realm = /realm="([^"]+)"/.exec(String(challenge.headers['www-authenticate']))![1];
  const tk = await direct('localhost', port, 'POST', new URL(realm).pathname, form, new URLSearchParams({ grant_type: 'refresh_token', service: reg.loginServer, scope: 'registry:catalog:*', refresh_token: JSON.parse(ex.text).refresh_token }).toString());
  assert.equal(tk.status, 200, tk.text);
  const cat = await direct('localhost', port, 'GET', `${base}/v2/_catalog`, { origin, authorization: `Bearer ${JSON.parse(tk.text).access_token}` });
  assert.equal(cat.status, 200, cat.text);
  assert.deepEqual(JSON.parse(cat.text), { repositories: [] });
  assert.equal(cat.headers['access-control-allow-origin'], origin);
  // Path-style belongs to the direct port only.
  const virtual = await call(p, 'GET', `https://${reg.loginServer}${base}/v2/`);
  assert.equal(virtual.status, 404);
});
