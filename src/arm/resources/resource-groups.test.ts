import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startArmHarness, TEST_SUBSCRIPTION, type ArmHarness } from '../arm-test-harness.js';
import { putArmResource, getArmResource } from '../resource-store.js';
import { createRoleAssignment, listAllRoleAssignments } from '../authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import type { ArmProvider } from '../arm-provider.js';

const V = 'api-version=2021-04-01';
const SUB = `/subscriptions/${TEST_SUBSCRIPTION}`;
let h: ArmHarness;
const hookCalls: string[] = [];

before(async () => {
  const hookProvider: ArmProvider = { namespace: 'Microsoft.Test', operations: [], onScopeDelete: (scope) => void hookCalls.push(scope) };
  h = await startArmHarness({ providers: () => [hookProvider] });
});
after(() => h.close());

async function pollUntilDone(location: string, token: string): Promise<number> {
  const url = new URL(location);
  for (let i = 0; i < 100; i++) {
    const r = await h.call('GET', url.pathname + url.search, { token });
    if (r.status !== 202) return r.status;
    assert.ok(r.headers.get('location'));
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('operation did not finish');
}

test('create (201), update (200), get, head, patch tags and list with a tag filter', async () => {
  const t = h.admin.token;
  const created = await h.call('PUT', `${SUB}/resourcegroups/Rg-One?${V}`, { token: t, body: { location: 'East US', tags: { env: 'dev' } } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.json, {
    id: `${SUB}/resourceGroups/Rg-One`,
    name: 'Rg-One',
    type: 'Microsoft.Resources/resourceGroups',
    location: 'eastus',
    tags: { env: 'dev' },
    properties: { provisioningState: 'Succeeded' },
  });
  assert.ok(created.headers.get('x-ms-request-id'));
  assert.ok(created.headers.get('x-ms-correlation-request-id'));

  const again = await h.call('PUT', `${SUB}/resourcegroups/rg-one?${V}`, { token: t, body: { location: 'eastus' } });
  assert.equal(again.status, 200);
  assert.equal(again.json.name, 'Rg-One', 'keeps the creation casing');
  assert.equal(again.json.tags, undefined, 'PUT replaces the tags');

  const moved = await h.call('PUT', `${SUB}/resourcegroups/rg-one?${V}`, { token: t, body: { location: 'westus2' } });
  assert.equal(moved.status, 400);
  assert.equal(moved.json.error.code, 'InvalidResourceGroupLocation');

  assert.equal((await h.call('GET', `${SUB}/resourceGroups/RG-ONE?${V}`, { token: t })).json.name, 'Rg-One');
  assert.equal((await h.call('HEAD', `${SUB}/resourcegroups/rg-one?${V}`, { token: t })).status, 204);
  assert.equal((await h.call('HEAD', `${SUB}/resourcegroups/nope?${V}`, { token: t })).status, 404);

  const patched = await h.call('PATCH', `${SUB}/resourcegroups/rg-one?${V}`, { token: t, body: { tags: { team: 'ml', env: 'prod' } } });
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.json.tags, { team: 'ml', env: 'prod' });

  await h.call('PUT', `${SUB}/resourcegroups/rg-two?${V}`, { token: t, body: { location: 'westeurope', tags: { env: 'dev' } } });
  const all = await h.call('GET', `${SUB}/resourcegroups?${V}`, { token: t });
  assert.deepEqual(all.json.value.map((g: any) => g.name).sort(), ['Rg-One', 'rg-two']);
  const prod = await h.call('GET', `${SUB}/resourcegroups?${V}&$filter=${encodeURIComponent("tagName eq 'ENV' and tagValue eq 'prod'")}`, { token: t });
  assert.deepEqual(prod.json.value.map((g: any) => g.name), ['Rg-One']);
  const top = await h.call('GET', `${SUB}/resourcegroups?${V}&$top=1`, { token: t });
  assert.equal(top.json.value.length, 1);
});

test('validation: invalid name, missing location, unknown location, unknown subscription, missing group', async () => {
  const t = h.admin.token;
  const bad = await h.call('PUT', `${SUB}/resourcegroups/${encodeURIComponent('bad name!')}?${V}`, { token: t, body: { location: 'eastus' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'InvalidResourceGroup');
  assert.equal(
    bad.json.error.message,
    "The provided resource group name 'bad name!' has these invalid characters: ' !'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.",
  );
  const noLoc = await h.call('PUT', `${SUB}/resourcegroups/rg3?${V}`, { token: t, body: {} });
  assert.equal(noLoc.status, 400);
  assert.equal(noLoc.json.error.code, 'LocationRequired');
  const badLoc = await h.call('PUT', `${SUB}/resourcegroups/rg3?${V}`, { token: t, body: { location: 'moon' } });
  assert.equal(badLoc.json.error.code, 'LocationNotAvailableForResourceGroup');
  const missing = await h.call('GET', `${SUB}/resourcegroups/ghost?${V}`, { token: t });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json, { error: { code: 'ResourceGroupNotFound', message: "Resource group 'ghost' could not be found." } });
  assert.equal(missing.headers.get('x-ms-failure-cause'), 'gateway');
  const otherSub = await h.call('GET', `/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/x?${V}`, { token: t });
  assert.equal(otherSub.status, 404);
  assert.equal(otherSub.json.error.code, 'SubscriptionNotFound');
  assert.equal(otherSub.json.error.message, "The subscription '11111111-2222-3333-4444-555555555555' could not be found.");
  const delMissing = await h.call('DELETE', `${SUB}/resourcegroups/ghost?${V}`, { token: t });
  assert.equal(delMissing.status, 404);
});

test('delete answers 202 + Location; polling ends with 200 and everything inside is gone', async () => {
  const t = h.admin.token;
  await h.call('PUT', `${SUB}/resourcegroups/doomed?${V}`, { token: t, body: { location: 'eastus' } });
  await h.call('PUT', `${SUB}/resourcegroups/doomed2?${V}`, { token: t, body: { location: 'eastus' } });
  const rid = `${SUB}/resourceGroups/doomed/providers/Microsoft.Test/things/a`;
  const sibling = `${SUB}/resourceGroups/doomed2/providers/Microsoft.Test/things/b`;
  putArmResource(h.ctx.store, { id: rid, name: 'a', type: 'Microsoft.Test/things', location: 'eastus', properties: {} });
  putArmResource(h.ctx.store, { id: sibling, name: 'b', type: 'Microsoft.Test/things', location: 'eastus', properties: {} });
  const mi = await h.managedIdentity('deleter');
  createRoleAssignment(h.ctx.store, { scope: `${SUB}/resourceGroups/doomed`, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: mi.id });
  createRoleAssignment(h.ctx.store, { scope: rid, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: mi.id });
  createRoleAssignment(h.ctx.store, { scope: sibling, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: mi.id });

  const del = await h.call('DELETE', `${SUB}/resourcegroups/doomed?${V}`, { token: t });
  assert.equal(del.status, 202);
  const location = del.headers.get('location')!;
  assert.match(location, new RegExp(`^${h.base}/subscriptions/${TEST_SUBSCRIPTION}/operationresults/[0-9a-f-]{36}\\?api-version=2021-04-01$`));
  assert.equal(del.headers.get('retry-after'), '1');
  assert.equal(await pollUntilDone(location, t), 200);

  assert.equal((await h.call('GET', `${SUB}/resourcegroups/doomed?${V}`, { token: t })).status, 404);
  assert.equal(getArmResource(h.ctx.store, rid), undefined);
  assert.ok(getArmResource(h.ctx.store, sibling), 'a group with a longer name sharing the prefix survives');
  const left = listAllRoleAssignments(h.ctx.store).filter((a) => a.principalId === mi.id);
  assert.deepEqual(left.map((a) => a.scope), [sibling]);
  assert.deepEqual(hookCalls, [`${SUB}/resourceGroups/doomed`]);
});

test('generic resource listing filters by type, name, tags and resource group', async () => {
  const t = h.admin.token;
  await h.call('PUT', `${SUB}/resourcegroups/res?${V}`, { token: t, body: { location: 'eastus' } });
  const base = `${SUB}/resourceGroups/res/providers/Microsoft.Test`;
  putArmResource(h.ctx.store, { id: `${base}/things/t1`, name: 't1', type: 'Microsoft.Test/things', location: 'eastus', tags: { a: '1' }, properties: {} });
  putArmResource(h.ctx.store, { id: `${base}/gadgets/g1`, name: 'g1', type: 'Microsoft.Test/gadgets', location: 'eastus', properties: {} });
  putArmResource(h.ctx.store, { id: `${base}/gadgets/g1/parts/p`, name: 'p', type: 'Microsoft.Test/gadgets/parts', properties: {} });
  const inGroup = await h.call('GET', `${SUB}/resourceGroups/res/resources?${V}`, { token: t });
  assert.deepEqual(inGroup.json.value.map((r: any) => r.name).sort(), ['g1', 't1']);
  const byType = await h.call('GET', `${SUB}/resources?${V}&$filter=${encodeURIComponent("resourceType eq 'microsoft.test/things' and resourceGroup eq 'RES'")}`, { token: t });
  assert.deepEqual(byType.json.value, [{ id: `${base}/things/t1`, name: 't1', type: 'Microsoft.Test/things', location: 'eastus', tags: { a: '1' } }]);
  const byTag = await h.call('GET', `${SUB}/resources?${V}&$filter=${encodeURIComponent("tagName eq 'a' and tagValue eq '1'")}`, { token: t });
  assert.deepEqual(byTag.json.value.map((r: any) => r.name), ['t1']);
  const byName = await h.call('GET', `${SUB}/resources?${V}&$filter=${encodeURIComponent("name eq 'G1' and resourceGroup eq 'res'")}`, { token: t });
  assert.deepEqual(byName.json.value.map((r: any) => r.name), ['g1']);
  const bad = await h.call('GET', `${SUB}/resources?${V}&$filter=${encodeURIComponent("color eq 'red'")}`, { token: t });
  assert.equal(bad.status, 400);
});

test('a principal with Reader on one group sees only that group in the list and cannot write', async () => {
  const t = h.admin.token;
  await h.call('PUT', `${SUB}/resourcegroups/visible?${V}`, { token: t, body: { location: 'eastus' } });
  const u = await h.user('limited');
  createRoleAssignment(h.ctx.store, { scope: `${SUB}/resourceGroups/visible`, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: u.id });
  const list = await h.call('GET', `${SUB}/resourcegroups?${V}`, { token: u.token });
  assert.deepEqual(list.json.value.map((g: any) => g.name), ['visible']);
  const write = await h.call('PUT', `${SUB}/resourcegroups/visible?${V}`, { token: u.token, body: { location: 'eastus' } });
  assert.equal(write.status, 403);
  assert.equal(write.json.error.code, 'AuthorizationFailed');
  assert.equal(
    write.json.error.message,
    `The client '${u.client}' with object id '${u.id}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/write' over scope '${SUB}/resourcegroups/visible' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
  assert.equal(write.json.error.additionalInfo[0].type, 'CeruleanAccessExplanation');
  assert.match(write.json.error.additionalInfo[0].info.explanation, /Reader/);
});
