import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startArmHarness, TEST_SUBSCRIPTION } from '../../arm/arm-test-harness.js';
import { createStorageProvider } from './storage-provider.js';
import { getAccount } from '../accounts/account-records.js';
import { BlobRecords } from '../blob/blob-records.js';

const V = 'api-version=2022-09-01';
const RG = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1`;
const ACCT = `${RG}/providers/Microsoft.Storage/storageAccounts/acct1`;

test('storage accounts: create, name rules, uniqueness, keys, containers, delete', async () => {
  const h = await startArmHarness({ providers: (ctx) => [createStorageProvider(ctx)] });
  try {
    const t = h.admin.token;
    assert.equal((await h.call('PUT', `${RG}?api-version=2021-04-01`, { token: t, body: { location: 'eastus' } })).status, 201);
    const bad = await h.call('PUT', `${RG}/providers/Microsoft.Storage/storageAccounts/Bad-Name?${V}`, { token: t, body: { location: 'eastus' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error, {
      code: 'AccountNameInvalid',
      message: 'Bad-Name is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.',
    });
    const body = { location: 'East US', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', properties: { allowSharedKeyAccess: false } };
    const put = await h.call('PUT', `${ACCT}?${V}`, { token: t, body });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.id, ACCT);
    assert.equal(put.json.type, 'Microsoft.Storage/storageAccounts');
    assert.equal(put.json.location, 'eastus');
    assert.deepEqual(put.json.sku, { name: 'Standard_LRS', tier: 'Standard' });
    assert.equal(put.json.properties.provisioningState, 'Succeeded');
    assert.equal(put.json.properties.primaryEndpoints.blob, 'https://acct1.blob.core.windows.net/');
    assert.equal(put.json.properties.allowSharedKeyAccess, false);

    assert.equal((await h.call('PUT', `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg2?api-version=2021-04-01`, { token: t, body: { location: 'eastus' } })).status, 201);
    const taken = await h.call('PUT', `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg2/providers/Microsoft.Storage/storageAccounts/acct1?${V}`, { token: t, body });
    assert.equal(taken.status, 409);
    assert.equal(taken.json.error.code, 'StorageAccountAlreadyTaken');
    const check = await h.call('POST', `/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.Storage/checkNameAvailability?${V}`, { token: t, body: { name: 'acct1', type: 'Microsoft.Storage/storageAccounts' } });
    assert.deepEqual(check.json, { nameAvailable: false, reason: 'AlreadyExists', message: 'The storage account named acct1 is already taken.' });

    const keys = await h.call('POST', `${ACCT}/listKeys?${V}`, { token: t });
    assert.equal(keys.status, 200);
    assert.deepEqual(keys.json.keys.map((k: any) => [k.keyName, k.permissions, Buffer.from(k.value, 'base64').length]), [
      ['key1', 'FULL', 64],
      ['key2', 'FULL', 64],
    ]);
    const regen = await h.call('POST', `${ACCT}/regenerateKey?${V}`, { token: t, body: { keyName: 'key2' } });
    assert.equal(regen.json.keys[0].value, keys.json.keys[0].value);
    assert.notEqual(regen.json.keys[1].value, keys.json.keys[1].value);

    const patched = await h.call('PATCH', `${ACCT}?${V}`, { token: t, body: { tags: { a: 'b' }, properties: { allowSharedKeyAccess: true } } });
    assert.deepEqual(patched.json.tags, { a: 'b' });
    assert.equal(getAccount(h.ctx.store, 'acct1')?.properties.allowSharedKeyAccess, true);
    const listed = await h.call('GET', `${RG}/providers/Microsoft.Storage/storageAccounts?${V}`, { token: t });
    assert.deepEqual(listed.json.value.map((a: any) => a.name), ['acct1']);

    const c = await h.call('PUT', `${ACCT}/blobServices/default/containers/box?${V}`, { token: t, body: { properties: { metadata: { k: 'v' } } } });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.type, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    assert.equal(new BlobRecords(h.ctx.store).getContainer('acct1', 'box')?.metadata.k, 'v');
    assert.equal((await h.call('PUT', `${ACCT}/blobServices/default/containers/Box_1?${V}`, { token: t, body: {} })).json.error.code, 'ContainerOperationFailure');
    assert.equal((await h.call('GET', `${ACCT}/blobServices/default/containers?${V}`, { token: t })).json.value.length, 1);
    assert.equal((await h.call('GET', `${ACCT}/blobServices/default?${V}`, { token: t })).json.name, 'default');
    const orphan = await h.call('GET', `${RG}/providers/Microsoft.Storage/storageAccounts/nope/blobServices/default/containers/box?${V}`, { token: t });
    assert.equal(orphan.json.error.code, 'ParentResourceNotFound');

    const reader = await h.user('reader');
    const denied = await h.call('POST', `${ACCT}/listKeys?${V}`, { token: reader.token });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.code, 'AuthorizationFailed');

    assert.equal((await h.call('DELETE', `${ACCT}?${V}`, { token: t })).status, 200);
    assert.equal(getAccount(h.ctx.store, 'acct1'), undefined);
    assert.equal(new BlobRecords(h.ctx.store).getContainer('acct1', 'box'), undefined);
    assert.equal((await h.call('DELETE', `${ACCT}?${V}`, { token: t })).status, 204);
    assert.equal((await h.call('GET', `${ACCT}?${V}`, { token: t })).json.error.code, 'ResourceNotFound');
    const wrongVersion = await h.call('GET', `${ACCT}?api-version=2099-01-01`, { token: t });
    assert.equal(wrongVersion.json.error.code, 'NoRegisteredProviderFound');
  } finally {
    await h.close();
  }
});
