import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_SUBSCRIPTION } from '../../arm/arm-test-harness.js';
import { listAllRoleAssignments } from '../../arm/authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { isGuid } from '../../shared/ids.js';
import { getAccount } from '../../storage/accounts/account-records.js';
import { BlobRecords } from '../../storage/blob/blob-records.js';
import { getRegistry } from '../../registry/arm/registry-records.js';
import { RG, V, WS, startMlHarness } from './ml-test-harness.js';

test('a workspace brings storage, a registry, default datastores, an identity and its roles; delete keeps storage and registry', async () => {
  const h = await startMlHarness();
  try {
    const t = h.admin.token;
    const ws = await h.workspace();
    assert.equal(ws.id, WS);
    assert.equal(ws.type, 'Microsoft.MachineLearningServices/workspaces');
    assert.equal(ws.kind, 'Default');
    assert.deepEqual(ws.sku, { name: 'Basic', tier: 'Basic' });
    assert.equal(ws.identity.type, 'SystemAssigned');
    const p = ws.properties;
    assert.ok(isGuid(p.workspaceId));
    assert.equal(p.provisioningState, 'Succeeded');
    assert.equal(p.discoveryUrl, 'https://eastus.api.azureml.ms/discovery');
    assert.equal(p.mlFlowTrackingUri, `azureml://eastus.api.azureml.ms/mlflow/v1.0${WS}`);
    assert.equal(ws.systemData.createdByType, 'User');

    const accountName = p.storageAccount.split('/').pop();
    assert.match(accountName, /^ws1storage[0-9a-f]{14}$/);
    const account = getAccount(h.ctx.store, accountName)!;
    assert.equal(account.id, p.storageAccount);
    const acct = await h.call('GET', `${p.storageAccount}?api-version=2022-09-01`, { token: t });
    assert.equal(acct.status, 200, acct.text);
    const acr = await h.call('GET', `${p.containerRegistry}?api-version=2022-02-01-preview`, { token: t });
    assert.equal(acr.status, 200, acr.text);
    assert.equal(acr.json.properties.loginServer, `${acr.json.name}.azurecr.io`);
    const found = await h.call('GET', `/subscriptions/${TEST_SUBSCRIPTION}/resources?api-version=2021-04-01&$filter=${encodeURIComponent("resourceType eq 'Microsoft.ContainerRegistry/registries'")}`, { token: t });
    assert.deepEqual(found.json.value.map((r: any) => r.id), [p.containerRegistry]);

    const ds = await h.call('GET', `${WS}/datastores/workspaceblobstore?${V}`, { token: t });
    assert.equal(ds.status, 200, ds.text);
    assert.deepEqual(
      { ...ds.json.properties, tags: undefined, properties: undefined, description: undefined },
      {
        isDefault: true,
        credentials: { credentialsType: 'AccountKey' },
        datastoreType: 'AzureBlob',
        accountName,
        containerName: `azureml-blobstore-${p.workspaceId}`,
        endpoint: 'core.windows.net',
        protocol: 'https',
        serviceDataAccessAuthIdentity: 'None',
        subscriptionId: TEST_SUBSCRIPTION,
        resourceGroup: 'rg1',
        tags: undefined,
        properties: undefined,
        description: undefined,
      },
    );
    assert.ok(new BlobRecords(h.ctx.store).getContainer(accountName, `azureml-blobstore-${p.workspaceId}`));
    assert.ok(new BlobRecords(h.ctx.store).getContainer(accountName, 'azureml'));
    const secrets = await h.call('POST', `${WS}/datastores/workspaceblobstore/listSecrets?${V}`, { token: t });
    assert.deepEqual(secrets.json, { secretsType: 'AccountKey', key: account.keys[0].value });
    const stores = await h.call('GET', `${WS}/datastores?${V}`, { token: t });
    assert.deepEqual(stores.json.value.map((d: any) => d.name).sort(), ['workspaceartifactstore', 'workspaceblobstore']);

    const principalId = ws.identity.principalId;
    assert.equal(h.dir.getServicePrincipal(principalId)?.displayName, 'ws1');
    const mine = () => listAllRoleAssignments(h.ctx.store).filter((a) => a.principalId === principalId).map((a) => `${a.roleDefinitionName}@${a.scope}`).sort();
    assert.deepEqual(mine(), [
      `${BUILT_IN_ROLE_IDS.contributor}@${p.containerRegistry}`,
      `${BUILT_IN_ROLE_IDS.contributor}@${p.storageAccount}`,
      `${BUILT_IN_ROLE_IDS.storageBlobDataContributor}@${p.storageAccount}`,
    ].sort());

    assert.deepEqual((await h.call('GET', `${RG}/providers/Microsoft.MachineLearningServices/workspaces?${V}`, { token: t })).json.value.map((w: any) => w.name), ['ws1']);
    assert.deepEqual((await h.call('GET', `/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.MachineLearningServices/workspaces?api-version=2022-10-01`, { token: t })).json.value.map((w: any) => w.name), ['ws1']);
    const patched = await h.call('PATCH', `${WS}?${V}`, { token: t, body: { tags: { team: 'a' }, properties: { description: 'd' } } });
    assert.deepEqual([patched.json.tags, patched.json.properties.description, patched.json.properties.workspaceId], [{ team: 'a' }, 'd', p.workspaceId]);
    const again = await h.call('PUT', `${WS}?${V}`, { token: t, body: { location: 'eastus', properties: { storageAccount: `${RG}/providers/Microsoft.Storage/storageAccounts/other` } } });
    assert.equal(again.status, 400);
    assert.equal(again.json.error.code, 'UserError');
    const keys = await h.call('POST', `${WS}/listKeys?${V}`, { token: t });
    assert.deepEqual(keys.json, { userStorageResourceId: p.storageAccount, userStorageKey: account.keys[0].value });

    const reader = await h.user('reader');
    const denied = await h.call('POST', `${WS}/datastores/workspaceblobstore/listSecrets?${V}`, { token: reader.token });
    assert.equal(denied.status, 403);
    assert.match(denied.json.error.message, /datastores\/listsecrets\/action' over scope '.*\/datastores\/workspaceblobstore'/);

    const del = await h.call('DELETE', `${WS}?${V}`, { token: t });
    assert.equal(del.status, 202);
    const location = del.headers.get('location')!;
    assert.match(location, /\/providers\/Microsoft\.MachineLearningServices\/locations\/eastus\/mfeOperationResults\/[0-9a-f-]{36}\?api-version=2024-04-01$/);
    assert.equal((await h.poll(location)).status, 200);
    const gone = await h.call('GET', `${WS}?${V}`, { token: t });
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.json.error, {
      code: 'ResourceNotFound',
      message: "The Resource 'Microsoft.MachineLearningServices/workspaces/ws1' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    });
    assert.equal((await h.call('GET', `${WS}/datastores/workspaceblobstore?${V}`, { token: t })).json.error.code, 'ParentResourceNotFound');
    assert.equal(h.dir.getServicePrincipal(principalId), undefined);
    assert.deepEqual(mine(), []);
    assert.ok(getAccount(h.ctx.store, accountName));
    assert.ok(getRegistry(h.ctx.store, p.containerRegistry));
    assert.equal((await h.call('DELETE', `${WS}?${V}`, { token: t })).status, 204);
  } finally {
    await h.close();
  }
});

test('a workspace can take existing storage and registry by ARM id, and rejects unknown ones', async () => {
  const h = await startMlHarness();
  try {
    const t = h.admin.token;
    const sa = `${RG}/providers/Microsoft.Storage/storageAccounts/mystore1`;
    assert.equal((await h.call('PUT', `${sa}?api-version=2022-09-01`, { token: t, body: { location: 'eastus', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' } })).status, 200);
    const acr = `${RG}/providers/Microsoft.ContainerRegistry/registries/myregistry1`;
    assert.equal((await h.call('PUT', `${acr}?api-version=2023-07-01`, { token: t, body: { location: 'eastus', sku: { name: 'Standard' } } })).status, 201);
    const r = await h.call('PUT', `${WS}?api-version=2022-10-01`, { token: t, body: { location: 'eastus', properties: { storageAccount: sa, containerRegistry: acr } } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.properties.storageAccount, sa);
    assert.equal(r.json.properties.containerRegistry, acr);
    const bad = await h.call('PUT', `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws2?${V}`, {
      token: t,
      body: { location: 'eastus', properties: { storageAccount: `${RG}/providers/Microsoft.Storage/storageAccounts/nothere` } },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'UserError');
  } finally {
    await h.close();
  }
});
