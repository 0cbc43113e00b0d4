/**
 * Refusals as Azure words them: RBAC denials, bad tokens, bad input — and the process keeps serving.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { adminToken, assignRole, call, createServicePrincipal, ROLES } from '../../support/azure-http.js';

let p: PlatformProcess;
let arm: string;

before(async () => {
  p = await startPlatformProcess();
  arm = `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}`;
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

async function spToken(appId: string, secret: string, scope = 'https://management.azure.com/.default'): Promise<string> {
  const r = await call(p, 'POST', `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: appId, client_secret: secret, scope },
  });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

test('a service principal with Reader gets AuthorizationFailed on group create, with an explanation', async () => {
  const sp = await createServicePrincipal(p, 'reader-sp');
  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}`, ROLES.Reader, sp.objectId);
  const token = await spToken(sp.appId, sp.secret);
  const list = await call(p, 'GET', `${arm}/resourcegroups?api-version=2021-04-01`, { token });
  assert.equal(list.status, 200, list.text);
  const r = await call(p, 'PUT', `${arm}/resourcegroups/denied-rg?api-version=2021-04-01`, { token, body: { location: 'eastus' } });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json.error.code, 'AuthorizationFailed');
  assert.equal(
    r.json.error.message,
    `The client '${sp.appId}' with object id '${sp.objectId}' does not have authorization to perform action ` +
      `'Microsoft.Resources/subscriptions/resourcegroups/write' over scope '/subscriptions/${p.runtime.subscriptionId}/resourcegroups/denied-rg' ` +
      `or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
  const info = JSON.stringify(r.json.error.additionalInfo ?? r.json.error.details ?? '');
  assert.match(info, /Reader/);
  const get = await call(p, 'GET', `${arm}/resourcegroups/denied-rg?api-version=2021-04-01`, { token });
  assert.equal(get.status, 404);
});

test('tokens with alg none, another signing key, or another audience get 401 with Azure bodies', async () => {
  const good = await adminToken(p);
  const [h, payload] = good.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());

  const none = `${Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'none' })).toString('base64url')}.${payload}.`;
  let r = await call(p, 'GET', `${arm}/resourcegroups?api-version=2021-04-01`, { token: none });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'InvalidAuthenticationToken');
  assert.match(String(r.headers['www-authenticate']), /Bearer authorization_uri=/);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingInput = `${h}.${payload}`;
  const forged = `${signingInput}.${rsaSign('RSA-SHA256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
  assert.equal(header.alg, 'RS256');
  r = await call(p, 'GET', `${arm}/resourcegroups?api-version=2021-04-01`, { token: forged });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'InvalidAuthenticationToken');

  const graphToken = await adminToken(p, 'https://graph.microsoft.com');
  r = await call(p, 'GET', `${arm}/resourcegroups?api-version=2021-04-01`, { token: graphToken });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'InvalidAuthenticationTokenAudience');
  assert.match(r.json.error.message, /wrong audience or resource 'https:\/\/graph\.microsoft\.com'/);

  r = await call(p, 'GET', `${arm}/resourcegroups?api-version=2021-04-01`);
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'AuthenticationFailed');

  // An expired token signed with the platform's own active key (read from the data home, as an attacker with a
  // stolen old token would hold one): refused as expired.
  const keysDir = join(p.home, 'keys');
  const index = JSON.parse(readFileSync(join(keysDir, 'signing-keys.json'), 'utf8'));
  const key = readFileSync(join(keysDir, `${index.active}.key.pem`), 'utf8');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  const expiredPayload = Buffer.from(JSON.stringify({ ...claims, iat: now - 7200, nbf: now - 7200, exp: now - 3600 })).toString('base64url');
  const expiredInput = `${h}.${expiredPayload}`;
  const expired = `${expiredInput}.${rsaSign('RSA-SHA256', Buffer.from(expiredInput), key).toString('base64url')}`;
  r = await call(p, 'GET', `${arm}/resourcegroups?api-version=2021-04-01`, { token: expired });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'ExpiredAuthenticationToken');
  assert.match(r.json.error.message, /^The access token expiry UTC time '.+' is earlier than current UTC time '.+'\.$/);
});

test('bad input gets ARM error codes and the platform keeps serving', async () => {
  const token = await adminToken(p);
  let r = await call(p, 'PUT', `${arm}/resourcegroups/rg-bad?api-version=2021-04-01`, { token, body: '{"location": "eastus",' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'InvalidRequestContent');

  r = await call(p, 'GET', `${arm}/resourcegroups?api-version=1999-01-01`, { token });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'InvalidApiVersionParameter');
  assert.match(r.json.error.message, /The api-version '1999-01-01' is invalid\. The supported versions are '.*2021-04-01/);

  r = await call(p, 'GET', `${arm}/resourcegroups`, { token });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'MissingApiVersionParameter');

  r = await call(p, 'PUT', `${arm}/resourcegroups/${encodeURIComponent('bad<name>')}?api-version=2021-04-01`, { token, body: { location: 'eastus' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'InvalidResourceGroup');

  r = await call(p, 'PUT', `${arm}/resourcegroups/too-big?api-version=2021-04-01`, {
    token,
    body: JSON.stringify({ location: 'eastus', tags: { x: 'y'.repeat(5 * 1024 * 1024) } }),
  });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'RequestEntityTooLarge');

  r = await call(p, 'GET', `${arm}/resourcegroups/nope?api-version=2021-04-01`, { token });
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'ResourceGroupNotFound');
  assert.equal(r.json.error.message, "Resource group 'nope' could not be found.");

  r = await call(p, 'GET', `${arm}/resourcegroups?api-version=2021-04-01`, { token });
  assert.equal(r.status, 200);
});
