import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlatform, type Platform } from '../platform/create-platform.js';
import { runtimeOf, type Runtime } from '../runtime/runtime.js';
import { createIdentityPrincipal } from '../managed-identity/principal-lifecycle.js';
import type { Workload } from '../runtime/workload-registry.js';
import { proxyCredentials } from './workload-authenticator.js';

let platform: Platform;
let runtime: Runtime;
let workload: Workload;
let clientId: string;
let otherClientId: string;
let miResourceId: string;

function get(url: string, headers: Record<string, string> = {}, viaProxy = false): Promise<{ status: number; body: any }> {
  const target = new URL(url);
  const proxy = new URL(platform.proxyUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      viaProxy
        ? { host: proxy.hostname, port: proxy.port, path: url, headers: { ...headers, host: target.host } }
        : { host: target.hostname, port: target.port, path: target.pathname + target.search, headers },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  platform = await createPlatform();
  runtime = runtimeOf(platform.context)!;
  const ctx = platform.context;
  miResourceId = `/subscriptions/${platform.subscriptionId}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a`;
  const a = createIdentityPrincipal(ctx, 'a', miResourceId);
  const b = createIdentityPrincipal(ctx, 'b', miResourceId.replace(/a$/, 'b'));
  clientId = a.clientId;
  otherClientId = b.clientId;
  workload = runtime.registry.register({ identities: [{ ...a, kind: 'userAssigned' }], description: 'test' });
});
after(async () => {
  await platform?.close();
});

test('Azure ML protocol: trailing slash, path case, encoded or raw resource, with or without api-version and clientid', async () => {
  const base = runtime.msiEndpoint;
  const variants = [
    `${base}?resource=https://storage.azure.com/&api-version=2017-09-01`,
    `${base}/?resource=https%3A%2F%2Fstorage.azure.com%2F&api-version=2017-09-01&clientid=${clientId}`,
    `${base.replace('/msi/token', '/MSI/TOKEN')}?clientid=${clientId.toUpperCase()}&resource=https://storage.azure.com/`,
  ];
  let first: string | undefined;
  for (const url of variants) {
    const r = await get(url, { secret: workload.secret });
    assert.equal(r.status, 200, url);
    assert.equal(r.body.resource, 'https://storage.azure.com/');
    assert.equal(r.body.client_id, clientId);
    assert.ok(Object.values(r.body).every((v) => typeof v === 'string'));
    first ??= r.body.access_token;
    assert.equal(r.body.access_token, first, 'cached per identity and audience');
  }
  const claims = JSON.parse(Buffer.from(first!.split('.')[1], 'base64url').toString());
  assert.equal(claims.xms_mirid, miResourceId);
  assert.equal(claims.appid, clientId);
});

test('refusals: wrong secret 401, identity not held 400 (never 404), no resource 400', async () => {
  const url = `${runtime.msiEndpoint}?resource=https://storage.azure.com/`;
  assert.equal((await get(url)).status, 401);
  assert.equal((await get(url, { secret: workload.secret + 'x' })).status, 401);
  const notHeld = await get(`${url}&clientid=${otherClientId}`, { secret: workload.secret });
  assert.deepEqual(notHeld, { status: 400, body: { error: 'invalid_request', error_description: 'Identity not found' } });
  assert.equal((await get(runtime.msiEndpoint, { secret: workload.secret })).status, 400);
});

test('App Service 2019-08-01 and the per-workload IMDS URL', async () => {
  const app = await get(`${runtime.msiEndpoint}?resource=https://vault.azure.net&api-version=2019-08-01&client_id=${clientId}`, { 'X-IDENTITY-HEADER': workload.secret });
  assert.equal(app.status, 200);
  assert.equal(app.body.resource, 'https://vault.azure.net');
  const appRefused = await get(`${runtime.msiEndpoint}?resource=https://vault.azure.net&api-version=2019-08-01&principal_id=${workload.id}`, { 'X-IDENTITY-HEADER': workload.secret });
  assert.equal(appRefused.status, 400);
  assert.equal(appRefused.body.statusCode, 400);
  const origin = new URL(runtime.msiEndpoint).origin;
  const pod = await get(`${origin}/w/${workload.pathSecret}/metadata/identity/oauth2/token/?api-version=2018-02-01&resource=https://management.azure.com/`, { Metadata: 'true' });
  assert.equal(pod.status, 200);
  const noMetadata = await get(`${origin}/w/${workload.pathSecret}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=x`);
  assert.equal(noMetadata.body.error, 'bad_request_102');
});

