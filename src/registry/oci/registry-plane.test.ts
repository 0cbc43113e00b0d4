import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startRegistryTestServer, ROLE_IDS, type RegistryTestServer } from './testing/registry-test-server.js';

let s: RegistryTestServer;
before(async () => {
  s = await startRegistryTestServer({ adminUserEnabled: true });
});
after(async () => {
  await s?.close();
});

const sha = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function refreshToken(): Promise<string> {
  const r = await s.send('POST', '/oauth2/exchange', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'access_token', service: s.loginServer, tenant: s.fx.pctx.config.tenantId, access_token: await s.spToken() }).toString(),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()).refresh_token;
}

async function accessToken(scope: string): Promise<{ token: string; access: unknown }> {
  const r = await s.send('POST', '/oauth2/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', service: s.loginServer, scope, refresh_token: await refreshToken() }).toString(),
  });
  assert.equal(r.status, 200);
  const token = (await r.json()).access_token as string;
  return { token, access: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).access };
}

test('GET /v2/ challenges without credentials, answers {} with a token', async () => {
  const r = await s.send('GET', '/v2/');
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('docker-distribution-api-version'), 'registry/2.0');
  assert.equal(r.headers.get('www-authenticate'), `Bearer realm="${s.url}/oauth2/token",service="${s.loginServer}"`);
  assert.equal((await r.json()).errors[0].code, 'UNAUTHORIZED');
  const { token } = await accessToken('registry:catalog:*');
  const ok = await s.send('GET', '/v2/', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), {});
});

test('token scopes follow RBAC: nothing, then AcrPull (pull), then AcrPush (pull+push)', async () => {
  assert.deepEqual((await accessToken('repository:app/web:pull,push')).access, []);
  s.assign(ROLE_IDS.acrPull, s.fx.sp.id);
  assert.deepEqual((await accessToken('repository:app/web:pull,push')).access, [{ type: 'repository', name: 'app/web', actions: ['pull'] }]);
  const denied = await s.send('POST', '/v2/app/web/blobs/uploads/', { headers: { authorization: `Bearer ${(await accessToken('repository:app/web:pull,push')).token}` } });
  assert.equal(denied.status, 403);
  assert.equal((await denied.json()).errors[0].code, 'DENIED');
  assert.match(denied.headers.get('x-ms-cerulean-explanation') ?? '', /AcrPush/);
  s.assign(ROLE_IDS.acrPush, s.fx.sp.id);
  assert.deepEqual((await accessToken('repository:app/web:pull,push')).access, [{ type: 'repository', name: 'app/web', actions: ['pull', 'push'] }]);
});

