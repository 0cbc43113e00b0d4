import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startArmHarness, TEST_SUBSCRIPTION, type ArmHarness } from '../../arm/arm-test-harness.js';
import { managedIdentityProvider } from '../../managed-identity/managed-identity-provider.js';
import { createStorageProvider } from '../../storage/arm/storage-provider.js';
import { createContainerRegistryProvider } from '../../registry/arm/registry-provider.js';
import { createMachineLearningProvider } from '../arm/ml-provider.js';
import { createRoleAssignment, listAllRoleAssignments } from '../../arm/authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { SYSTEM_ASSIGNED_KIND } from '../../managed-identity/system-assigned.js';
import { createComputeProvider } from './compute-provider.js';

const V = 'api-version=2024-04-01';
const RG = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1`;
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
const UAI = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ci-uai`;
let h: ArmHarness;
let ws: any;

async function poll(url: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const r = await h.call('GET', url.replace(h.base, ''), { token: h.admin.token });
    if (r.status !== 202 && r.json?.status !== 'InProgress') return r;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`operation ${url} did not finish`);
}

function ci(identity?: unknown, extra: Record<string, unknown> = {}) {
  return { ...(identity ? { identity } : {}), properties: { computeType: 'ComputeInstance', properties: { vmSize: 'STANDARD_DS3_V2', ...extra } } };
}

before(async () => {
  h = await startArmHarness({
    providers: (ctx) => [managedIdentityProvider(ctx), createStorageProvider(ctx), createContainerRegistryProvider(ctx), createMachineLearningProvider(ctx), createComputeProvider(ctx)],
  });
  assert.equal((await h.call('PUT', `${RG}?api-version=2021-04-01`, { token: h.admin.token, body: { location: 'eastus' } })).status, 201);
  ws = (await h.call('PUT', `${WS}?${V}`, { token: h.admin.token, body: { location: 'eastus', properties: {} } })).json;
  assert.equal((await h.call('PUT', `${UAI}?api-version=2023-01-31`, { token: h.admin.token, body: { location: 'eastus' } })).status, 201);
});

after(async () => {
  await h?.close();
});

test('system-assigned: 201 + Azure-AsyncOperation, principal named /ws/computes/name, AcrPull on the workspace registry', async () => {
  const r = await h.call('PUT', `${WS}/computes/ci-sai?${V}`, { token: h.admin.token, body: ci({ type: 'SystemAssigned' }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.properties.provisioningState, 'Creating');
  assert.equal(r.json.properties.properties.state, 'Creating');
  const status = await poll(r.headers.get('azure-asyncoperation')!);
  assert.equal(status.json.status, 'Succeeded');
  const got = await h.call('GET', `${WS}/computes/ci-sai?${V}`, { token: h.admin.token });
  assert.equal(got.json.properties.computeType, 'ComputeInstance');
  assert.equal(got.json.properties.properties.state, 'Running');
  assert.equal(got.json.identity.type, 'SystemAssigned');
  const sp = h.dir.getServicePrincipal(got.json.identity.principalId)!;
  assert.equal(sp.displayName, '/ws1/computes/ci-sai');
  assert.equal(sp.servicePrincipalType, 'ManagedIdentity');
  const grants = listAllRoleAssignments(h.ctx.store).filter((a) => a.principalId === sp.id);
  assert.deepEqual(
    grants.map((a) => [a.scope.toLowerCase(), a.roleDefinitionName]),
    [[String(ws.properties.containerRegistry).toLowerCase(), BUILT_IN_ROLE_IDS.acrPull]],
  );
});

test('user-assigned needs assign/action on the identity (LinkedAuthorizationFailed), then fills principalId/clientId', async () => {
  const u = await h.user('ci-contrib');
  createRoleAssignment(h.ctx.store, { scope: WS, roleDefinitionGuid: BUILT_IN_ROLE_IDS.contributor, principalId: u.id, principalType: 'User' });
  const denied = await h.call('PUT', `${WS}/computes/ci-uai?${V}`, { token: u.token, body: ci({ type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } }) });
  assert.equal(denied.status, 403, denied.text);
  assert.equal(denied.json.error.code, 'LinkedAuthorizationFailed');
  assert.match(denied.json.error.message, /workspaces\/computes\/write/);
  assert.equal((await h.call('GET', `${WS}/computes/ci-uai?${V}`, { token: h.admin.token })).status, 404);
  const ok = await h.call('PUT', `${WS}/computes/ci-uai?${V}`, { token: h.admin.token, body: ci({ type: 'userassigned', userAssignedIdentities: { [UAI]: {} } }) });
  assert.equal(ok.status, 201, ok.text);
  const entry = ok.json.identity.userAssignedIdentities[UAI];
  assert.equal(ok.json.identity.type, 'UserAssigned');
  assert.ok(entry.principalId && entry.clientId);
  assert.equal(ok.json.identity.principalId, undefined);
});

test('system and user-assigned together, other compute types and custom applications are refused; nothing is created', async () => {
  const identitiesBefore = h.ctx.store.count(SYSTEM_ASSIGNED_KIND);
  const both = await h.call('PUT', `${WS}/computes/ci-both?${V}`, { token: h.admin.token, body: ci({ type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [UAI]: {} } }) });
  assert.equal(both.status, 400);
  assert.match(both.json.error.message, /not both/);
  const aml = await h.call('PUT', `${WS}/computes/cluster1?${V}`, { token: h.admin.token, body: { properties: { computeType: 'AmlCompute', properties: {} } } });
  assert.equal(aml.status, 400);
  assert.match(aml.json.error.message, /compute instances/);
  const apps = await h.call('PUT', `${WS}/computes/ci-apps?${V}`, {
    token: h.admin.token,
    body: ci({ type: 'SystemAssigned' }, { customServices: [{ name: 'rstudio', image: { type: 'docker', reference: 'ghcr.io/rocker-org/rstudio:latest' } }] }),
  });
  assert.equal(apps.status, 400);
  assert.match(apps.json.error.message, /no container engine/);
  for (const n of ['ci-both', 'cluster1', 'ci-apps']) assert.equal((await h.call('GET', `${WS}/computes/${n}?${V}`, { token: h.admin.token })).status, 404);
  assert.equal(h.ctx.store.count(SYSTEM_ASSIGNED_KIND), identitiesBefore);
});