test('IMDS and MSI through the forward proxy (absolute-URI http)', async () => {
  const auth = 'Basic ' + Buffer.from(`${workload.id}:${workload.secret}`).toString('base64');
  const imds = await get('http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/', { Metadata: 'true', 'Proxy-Authorization': auth }, true);
  assert.equal(imds.status, 200);
  assert.equal(imds.body.client_id, clientId);
  const msi = await get(`${runtime.msiEndpoint}?resource=https://storage.azure.com/`, { secret: workload.secret }, true);
  assert.equal(msi.status, 200);
  runtime.registry.unregister(workload.id);
  assert.equal((await get(`${runtime.msiEndpoint}?resource=https://storage.azure.com/`, { secret: workload.secret }, true)).status, 401);
});

test('proxy credentials are read from Basic authorization', () => {
  assert.deepEqual(proxyCredentials('Basic ' + Buffer.from('w1:s%3Acret').toString('base64')), ['w1', 's:cret']);
  assert.equal(proxyCredentials('Bearer x'), undefined);
  assert.equal(proxyCredentials(undefined), undefined);
});

test('an identity deleted or disabled after serving tokens is refused at once', async () => {
  const ctx = platform.context;
  const id = createIdentityPrincipal(ctx, 'c', miResourceId.replace(/a$/, 'c'));
  const w = runtime.registry.register({ identities: [{ ...id, kind: 'userAssigned' }], description: 'test' });
  const url = `${runtime.msiEndpoint}?resource=https://storage.azure.com/`;
  assert.equal((await get(url, { secret: w.secret })).status, 200);
  assert.equal((await get(url, { secret: w.secret })).status, 200);
  ctx.directory.deleteObject(id.principalId);
  assert.deepEqual(await get(url, { secret: w.secret }), { status: 400, body: { error: 'invalid_request', error_description: 'Identity not found' } });
  runtime.registry.unregister(w.id);
  assert.equal((await get(url, { secret: w.secret })).status, 401, 'an exited workload is refused too');
});

test('the request log names the workload, the audience and the identity; a path secret never reaches it', async () => {
  const origin = new URL(runtime.msiEndpoint).origin;
  const ctx = platform.context;
  const held = createIdentityPrincipal(ctx, 'd', miResourceId.replace(/a$/, 'd'));
  const workload = runtime.registry.register({ identities: [{ ...held, kind: 'userAssigned' }], description: 'test' });
  const clientId = held.clientId;
  const marker = `https://marker-${Date.now()}.example/`;
  assert.equal((await get(`${runtime.msiEndpoint}?resource=${marker}&clientid=${clientId}`, { secret: workload.secret })).status, 200);
  assert.equal((await get(`${runtime.msiEndpoint}?resource=${marker}&clientid=${otherClientId}`, { secret: workload.secret })).status, 400);
  const pod = `${origin}/W/${workload.pathSecret}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${marker}`;
  assert.equal((await get(pod, { Metadata: 'true' })).status, 200);
  assert.equal((await get(`${origin}/w/${workload.pathSecret}/no/such/path`, { Metadata: 'true' })).status, 404);
  platform.context.log.flush();
  const text = readFileSync(join(platform.context.paths.logsDir, 'platform.log'), 'utf8');
  assert.ok(!text.includes(workload.pathSecret), 'the path secret is in the log');
  assert.ok(!text.includes(workload.secret), 'the MSI secret is in the log');
  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.evt === 'http' && l.plane === 'workload-identity');
  const marked = lines.filter((l) => l.resource === marker);
  assert.deepEqual(
    marked.map(({ op, path, status, workload: w, identity, askedIdentity }) => ({ op, path, status, w, identity, askedIdentity })),
    [
      { op: 'ManagedIdentity_Token', path: '/msi/token', status: 200, w: workload.id, identity: clientId, askedIdentity: undefined },
      { op: 'ManagedIdentity_Token', path: '/msi/token', status: 400, w: workload.id, identity: undefined, askedIdentity: otherClientId },
      { op: 'Imds_TokenByPath', path: '/w/{pathSecret}/metadata/identity/oauth2/token', status: 200, w: workload.id, identity: clientId, askedIdentity: undefined },
    ],
  );
  assert.ok(lines.some((l) => l.status === 404 && l.path === '/w/{pathSecret}/no/such/path'));
});
