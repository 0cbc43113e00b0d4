import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerServingHooks, type DeploymentContainer, type ServingHooks } from '../serving-hooks.js';
import { V, WS, startMlHarness } from './ml-test-harness.js';
import { getDeployment, listDeployments, setDeploymentState } from './ml-records.js';
import { listAllRoleAssignments } from '../../arm/authorization/role-assignment-store.js';

const EP = `${WS}/onlineEndpoints/endpt-1`;
const DEP = `${EP}/deployments/blue`;

class FakeHooks implements ServingHooks {
  provisioned: string[] = [];
  stopped: string[] = [];
  logCalls: Array<[string, DeploymentContainer, number]> = [];
  provision(id: string): void {
    this.provisioned.push(id);
  }
  async stop(id: string): Promise<void> {
    this.stopped.push(id);
  }
  logs(id: string, container: DeploymentContainer, lines: number): string {
    this.logCalls.push([id, container, lines]);
    return `log of ${container}`;
  }
}

test('assets: versions create their container, track next versions, and are immutable', async () => {
  const h = await startMlHarness();
  try {
    const t = h.admin.token;
    await h.workspace();
    const uri = `azureml://subscriptions/s/resourcegroups/rg1/workspaces/ws1/datastores/workspaceblobstore/paths/LocalUpload/abc/model`;
    const m1 = await h.call('PUT', `${WS}/models/sklearn/versions/1?${V}`, { token: t, body: { properties: { modelUri: uri, modelType: 'custom_model' } } });
    assert.equal(m1.status, 201, m1.text);
    assert.equal(m1.json.type, 'Microsoft.MachineLearningServices/workspaces/models/versions');
    assert.deepEqual([m1.json.properties.modelUri, m1.json.properties.provisioningState, m1.json.properties.isAnonymous], [uri, 'Succeeded', false]);
    assert.equal((await h.call('PUT', `${WS}/models/sklearn/versions/2?${V}`, { token: t, body: { properties: { modelUri: uri } } })).status, 201);
    const container = (await h.call('GET', `${WS}/models/sklearn?${V}`, { token: t })).json;
    assert.deepEqual([container.properties.latestVersion, container.properties.nextVersion], ['2', '3']);
    const changed = await h.call('PUT', `${WS}/models/sklearn/versions/1?${V}`, { token: t, body: { properties: { modelUri: uri + 'x' } } });
    assert.deepEqual([changed.status, changed.json.error.code], [409, 'UserError']);
    const retag = await h.call('PUT', `${WS}/models/sklearn/versions/1?${V}`, { token: t, body: { properties: { modelUri: uri, tags: { a: 'b' } } } });
    assert.deepEqual([retag.status, retag.json.properties.tags], [200, { a: 'b' }]);
    assert.deepEqual((await h.call('GET', `${WS}/models/sklearn/versions?${V}`, { token: t })).json.value.map((v: any) => v.name).sort(), ['1', '2']);

    assert.equal((await h.call('PUT', `${WS}/codes/c1/versions/1?${V}`, { token: t, body: { properties: {} } })).status, 400);
    const env = await h.call('PUT', `${WS}/environments/e1/versions/1?${V}`, { token: t, body: { properties: { image: 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest', condaFile: 'dependencies: []' } } });
    assert.equal(env.status, 201, env.text);
    assert.deepEqual([env.json.properties.osType, env.json.properties.environmentType], ['Linux', 'UserCreated']);
    assert.equal((await h.call('DELETE', `${WS}/models/sklearn/versions/2?${V}`, { token: t })).status, 200);
    assert.equal((await h.call('GET', `${WS}/models/sklearn?${V}`, { token: t })).json.properties.nextVersion, '2');
    assert.equal((await h.call('GET', `${WS}/models/sklearn/versions/2?${V}`, { token: t })).json.error.code, 'ResourceNotFound');

    // Datastores: secrets stay out of GET; identity-based ones have none.
    const ds = await h.call('PUT', `${WS}/datastores/mystore?${V}`, {
      token: t,
      body: { properties: { datastoreType: 'AzureBlob', accountName: 'acct', containerName: 'box', credentials: { credentialsType: 'AccountKey', secrets: { secretsType: 'AccountKey', key: 'c2VjcmV0' } } } },
    });
    assert.equal(ds.status, 201, ds.text);
    assert.deepEqual(ds.json.properties.credentials, { credentialsType: 'AccountKey' });
    assert.equal(ds.json.properties.isDefault, false);
    assert.deepEqual((await h.call('POST', `${WS}/datastores/mystore/listSecrets?${V}`, { token: t })).json, { secretsType: 'AccountKey', key: 'c2VjcmV0' });
    const none = await h.call('PUT', `${WS}/datastores/idstore?${V}`, { token: t, body: { properties: { datastoreType: 'AzureBlob', accountName: 'acct', containerName: 'box', credentials: { credentialsType: 'None' } } } });
    assert.equal(none.status, 201);
    assert.equal((await h.call('POST', `${WS}/datastores/idstore/listSecrets?${V}`, { token: t })).status, 400);
    assert.equal((await h.call('DELETE', `${WS}/datastores/workspaceblobstore?${V}`, { token: t })).status, 400);
  } finally {
    await h.close();
  }
});

test('deployments: provisioning through the hooks, status follows the state, logs, traffic, cascade on endpoint delete', async () => {
  const h = await startMlHarness();
  const hooks = new FakeHooks();
  registerServingHooks(h.ctx, hooks);
  try {
    const t = h.admin.token;
    await h.workspace();
    assert.equal((await h.call('PUT', `${EP}?${V}`, { token: t, body: { properties: { authMode: 'Key' } } })).status, 201);
    const model = `${WS}/models/m1/versions/1`;
    const code = `${WS}/codes/c1/versions/1`;
    const env = `${WS}/environments/e1/versions/1`;
    await h.call('PUT', `${model}?${V}`, { token: t, body: { properties: { modelUri: 'azureml://x/paths/model' } } });
    await h.call('PUT', `${code}?${V}`, { token: t, body: { properties: { codeUri: 'https://acct.blob.core.windows.net/c/LocalUpload/h/onlinescoring' } } });
    await h.call('PUT', `${env}?${V}`, { token: t, body: { properties: { image: 'img:1' } } });
    const props = {
      endpointComputeType: 'Managed',
      model,
      codeConfiguration: { codeId: code, scoringScript: 'score.py' },
      environmentId: env,
      environmentVariables: { FILE_NAME: 'hello.txt' },
      instanceType: 'Standard_DS3_v2',
    };
    const badSku = await h.call('PUT', `${DEP}?${V}`, { token: t, body: { sku: { name: 'Default', capacity: 1 }, properties: { ...props, instanceType: 'Standard_XL' } } });
    assert.equal(badSku.status, 400);
    assert.match(badSku.json.error.message, /Instance type 'Standard_XL' is not supported.*Standard_DS1_v2, Standard_DS2_v2/);
    const missing = await h.call('PUT', `${DEP}?${V}`, { token: t, body: { properties: { ...props, model: `${WS}/models/none/versions/1` } } });
    assert.equal(missing.status, 400);

    const put = await h.call('PUT', `${DEP}?${V}`, { token: t, body: { sku: { name: 'Default', capacity: 2 }, properties: props } });
    assert.equal(put.status, 201, put.text);
    assert.deepEqual(hooks.provisioned, [DEP]);
    const p = put.json.properties;
    assert.equal(p.provisioningState, 'Creating');
    assert.deepEqual(put.json.sku, { name: 'Default', capacity: 2 });
    assert.deepEqual(p.requestSettings, { maxConcurrentRequestsPerInstance: 1, requestTimeout: 'PT5S', maxQueueWait: 'PT0.5S' });
    assert.deepEqual(p.livenessProbe, { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' });
    assert.deepEqual(p.environmentVariables, {
      FILE_NAME: 'hello.txt',
      AML_APP_ROOT: '/var/azureml-app/onlinescoring',
      AZUREML_ENTRY_SCRIPT: 'score.py',
      AZUREML_MODEL_DIR: '/var/azureml-app/azureml-models/m1/1',
    });
    const asyncUrl = put.headers.get('azure-asyncoperation')!;
    const pending = await h.call('GET', asyncUrl.replace(h.base, ''), { token: t });
    assert.equal(pending.json.status, 'InProgress');

    // The serving runtime fails it: the operation status says why.
    assert.equal(setDeploymentState(h.ctx, DEP, 'Failed', { code: 'ContainerStartFailed', message: 'init() raised' }), true);
    const failed = (await h.call('GET', asyncUrl.replace(h.base, ''), { token: t })).json;
    assert.deepEqual([failed.status, failed.error], ['Failed', { code: 'ContainerStartFailed', message: 'init() raised' }]);
    // A new PUT restarts provisioning; success clears the error.
    const again = await h.call('PUT', `${DEP}?${V}`, { token: t, body: { sku: { name: 'Default', capacity: 1 }, properties: props } });
    assert.deepEqual([again.status, again.json.properties.provisioningState], [200, 'Updating']);
    setDeploymentState(h.ctx, DEP.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'), 'Succeeded');
    assert.equal((await h.poll(again.headers.get('azure-asyncoperation')!)).json.status, 'Succeeded');
    assert.equal(getDeployment(h.ctx, DEP)?.properties.provisioningState, 'Succeeded');
    assert.deepEqual(listDeployments(h.ctx, EP).map((d) => d.name), ['blue']);
    assert.equal((await h.call('GET', `${EP}/deployments?api-version=2022-10-01`, { token: t })).json.value[0].properties.provisioningState, 'Succeeded');

    const logs = await h.call('POST', `${DEP}/getLogs?${V}`, { token: t, body: { containerType: 'StorageInitializer', tail: 20 } });
    assert.deepEqual(logs.json, { content: 'log of storage-initializer' });
    assert.deepEqual(hooks.logCalls, [[DEP, 'storage-initializer', 20]]);

    // Traffic to an existing deployment; such a deployment cannot be deleted.
    const traffic = await h.call('PATCH', `${EP}?${V}`, { token: t, body: { properties: { traffic: { BLUE: 100 } } } });
    assert.deepEqual(traffic.json.properties.traffic, { blue: 100 });
    assert.equal((await h.call('DELETE', `${DEP}?${V}`, { token: t })).status, 400);

    const del = await h.call('DELETE', `${EP}?${V}`, { token: t });
    assert.equal(del.status, 202);
    assert.equal((await h.poll(del.headers.get('location')!)).status, 200);
    assert.deepEqual(hooks.stopped, [DEP]);
    assert.equal(getDeployment(h.ctx, DEP), undefined);
    assert.equal(setDeploymentState(h.ctx, DEP, 'Succeeded'), false);
  } finally {
    await h.close();
  }
});

test('deleting the resource group stops deployments and removes endpoint identities and their grants', async () => {
  const h = await startMlHarness();
  const hooks = new FakeHooks();
  registerServingHooks(h.ctx, hooks);
  try {
    const t = h.admin.token;
    await h.workspace();
    const ep = (await h.call('PUT', `${EP}?${V}`, { token: t, body: { properties: { authMode: 'Key' } } })).json;
    const principalId = ep.identity.principalId;
    assert.ok(h.dir.getServicePrincipal(principalId));
    const props = { endpointComputeType: 'Managed', instanceType: 'Standard_F2s_v2' };
    assert.equal((await h.call('PUT', `${DEP}?${V}`, { token: t, body: { properties: props } })).status, 201);
    const del = await h.call('DELETE', `${groupOf(EP)}?api-version=2021-04-01`, { token: t });
    assert.equal(del.status, 202);
    assert.equal((await h.poll(del.headers.get('location')!)).status, 200);
    assert.deepEqual(hooks.stopped, [DEP]);
    assert.equal(h.dir.getServicePrincipal(principalId), undefined);
    assert.ok(!listAllRoleAssignments(h.ctx.store).some((a) => a.principalId === principalId));
    assert.equal(getDeployment(h.ctx, DEP), undefined);
  } finally {
    await h.close();
  }
});

function groupOf(id: string): string {
  return id.split('/').slice(0, 5).join('/');
}
