/**
 * The registry data plane over raw HTTP through the forward proxy, on `<name>.azurecr.io`: a service principal with
 * AcrPush pushes an image (chunked layer, monolithic config, manifest), one with AcrPull pulls it, one without
 * roles is refused (401 without a token, 403 DENIED with one).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { assignRole, createServicePrincipal, type TestServicePrincipal } from '../../support/azure-http.js';
import {
  ACR_ROLES,
  acrAccessToken,
  acrRefreshToken,
  createRegistryThroughArm,
  raw,
  sha256,
  spEntraToken,
  testImage,
  type TestRegistry,
} from './fixtures/registry-setup.js';

let p: PlatformProcess;
let reg: TestRegistry;
let pusher: TestServicePrincipal;
let puller: TestServicePrincipal;
let nobody: TestServicePrincipal;
const image = testImage('http');
const REPO = 'team/app';

before(async () => {
  p = await startPlatformProcess();
  reg = await createRegistryThroughArm(p, 'acr-rg', 'ceruleanhttp01');
  [pusher, puller, nobody] = await Promise.all([createServicePrincipal(p, 'acr-pusher'), createServicePrincipal(p, 'acr-puller'), createServicePrincipal(p, 'acr-nobody')]);
  await assignRole(p, reg.id, ACR_ROLES.AcrPush, pusher.objectId);
  await assignRole(p, reg.id, ACR_ROLES.AcrPull, puller.objectId);
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

async function tokenFor(sp: TestServicePrincipal, scope: string, audience?: string): Promise<string> {
  const rt = await acrRefreshToken(p, reg.loginServer, await spEntraToken(p, sp, audience));
  return acrAccessToken(p, reg.loginServer, rt, scope);
}

test('the registry is created through ARM and challenges anonymous callers', async () => {
  assert.equal(reg.loginServer, 'ceruleanhttp01.azurecr.io');
  const r = await raw(p, 'GET', `https://${reg.loginServer}/v2/`);
  assert.equal(r.status, 401);
  assert.equal(r.headers['docker-distribution-api-version'], 'registry/2.0');
  assert.equal(r.headers['www-authenticate'], `Bearer realm="https://${reg.loginServer}/oauth2/token",service="${reg.loginServer}"`);
  const m = await raw(p, 'GET', `https://${reg.loginServer}/v2/${REPO}/manifests/v1`);
  assert.equal(m.status, 401);
  assert.match(m.headers['www-authenticate'], /scope="repository:team\/app:pull"$/);
  assert.equal(m.json.errors[0].code, 'UNAUTHORIZED');
});

test('AcrPush pushes: chunked layer, monolithic config, OCI manifest', async () => {
  const token = await tokenFor(pusher, `repository:${REPO}:pull,push`, 'https://containerregistry.azure.net');
  const base = `https://${reg.loginServer}/v2/${REPO}`;
  let r = await raw(p, 'POST', `${base}/blobs/uploads/`, { token });
  assert.equal(r.status, 202);
  const loc = new URL(r.headers.location, `https://${reg.loginServer}`).toString();
  const half = Math.floor(image.layer.length / 2);
  r = await raw(p, 'PATCH', loc, { token, body: image.layer.subarray(0, half), headers: { 'content-type': 'application/octet-stream', 'content-range': `0-${half - 1}` } });
  assert.equal(r.status, 202);
  assert.equal(r.headers.range, `0-${half - 1}`);
  r = await raw(p, 'PUT', `${loc}?digest=${sha256(image.layer)}`, { token, body: image.layer.subarray(half), headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(r.status, 201, r.body.toString());
  assert.equal(r.headers['docker-content-digest'], sha256(image.layer));
  r = await raw(p, 'POST', `${base}/blobs/uploads/?digest=${sha256(image.config)}`, { token, body: image.config, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(r.status, 201);
  r = await raw(p, 'PUT', `${base}/manifests/v1`, { token, body: image.manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(r.status, 201, r.body.toString());
  assert.equal(r.headers['docker-content-digest'], image.manifestDigest);
});

test('AcrPull pulls the manifest and blobs; cannot push (403 DENIED naming AcrPush)', async () => {
  const token = await tokenFor(puller, `repository:${REPO}:pull,push`);
  const base = `https://${reg.loginServer}/v2/${REPO}`;
  let r = await raw(p, 'GET', `${base}/manifests/v1`, { token, headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, image.manifest);
  assert.equal(r.headers['docker-content-digest'], image.manifestDigest);
  r = await raw(p, 'GET', `${base}/blobs/${sha256(image.layer)}`, { token });
  assert.equal(sha256(r.body), sha256(image.layer));
  r = await raw(p, 'GET', `${base}/tags/list`, { token });
  assert.deepEqual(r.json, { name: REPO, tags: ['v1'] });
  r = await raw(p, 'POST', `${base}/blobs/uploads/`, { token });
  assert.equal(r.status, 403);
  assert.equal(r.json.errors[0].code, 'DENIED');
  assert.equal(r.json.errors[0].message, 'requested access to the resource is denied');
  assert.match(r.headers['x-ms-cerulean-explanation'], /AcrPush/);
});

test('a principal without ACR roles gets a token with no access and is denied', async () => {
  const token = await tokenFor(nobody, `repository:${REPO}:pull`);
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  assert.deepEqual(claims.access, []);
  const r = await raw(p, 'GET', `https://${reg.loginServer}/v2/${REPO}/manifests/v1`, { token });
  assert.equal(r.status, 403);
  assert.equal(r.json.errors[0].code, 'DENIED');
  assert.match(r.headers['x-ms-cerulean-explanation'], /AcrPull/);
});
