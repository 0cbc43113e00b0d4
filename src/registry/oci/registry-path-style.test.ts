import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistryTestServer, ROLE_IDS, type RegistryTestServer } from './testing/registry-test-server.js';
import { prefixReplyLinks } from './registry-plane.js';

let s: RegistryTestServer;
before(async () => {
  s = await startRegistryTestServer();
});
after(async () => {
  await s?.close();
});

/** A request without the registry header: the registry is the first path segment. */
function pathStyle(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return fetch(`${s.url}${path}`, { method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(10_000) });
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function accessToken(prefix: string, scope: string): Promise<string> {
  const ex = await pathStyle('POST', `${prefix}/oauth2/exchange`, {
    headers: form,
    body: new URLSearchParams({ grant_type: 'access_token', service: s.loginServer, access_token: await s.spToken() }).toString(),
  });
  assert.equal(ex.status, 200, await ex.clone().text());
  const refresh = (await ex.json()).refresh_token as string;
  const tk = await pathStyle('POST', `${prefix}/oauth2/token`, {
    headers: form,
    body: new URLSearchParams({ grant_type: 'refresh_token', service: s.loginServer, scope, refresh_token: refresh }).toString(),
  });
  assert.equal(tk.status, 200, await tk.clone().text());
  return (await tk.json()).access_token as string;
}

test('path-style /{registry}/v2/ challenges with a realm under the same registry path', async () => {
  for (const seg of ['cerulean01', 'cerulean01.azurecr.io', 'CERULEAN01']) {
    const r = await pathStyle('GET', `/${seg}/v2/`);
    assert.equal(r.status, 401, seg);
    assert.equal(r.headers.get('www-authenticate'), `Bearer realm="${s.url}/${encodeURIComponent(seg)}/oauth2/token",service="${s.loginServer}"`);
    assert.equal((await r.json()).errors[0].code, 'UNAUTHORIZED');
  }
  // A scoped challenge (a repository read without a token) names the same realm.
  const tags = await pathStyle('GET', '/cerulean01/v2/app/web/tags/list');
  assert.equal(tags.status, 401);
  assert.match(tags.headers.get('www-authenticate') ?? '', new RegExp(`^Bearer realm="${s.url}/cerulean01/oauth2/token",service="${s.loginServer}",scope="repository:app/web:pull"$`));
});

test('path-style token endpoints, catalog, and upload Locations that keep the registry segment', async () => {
  s.assign(ROLE_IDS.acrPush, s.fx.sp.id);
  const token = await accessToken('/cerulean01', 'repository:app/web:pull,push registry:catalog:*');
  const auth = { authorization: `Bearer ${token}` };
  const v2 = await pathStyle('GET', '/cerulean01/v2/', { headers: auth });
  assert.equal(v2.status, 200);
  const cat = await pathStyle('GET', '/cerulean01/v2/_catalog', { headers: auth });
  assert.equal(cat.status, 200);
  assert.deepEqual(await cat.json(), { repositories: [] });
  const up = await pathStyle('POST', '/cerulean01/v2/app/web/blobs/uploads/', { headers: auth });
  assert.equal(up.status, 202);
  const loc = up.headers.get('location') ?? '';
  assert.match(loc, /^\/cerulean01\/v2\/app\/web\/blobs\/uploads\/[0-9a-f-]{36}$/);
  const status = await pathStyle('GET', loc, { headers: auth });
  assert.equal(status.status, 204);
  // The host-style Location is unchanged.
  const hostStyle = await s.send('POST', '/v2/app/web/blobs/uploads/', { headers: auth });
  assert.match(hostStyle.headers.get('location') ?? '', /^\/v2\/app\/web\/blobs\/uploads\//);
});

test('a path naming no registry is NAME_UNKNOWN; a token for one registry is not valid at another path', async () => {
  const r = await pathStyle('GET', '/nosuchregistry1/v2/_catalog');
  assert.equal(r.status, 404);
  assert.equal((await r.json()).errors[0].code, 'NAME_UNKNOWN');
  const bad = await pathStyle('GET', '/x/v2/');
  assert.equal(bad.status, 404);
  const ex = await pathStyle('POST', '/nosuchregistry1/oauth2/token', { headers: form, body: new URLSearchParams({ service: s.loginServer }).toString() });
  assert.equal(ex.status, 404);
});

test('prefixReplyLinks prefixes relative Location and Link targets only', () => {
  const reply = prefixReplyLinks(
    { status: 200, headers: { Location: '/v2/a/blobs/uploads/1', Link: '</v2/_catalog?last=a&n=1>; rel="next"', 'Docker-Content-Digest': '/v2/x' } },
    '/reg01',
  );
  assert.deepEqual(reply.headers, { Location: '/reg01/v2/a/blobs/uploads/1', Link: '</reg01/v2/_catalog?last=a&n=1>; rel="next"', 'Docker-Content-Digest': '/v2/x' });
  const abs = prefixReplyLinks({ status: 201, headers: { Location: 'https://x/v2/a' } }, '/reg01');
  assert.equal(abs.headers?.Location, 'https://x/v2/a');
  const none = { status: 200, headers: { Location: '/v2/a' } };
  assert.equal(prefixReplyLinks(none, ''), none);
});
