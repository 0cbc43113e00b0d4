/**
 * The official Node SDKs against a running Cerulean, on the real host names through the proxy, trusting the CA only
 * through NODE_EXTRA_CA_CERTS.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { createServicePrincipal, assignRole, ROLES, type TestServicePrincipal } from '../../support/azure-http.js';
import { runNodeScript } from '../../support/run-node.js';

const fixtures = join(new URL('.', import.meta.url).pathname, 'fixtures');
let p: PlatformProcess;
let sp: TestServicePrincipal;
let sdkEnv: Record<string, string>;

before(async () => {
  p = await startPlatformProcess();
  sp = await createServicePrincipal(p, 'sdk-test');
  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}`, ROLES.Owner, sp.objectId);
  sdkEnv = { HTTPS_PROXY: p.runtime.proxyUrl, NODE_EXTRA_CA_CERTS: p.runtime.caCert, NO_PROXY: 'localhost,127.0.0.1' };
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('@azure/identity ClientSecretCredential gets a verified ARM token from login.microsoftonline.com', async () => {
  const r = await runNodeScript(join(fixtures, 'client-secret-token.ts'), sdkEnv, [
    p.runtime.tenantId,
    sp.appId,
    sp.secret,
    'https://management.azure.com/.default',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.claims.aud, 'https://management.azure.com');
  assert.equal(out.claims.appid, sp.appId);
  assert.equal(out.claims.oid, sp.objectId);
  assert.equal(out.claims.tid, p.runtime.tenantId);
  assert.equal(out.claims.iss, `https://sts.windows.net/${p.runtime.tenantId}/`);
  assert.ok(out.expiresOnTimestamp > Date.now());
});

test('@azure/arm-resources creates, lists and deletes a resource group on management.azure.com', async () => {
  const r = await runNodeScript(join(fixtures, 'arm-resource-groups.ts'), sdkEnv, [
    p.runtime.tenantId,
    sp.appId,
    sp.secret,
    p.runtime.subscriptionId,
    'sdk-rg',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.created.name, 'sdk-rg');
  assert.equal(out.created.location, 'eastus');
  assert.equal(out.created.properties.provisioningState, 'Succeeded');
  assert.deepEqual(out.created.tags, { env: 'test' });
  assert.ok(out.names.includes('sdk-rg'));
  assert.equal(out.exists, true);
  assert.ok(!out.after.includes('sdk-rg'));
});

test('@azure/arm-authorization creates, reads, lists and deletes a role assignment', async () => {
  const other = await createServicePrincipal(p, 'sdk-assignee');
  const scope = `/subscriptions/${p.runtime.subscriptionId}`;
  const r = await runNodeScript(join(fixtures, 'arm-role-assignment.ts'), sdkEnv, [
    p.runtime.tenantId,
    sp.appId,
    sp.secret,
    p.runtime.subscriptionId,
    scope,
    ROLES.Reader,
    other.objectId,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.created.principalId, other.objectId);
  assert.equal(out.created.scope, scope);
  assert.equal(out.got.roleDefinitionId, `/subscriptions/${p.runtime.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Reader}`);
  assert.ok(out.listed.includes(out.created.name));
  assert.deepEqual(out.defs, ['Reader']);
});
