import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startArmHarness, TEST_SUBSCRIPTION } from '../../arm/arm-test-harness.js';
import { createContainerRegistryProvider } from './registry-provider.js';
import { getRegistryByName } from './registry-records.js';

const V = 'api-version=2022-02-01-preview';
const SUB = `/subscriptions/${TEST_SUBSCRIPTION}`;
const RG = `${SUB}/resourceGroups/rg1`;
const ACR = `${RG}/providers/Microsoft.ContainerRegistry/registries/myRegistry1`;

test('registries: create, global names, credentials, list, delete, resource group deletion', async () => {
  const h = await startArmHarness({ providers: (ctx) => [createContainerRegistryProvider(ctx)] });
  try {
    const t = h.admin.token;
    for (const rg of ['rg1', 'rg2']) assert.equal((await h.call('PUT', `${SUB}/resourceGroups/${rg}?api-version=2021-04-01`, { token: t, body: { location: 'eastus' } })).status, 201);
    const check = (name: string) => h.call('POST', `${SUB}/providers/Microsoft.ContainerRegistry/checkNameAvailability?${V}`, { token: t, body: { name, type: 'Microsoft.ContainerRegistry/registries' } });
    assert.deepEqual((await check('myRegistry1')).json, { nameAvailable: true });
    assert.equal((await check('a-b')).json.reason, 'Invalid');
    assert.equal((await h.call('PUT', `${RG}/providers/Microsoft.ContainerRegistry/registries/ab?${V}`, { token: t, body: { location: 'eastus', sku: { name: 'Basic' } } })).json.error.code, 'InvalidResourceName');

    const put = await h.call('PUT', `${ACR}?${V}`, { token: t, body: { location: 'East US', sku: { name: 'standard' }, properties: { adminUserEnabled: true } } });
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.id, ACR);
    assert.deepEqual([put.json.location, put.json.sku, put.json.properties.loginServer, put.json.properties.adminUserEnabled], ['eastus', { name: 'Standard', tier: 'Standard' }, 'myregistry1.azurecr.io', true]);
    assert.equal((await check('MYREGISTRY1')).json.reason, 'AlreadyExists');
    const taken = await h.call('PUT', `${SUB}/resourceGroups/rg2/providers/Microsoft.ContainerRegistry/registries/myregistry1?${V}`, { token: t, body: { location: 'eastus', sku: { name: 'Basic' } } });
    assert.deepEqual([taken.status, taken.json.error.code], [409, 'AlreadyInUse']);

    const creds = await h.call('POST', `${ACR}/listCredentials?${V}`, { token: t });
    assert.equal(creds.json.username, 'myRegistry1');
    assert.deepEqual(creds.json.passwords.map((p: any) => p.name), ['password', 'password2']);
    const regen = await h.call('POST', `${ACR}/regenerateCredential?${V}`, { token: t, body: { name: 'password2' } });
    assert.equal(regen.json.passwords[0].value, creds.json.passwords[0].value);
    assert.notEqual(regen.json.passwords[1].value, creds.json.passwords[1].value);
    await h.call('PATCH', `${ACR}?${V}`, { token: t, body: { properties: { adminUserEnabled: false }, tags: { a: 'b' } } });
    assert.equal((await h.call('POST', `${ACR}/listCredentials?${V}`, { token: t })).json.error.code, 'AdminUserDisabled');

    assert.deepEqual((await h.call('GET', `${SUB}/providers/Microsoft.ContainerRegistry/registries?api-version=2023-07-01`, { token: t })).json.value.map((r: any) => [r.name, r.tags]), [['myRegistry1', { a: 'b' }]]);
    assert.equal((await h.call('GET', `${RG}/providers/Microsoft.ContainerRegistry/registries/nope1?${V}`, { token: t })).json.error.code, 'ResourceNotFound');
    assert.equal((await h.call('DELETE', `${ACR}?${V}`, { token: t })).status, 200);
    assert.equal(getRegistryByName(h.ctx.store, 'myregistry1'), undefined);
    assert.equal((await h.call('DELETE', `${ACR}?${V}`, { token: t })).status, 204);

    assert.equal((await h.call('PUT', `${ACR}?${V}`, { token: t, body: { location: 'eastus', sku: { name: 'Basic' } } })).status, 201);
    const rgDelete = await h.call('DELETE', `${RG}?api-version=2021-04-01`, { token: t });
    assert.equal(rgDelete.status, 202);
    for (let i = 0; i < 100 && getRegistryByName(h.ctx.store, 'myregistry1'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(getRegistryByName(h.ctx.store, 'myregistry1'), undefined);
  } finally {
    await h.close();
  }
});