test('push (monolithic + chunked), manifest by tag, pull by tag and digest, tags and catalog', async () => {
  const { token } = await accessToken('repository:app/web:pull,push,delete registry:catalog:*');
  const auth = { authorization: `Bearer ${token}` };
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const layer = Buffer.alloc(300_000, 'x');
  // Monolithic config upload.
  let r = await s.send('POST', `/v2/app/web/blobs/uploads/?digest=${sha(config)}`, { headers: { ...auth, 'content-type': 'application/octet-stream' }, body: config });
  assert.equal(r.status, 201, await r.clone().text());
  assert.equal(r.headers.get('docker-content-digest'), sha(config));
  // Chunked layer upload: POST, two PATCHes, a wrong Content-Range, PUT with the digest.
  r = await s.send('POST', '/v2/app/web/blobs/uploads/', { headers: auth });
  assert.equal(r.status, 202);
  const loc = r.headers.get('location')!;
  assert.match(loc, /^\/v2\/app\/web\/blobs\/uploads\/[0-9a-f-]{36}$/);
  r = await s.send('PATCH', loc, { headers: { ...auth, 'content-range': '0-99999' }, body: layer.subarray(0, 100_000) });
  assert.equal(r.status, 202);
  assert.equal(r.headers.get('range'), '0-99999');
  r = await s.send('PATCH', loc, { headers: { ...auth, 'content-range': '0-9' }, body: layer.subarray(0, 10) });
  assert.equal(r.status, 416);
  r = await s.send('PATCH', loc, { headers: { ...auth, 'content-range': '100000-299999' }, body: layer.subarray(100_000) });
  assert.equal(r.headers.get('range'), '0-299999');
  r = await s.send('GET', loc, { headers: auth });
  assert.equal(r.status, 204);
  assert.equal(r.headers.get('range'), '0-299999');
  r = await s.send('PUT', `${loc}?digest=${sha('wrong')}`, { headers: auth });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).errors[0].code, 'DIGEST_INVALID');
  r = await s.send('POST', `/v2/app/web/blobs/uploads/?digest=${sha(layer)}`, { headers: auth, body: layer });
  assert.equal(r.status, 201);

  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }],
    }),
  );
  const missing = Buffer.from(manifest.toString().replace(sha(layer), sha('nope')));
  r = await s.send('PUT', '/v2/app/web/manifests/v1', { headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: missing });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).errors[0].code, 'MANIFEST_BLOB_UNKNOWN');
  r = await s.send('PUT', '/v2/app/web/manifests/v1', { headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
  assert.equal(r.status, 201, await r.clone().text());
  assert.equal(r.headers.get('docker-content-digest'), sha(manifest));

  r = await s.send('GET', '/v2/app/web/manifests/v1', { headers: auth });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.oci.image.manifest.v1+json');
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), manifest);
  r = await s.send('HEAD', `/v2/app/web/manifests/${sha(manifest)}`, { headers: auth });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-length'), String(manifest.length));
  r = await s.send('GET', `/v2/app/web/blobs/${sha(layer)}`, { headers: { ...auth, range: 'bytes=10-19' } });
  assert.equal(r.status, 206);
  assert.equal(r.headers.get('content-range'), `bytes 10-19/${layer.length}`);
  assert.equal((await r.text()).length, 10);
  r = await s.send('GET', `/v2/app/web/blobs/${sha(layer)}`, { headers: auth });
  assert.equal(sha(Buffer.from(await r.arrayBuffer())), sha(layer));

  await s.send('PUT', '/v2/app/web/manifests/v2', { headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
  r = await s.send('GET', '/v2/app/web/tags/list?n=1', { headers: auth });
  assert.deepEqual(await r.json(), { name: 'app/web', tags: ['v1'] });
  assert.equal(r.headers.get('link'), '</v2/app/web/tags/list?last=v1&n=1>; rel="next"');
  r = await s.send('GET', '/v2/app/web/tags/list?last=v1&n=1', { headers: auth });
  assert.deepEqual(await r.json(), { name: 'app/web', tags: ['v2'] });
  r = await s.send('GET', '/v2/_catalog', { headers: auth });
  assert.deepEqual(await r.json(), { repositories: ['app/web'] });
  r = await s.send('GET', `/v2/app/web/referrers/${sha(manifest)}`, { headers: auth });
  assert.deepEqual((await r.json()).manifests, []);

  // Cross-repository mount needs pull on the source.
  const { token: t2 } = await accessToken('repository:app/other:pull,push repository:app/web:pull');
  r = await s.send('POST', `/v2/app/other/blobs/uploads/?mount=${sha(layer)}&from=app/web`, { headers: { authorization: `Bearer ${t2}` } });
  assert.equal(r.status, 201);
  r = await s.send('HEAD', `/v2/app/other/blobs/${sha(layer)}`, { headers: { authorization: `Bearer ${t2}` } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-length'), String(layer.length));

  // Deleting by tag keeps the manifest; deleting by digest removes it and its tags. AcrPush has no delete.
  r = await s.send('DELETE', '/v2/app/web/manifests/v2', { headers: auth });
  assert.equal(r.status, 403);
});

test('admin user: basic auth on data requests and on /oauth2/token', async () => {
  const { registryCredentials } = await import('../arm/registry-records.js');
  const creds = registryCredentials(s.fx.pctx.store, s.registry);
  const basic = 'Basic ' + Buffer.from(`${creds.username}:${creds.passwords[0].value}`).toString('base64');
  let r = await s.send('GET', '/v2/app/web/tags/list', { headers: { authorization: basic } });
  assert.equal(r.status, 200);
  r = await s.send('GET', `/oauth2/token?service=${s.loginServer}&scope=repository:app/web:pull,delete`, { headers: { authorization: basic } });
  const token = (await r.json()).access_token;
  r = await s.send('DELETE', '/v2/app/web/manifests/v2', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 202);
  r = await s.send('GET', '/v2/app/web/manifests/v2', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 404);
  assert.equal((await r.json()).errors[0].code, 'MANIFEST_UNKNOWN');
  r = await s.send('GET', '/v2/app/web/tags/list', { headers: { authorization: 'Basic ' + Buffer.from(`${creds.username}:wrong`).toString('base64') } });
  assert.equal(r.status, 401);
});

test('refresh token via basic auth with the null GUID (docker/skopeo flow); wrong audience refused', async () => {
  const rt = await refreshToken();
  const basic = 'Basic ' + Buffer.from(`00000000-0000-0000-0000-000000000000:${rt}`).toString('base64');
  let r = await s.send('GET', `/oauth2/token?service=${s.loginServer}&scope=repository:app/web:pull`, { headers: { authorization: basic } });
  assert.equal(r.status, 200);
  r = await s.send('POST', '/oauth2/exchange', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'access_token', service: s.loginServer, access_token: await s.spToken('https://graph.microsoft.com') }).toString(),
  });
  assert.equal(r.status, 401);
  r = await s.send('GET', '/v2/app/web/tags/list', { headers: { authorization: `Bearer ${rt}` } });
  assert.equal(r.status, 401, 'a refresh token is not an access token');
});

test('a registry deleted and created again under the same name starts empty', async () => {
  const { removeRegistry, createRegistry } = await import('../arm/registry-records.js');
  const { registryCredentials } = await import('../arm/registry-records.js');
  const basicFor = () => {
    const c = registryCredentials(s.fx.pctx.store, s.registry);
    return 'Basic ' + Buffer.from(`${c.username}:${c.passwords[0].value}`).toString('base64');
  };
  const auth = { authorization: basicFor() };
  const cfg = Buffer.from('{}');
  await s.send('POST', `/v2/gone/app/blobs/uploads/?digest=${sha(cfg)}`, { headers: auth, body: cfg });
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(cfg), size: 2 }, layers: [] });
  let r = await s.send('PUT', '/v2/gone/app/manifests/v1', { headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
  assert.equal(r.status, 201);
  r = await s.send('GET', '/v2/_catalog', { headers: auth });
  assert.ok((await r.json()).repositories.includes('gone/app'));
  removeRegistry(s.fx.pctx.store, s.registry);
  (s.fx.clock as unknown as { advance(ms: number): void }).advance(60_000);
  s.registry = createRegistry(s.fx.pctx, { subscriptionId: s.fx.pctx.config.subscriptionId, resourceGroup: 'rg', name: 'cerulean01', location: 'eastus', adminUserEnabled: true });
  r = await s.send('GET', '/v2/_catalog', { headers: { authorization: basicFor() } });
  assert.equal(r.status, 200);
  assert.deepEqual((await r.json()).repositories, []);
});
