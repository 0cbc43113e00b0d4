import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WS, startEnvHarness, type EnvHarness } from '../environments/env-test-harness.js';

let h: EnvHarness;
before(async () => {
  h = await startEnvHarness();
  assert.equal((await h.put(WS, { location: 'eastus', properties: {} })).status, 200);
});
after(() => h?.close());

const C = `${WS}/connections`;

test('a managed-identity container registry connection round-trips', async () => {
  const body = { properties: { category: 'containerregistry', target: 'https://test-feed.com', authType: 'managedIdentity', credentials: { clientId: 'client_id', resourceId: 'resource_id' } } };
  const r = await h.put(`${C}/test_ws_conn_cr_managed`, body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.type, 'Microsoft.MachineLearningServices/workspaces/connections');
  assert.deepEqual(
    [r.json.properties.category, r.json.properties.authType, r.json.properties.target, r.json.properties.credentials],
    ['ContainerRegistry', 'ManagedIdentity', 'https://test-feed.com', { clientId: 'client_id', resourceId: 'resource_id' }],
  );
  assert.equal((await h.get(`${C}/test_ws_conn_cr_managed`)).json.properties.credentials.clientId, 'client_id');
  const list = (await h.call('GET', `${C}?api-version=2024-04-01&category=ContainerRegistry`, { token: h.admin.token })).json.value;
  assert.deepEqual(list.map((c: any) => c.name), ['test_ws_conn_cr_managed']);
});

test('passwords are never echoed; listsecrets returns them; an update without one keeps it', async () => {
  const body = (password?: string) => ({ properties: { category: 'ContainerRegistry', target: 'x.azurecr.io', authType: 'UsernamePassword', credentials: { username: 'x', ...(password ? { password } : {}) } } });
  const r = await h.put(`${C}/upw`, body('s3cret'));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.properties.credentials, { username: 'x' });
  assert.ok(!(await h.get(`${C}/upw`)).text.includes('s3cret'));
  assert.ok(!(await h.call('GET', `${C}?api-version=2024-04-01`, { token: h.admin.token })).text.includes('s3cret'));
  const again = await h.put(`${C}/upw`, body());
  assert.equal(again.status, 200, again.text);
  const secrets = await h.call('POST', `${C}/upw/listsecrets?api-version=2024-04-01`, { token: h.admin.token });
  assert.deepEqual(secrets.json.properties.credentials, { username: 'x', password: 's3cret' });
  const fresh = await h.put(`${C}/upw2`, body());
  assert.deepEqual([fresh.status, fresh.json.error.code], [400, 'UserError']);
  assert.match(fresh.json.error.message, /'password' is required for authType 'UsernamePassword'/);
});

test('bad categories, auth types, credential fields and names are refused; delete is idempotent', async () => {
  const bad = async (p: Record<string, unknown>, name = 'bad1') => (await h.put(`${C}/${name}`, { properties: { category: 'ContainerRegistry', target: 't', authType: 'None', ...p } })).json.error.message as string;
  assert.match(await bad({ category: 'Nope' }), /Invalid value 'Nope' for properties.category/);
  assert.match(await bad({ authType: 'Magic' }), /Invalid value 'Magic' for properties.authType/);
  assert.match(await bad({ authType: 'ManagedIdentity', credentials: { password: 'x' } }), /'password' is not valid for authType 'ManagedIdentity'/);
  assert.match(await bad({ authType: 'ManagedIdentity', credentials: {} }), /needs credentials.clientId or credentials.resourceId/);
  assert.match(await bad({ target: '' }), /target .* is required/);
  assert.match(await bad({}, 'a'), /connection name 'a' is invalid/);
  assert.equal((await h.call('DELETE', `${C}/upw?api-version=2024-04-01`, { token: h.admin.token })).status, 200);
  assert.equal((await h.call('DELETE', `${C}/upw?api-version=2024-04-01`, { token: h.admin.token })).status, 204);
  assert.equal((await h.get(`${C}/upw`)).status, 404);
});
