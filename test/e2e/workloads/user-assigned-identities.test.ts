/**
 * Microsoft.ManagedIdentity/userAssignedIdentities through ARM: create/get/list/PATCH tags/delete, the backing
 * service principal in Graph, and deletion taking the principal and its role assignments with it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { adminToken, assignRole, call, ROLES } from '../../support/azure-http.js';
import { createGroup } from './fixtures/workloads-setup.js';

let p: PlatformProcess;
let arm: string;
let base: string;

before(async () => {
  p = await startPlatformProcess();
  await createGroup(p, 'ids');
  arm = await adminToken(p);
  base = `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('create, get, list, patch tags and delete a user-assigned identity', async () => {
  const created = await call(p, 'PUT', `${base}/app-id?api-version=2023-01-31`, { token: arm, body: { location: 'eastus', tags: { team: 'ml' } } });
  assert.equal(created.status, 201, created.text);
  const uai = created.json;
  assert.equal(uai.id, `/subscriptions/${p.runtime.subscriptionId}/resourcegroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-id`);
  assert.equal(uai.name, 'app-id');
  assert.equal(uai.type, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  assert.equal(uai.location, 'eastus');
  assert.deepEqual(uai.tags, { team: 'ml' });
  assert.equal(uai.properties.tenantId, p.runtime.tenantId);
  assert.match(uai.properties.principalId, /^[0-9a-f-]{36}$/);
  assert.match(uai.properties.clientId, /^[0-9a-f-]{36}$/);

  const again = await call(p, 'PUT', `${base}/app-id?api-version=2018-11-30`, { token: arm, body: { location: 'eastus' } });
  assert.equal(again.status, 200);
  assert.equal(again.json.properties.principalId, uai.properties.principalId);

  const got = await call(p, 'GET', `${base}/APP-ID?api-version=2024-11-30`, { token: arm });
  assert.equal(got.status, 200);
  assert.equal(got.json.properties.clientId, uai.properties.clientId);

  const patched = await call(p, 'PATCH', `${base}/app-id?api-version=2023-01-31`, { token: arm, body: { tags: { stage: 'dev' } } });
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.json.tags, { stage: 'dev' });

  const byGroup = await call(p, 'GET', `${base}?api-version=2023-01-31`, { token: arm });
  assert.deepEqual(byGroup.json.value.map((v: any) => v.name), ['app-id']);
  const bySub = await call(p, 'GET', `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2022-01-31-preview`, { token: arm });
  assert.ok(bySub.json.value.some((v: any) => v.name === 'app-id'));

  const graph = await adminToken(p, 'https://graph.microsoft.com');
  const sp = await call(p, 'GET', `https://graph.microsoft.com/v1.0/servicePrincipals/${uai.properties.principalId}`, { token: graph });
  assert.equal(sp.status, 200, sp.text);
  assert.equal(sp.json.displayName, 'app-id');
  assert.equal(sp.json.appId, uai.properties.clientId);
  assert.equal(sp.json.servicePrincipalType, 'ManagedIdentity');

  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/ids`, ROLES.Reader, uai.properties.principalId);
  const deleted = await call(p, 'DELETE', `${base}/app-id?api-version=2023-01-31`, { token: arm });
  assert.equal(deleted.status, 200);
  assert.equal((await call(p, 'DELETE', `${base}/app-id?api-version=2023-01-31`, { token: arm })).status, 204);
  const gone = await call(p, 'GET', `${base}/app-id?api-version=2023-01-31`, { token: arm });
  assert.equal(gone.status, 404);
  assert.equal(gone.json.error.code, 'ResourceNotFound');
  assert.equal((await call(p, 'GET', `https://graph.microsoft.com/v1.0/servicePrincipals/${uai.properties.principalId}`, { token: graph })).status, 404);
  const assignments = await call(p, 'GET', `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`, { token: arm });
  assert.equal(assignments.status, 200, assignments.text);
  assert.ok(!assignments.json.value.some((a: any) => a.properties.principalId === uai.properties.principalId));
});

test('bad requests get ARM errors', async () => {
  const noLocation = await call(p, 'PUT', `${base}/no-loc?api-version=2023-01-31`, { token: arm, body: {} });
  assert.equal(noLocation.status, 400);
  assert.equal(noLocation.json.error.code, 'LocationRequired');
  const badVersion = await call(p, 'GET', `${base}/x?api-version=2019-01-01`, { token: arm });
  assert.equal(badVersion.status, 400);
  assert.equal(badVersion.json.error.code, 'NoRegisteredProviderFound');
  const noGroup = await call(p, 'PUT', `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}/resourceGroups/nope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x?api-version=2023-01-31`, {
    token: arm,
    body: { location: 'eastus' },
  });
  assert.equal(noGroup.status, 404);
  assert.equal(noGroup.json.error.code, 'ResourceGroupNotFound');
});

test('deleting the resource group removes its identities\' principals', async () => {
  await createGroup(p, 'doomed');
  const uai = await call(p, 'PUT', `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}/resourceGroups/doomed/providers/Microsoft.ManagedIdentity/userAssignedIdentities/short-lived?api-version=2023-01-31`, {
    token: arm,
    body: { location: 'eastus' },
  });
  assert.equal(uai.status, 201);
  const del = await call(p, 'DELETE', `https://management.azure.com/subscriptions/${p.runtime.subscriptionId}/resourcegroups/doomed?api-version=2021-04-01`, { token: arm });
  assert.ok([200, 202].includes(del.status), del.text);
  const graph = await adminToken(p, 'https://graph.microsoft.com');
  const deadline = Date.now() + 10_000;
  let status = 200;
  while (Date.now() < deadline && status !== 404) {
    status = (await call(p, 'GET', `https://graph.microsoft.com/v1.0/servicePrincipals/${uai.json.properties.principalId}`, { token: graph })).status;
    if (status !== 404) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 404);
});