test('stop / start / restart: 202 + Location, interim then final state, wrong-state actions 409', async () => {
  const base = `${WS}/computes/ci-sai`;
  const stop = await h.call('POST', `${base}/stop?${V}`, { token: h.admin.token });
  assert.equal(stop.status, 202, stop.text);
  assert.match(stop.headers.get('location')!, /mfeOperationResults/);
  assert.equal((await poll(stop.headers.get('location')!)).status, 200);
  assert.equal((await h.call('GET', `${base}?${V}`, { token: h.admin.token })).json.properties.properties.state, 'Stopped');
  const again = await h.call('POST', `${base}/stop?${V}`, { token: h.admin.token });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'UserError');
  const nodes = await h.call('POST', `${base}/listNodes?${V}`, { token: h.admin.token });
  assert.deepEqual(nodes.json.nodes, []);
  const start = await h.call('POST', `${base}/start?${V}`, { token: h.admin.token });
  assert.equal(start.status, 202);
  await poll(start.headers.get('location')!);
  const restart = await h.call('POST', `${base}/restart?${V}`, { token: h.admin.token });
  assert.equal(restart.status, 202);
  await poll(restart.headers.get('location')!);
  const got = await h.call('GET', `${base}?${V}`, { token: h.admin.token });
  assert.equal(got.json.properties.properties.state, 'Running');
  assert.equal(got.json.properties.properties.lastOperation.operationName, 'Restart');
});

test('list, and delete removes the compute with its system-assigned identity', async () => {
  const list = await h.call('GET', `${WS}/computes?${V}`, { token: h.admin.token });
  assert.deepEqual(list.json.value.map((c: any) => c.name).sort(), ['ci-sai', 'ci-uai']);
  const principalId = (await h.call('GET', `${WS}/computes/ci-sai?${V}`, { token: h.admin.token })).json.identity.principalId;
  const del = await h.call('DELETE', `${WS}/computes/ci-sai?${V}&underlyingResourceAction=Delete`, { token: h.admin.token });
  assert.equal(del.status, 202);
  await poll(del.headers.get('location')!);
  assert.equal((await h.call('GET', `${WS}/computes/ci-sai?${V}`, { token: h.admin.token })).status, 404);
  assert.equal(h.dir.getServicePrincipal(principalId), undefined);
  assert.equal(listAllRoleAssignments(h.ctx.store).some((a) => a.principalId === principalId), false);
  assert.equal((await h.call('DELETE', `${WS}/computes/ci-sai?${V}`, { token: h.admin.token })).status, 204);
});
