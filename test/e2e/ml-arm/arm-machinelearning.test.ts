/**
 * The official @azure/arm-machinelearning 2.1.1 (api-version 2022-10-01) against a running Cerulean, on
 * management.azure.com through the proxy, trusting the CA only through NODE_EXTRA_CA_CERTS.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { adminToken, assignRole, call, createServicePrincipal, ROLES, type TestServicePrincipal } from '../../support/azure-http.js';
import { runNodeScript } from '../../support/run-node.js';

const fixture = join(new URL('.', import.meta.url).pathname, 'fixtures', 'ml-sdk.ts');
let p: PlatformProcess;
let sp: TestServicePrincipal;
let sdkEnv: Record<string, string>;

before(async () => {
  p = await startPlatformProcess();
  sp = await createServicePrincipal(p, 'ml-sdk-test');
  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}`, ROLES.Owner, sp.objectId);
  sdkEnv = { HTTPS_PROXY: p.runtime.proxyUrl, NODE_EXTRA_CA_CERTS: p.runtime.caCert, NO_PROXY: 'localhost,127.0.0.1' };
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function lastJson(stdout: string): any {
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

test('@azure/arm-machinelearning: workspace, online endpoint, keys, deployment read, endpoint delete', async () => {
  const sub = p.runtime.subscriptionId;
  const token = await adminToken(p);
  const rg = `/subscriptions/${sub}/resourceGroups/ml-rg`;
  assert.equal((await call(p, 'PUT', `https://management.azure.com${rg}?api-version=2021-04-01`, { token, body: { location: 'eastus' } })).status, 201);
  const args = [p.runtime.tenantId, sp.appId, sp.secret, sub, 'ml-rg', 'mlws', 'endpt-e2e'];

  const first = await runNodeScript(fixture, sdkEnv, ['endpoint', ...args]);
  assert.equal(first.code, 0, first.stderr);
  const out = lastJson(first.stdout);
  const ws = `${rg}/providers/Microsoft.MachineLearningServices/workspaces/mlws`;
  assert.equal(out.created.id, ws);
  assert.equal(out.created.provisioningState, 'Succeeded');
  assert.equal(out.got.friendlyName, 'SDK workspace');
  assert.match(out.got.workspaceId, /^[0-9a-f-]{36}$/);
  assert.match(out.got.storageAccount, /\/providers\/Microsoft\.Storage\/storageAccounts\/mlwsstorage[0-9a-f]+$/);
  assert.match(out.got.containerRegistry, /\/providers\/Microsoft\.ContainerRegistry\/registries\/[0-9a-f]{32}$/);
  assert.equal(out.got.identity.type, 'SystemAssigned');
  assert.deepEqual(out.inGroup, ['mlws']);
  assert.ok(out.inSubscription.includes('mlws'));
  assert.equal(out.ep.properties.provisioningState, 'Succeeded');
  assert.equal(out.epGot.properties.scoringUri, 'https://endpt-e2e.eastus.inference.ml.azure.com/score');
  assert.equal(out.epGot.properties.authMode, 'Key');
  assert.equal(out.epGot.identity.type, 'SystemAssigned');
  assert.match(out.epGot.identity.principalId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(out.endpoints, ['endpt-e2e']);
  assert.ok(out.keys.primaryKey && out.keys.secondaryKey);
  assert.equal(out.keysAfter.primaryKey, out.keys.primaryKey);
  assert.notEqual(out.keysAfter.secondaryKey, out.keys.secondaryKey);

  // A deployment over plain REST (2024-04-01), read back through the SDK.
  const v = 'api-version=2024-04-01';
  const arm = (path: string) => `https://management.azure.com${ws}${path}?${v}`;
  assert.equal((await call(p, 'PUT', arm('/models/m1/versions/1'), { token, body: { properties: { modelUri: 'azureml://datastores/workspaceblobstore/paths/m1' } } })).status, 201);
  assert.equal((await call(p, 'PUT', arm('/environments/e1/versions/1'), { token, body: { properties: { image: 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest' } } })).status, 201);
  const dep = await call(p, 'PUT', arm('/onlineEndpoints/endpt-e2e/deployments/blue'), {
    token,
    body: {
      location: 'eastus',
      sku: { name: 'Default', capacity: 1 },
      properties: { endpointComputeType: 'Managed', model: `${ws}/models/m1/versions/1`, environmentId: `${ws}/environments/e1/versions/1`, instanceType: 'Standard_DS3_v2' },
    },
  });
  assert.equal(dep.status, 201, dep.text);
  assert.match(String(dep.headers['azure-asyncoperation']), /^https:\/\/management\.azure\.com\/subscriptions\/.*\/mfeOperationsStatus\//);

  const second = await runNodeScript(fixture, sdkEnv, ['deployment', ...args]);
  assert.equal(second.code, 0, second.stderr);
  const out2 = lastJson(second.stdout);
  assert.equal(out2.dep.name, 'blue');
  assert.equal(out2.dep.properties.endpointComputeType, 'Managed');
  assert.equal(out2.dep.properties.instanceType, 'Standard_DS3_v2');
  assert.equal(out2.dep.sku.capacity, 1);
  assert.ok(['Creating', 'Succeeded', 'Failed'].includes(out2.dep.properties.provisioningState));
  assert.deepEqual(out2.deployments, ['blue']);
  assert.equal(out2.afterDelete, 404);
});
