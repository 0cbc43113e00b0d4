import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startArmHarness, TEST_SUBSCRIPTION, type ArmHarness, type TestIdentity } from '../arm-test-harness.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { createRoleAssignment } from './role-assignment-store.js';

const V = 'api-version=2026-01-01';
const SUB = `/subscriptions/${TEST_SUBSCRIPTION}`;
const RG = `${SUB}/resourceGroups/dn`;
const ACCT = `${RG}/providers/Microsoft.Storage/storageAccounts/acct`;
const D = '/providers/Cerulean.Authorization/denials';
const BLOB_READ = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
let h: ArmHarness;
let alice: TestIdentity; // Reader on the group
let mi: TestIdentity; // no role at all

before(async () => {
  h = await startArmHarness();
  alice = await h.user('alice');
  mi = await h.managedIdentity('worker');
  for (const g of ['dn', 'dn2']) {
    const r = await h.call('PUT', `${SUB}/resourcegroups/${g}?api-version=2021-04-01`, { token: h.admin.token, body: { location: 'eastus' } });
    assert.equal(r.status, 201);
  }
  createRoleAssignment(h.ctx.store, { scope: RG, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: alice.id, principalType: 'User' });
  // alice may read the group but not change it; the identity may not even read the other group.
  assert.equal((await h.call('PATCH', `${RG}?api-version=2021-04-01`, { token: alice.token, body: { tags: { a: 'b' } } })).status, 403);
  assert.equal((await h.call('GET', `${SUB}/resourcegroups/dn2?api-version=2021-04-01`, { token: mi.token })).status, 403);
  // A data-plane denial at a resource under the group.
  const principal = { objectId: mi.id, tenantId: 't', type: 'ServicePrincipal' as const, appId: mi.client };
  assert.equal(h.authz.authorize({ principal, action: BLOB_READ, dataAction: true, scope: ACCT, plane: 'blob' }).allowed, false);
});
after(() => h.close());

const list = (scope: string, query = '', token = h.admin.token) => h.call('GET', `${scope}${D}?${V}${query}`, { token });

test('subscription scope: every denial, newest first, in the documented shape', async () => {
  const r = await list(SUB);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['value']);
  const items = r.json.value.filter((d: any) => d.properties.principalId === alice.id || d.properties.principalId === mi.id);
  assert.deepEqual(
    items.map((d: any) => [d.properties.principalId, d.properties.action]),
    [
      [mi.id, BLOB_READ],
      [mi.id, 'Microsoft.Resources/subscriptions/resourcegroups/read'],
      [alice.id, 'Microsoft.Resources/subscriptions/resourcegroups/write'],
    ],
  );
  const blob = items[0];
  assert.match(blob.name, /^[0-9a-f-]{36}$/);
  assert.equal(blob.id, `${ACCT}${D}/${blob.name}`);
  assert.equal(blob.type, 'Cerulean.Authorization/denials');
  const p = blob.properties;
  assert.deepEqual(Object.keys(p), [
    'time', 'principalId', 'principalName', 'principalType', 'action', 'isDataAction', 'scope', 'plane', 'enforced', 'explanation', 'suggestions',
  ]);
  assert.equal(p.principalName, mi.client);
  assert.equal(p.principalType, 'ServicePrincipal');
  assert.equal(p.isDataAction, true);
  assert.equal(p.scope, ACCT);
  assert.equal(p.plane, 'blob');
  assert.equal(p.enforced, true);
  assert.match(p.explanation, /has no role assignments/);
  assert.ok(!Number.isNaN(Date.parse(p.time)));
  assert.deepEqual(p.suggestions[0], {
    roleName: 'Storage Blob Data Reader',
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLE_IDS.storageBlobDataReader}`,
    scope: ACCT,
  });
  const user = items[2].properties;
  assert.equal(user.principalType, 'User');
  assert.equal(user.principalName, alice.client);
  assert.equal(user.plane, 'arm');
  assert.match(user.explanation, /Reader at .*\(action not in role\)/);
  assert.equal(user.suggestions[0].roleName, 'Contributor');
});

test('group and resource scope: only denials at or below it (case-insensitive)', async () => {
  const rg = await list(RG.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'));
  assert.equal(rg.status, 200, rg.text);
  assert.deepEqual(rg.json.value.map((d: any) => d.properties.scope), [ACCT, RG]);
  const acct = await list(ACCT);
  assert.equal(acct.status, 200, acct.text);
  assert.deepEqual(acct.json.value.map((d: any) => d.properties.action), [BLOB_READ]);
  const other = await list(`${SUB}/resourceGroups/dn2`);
  assert.deepEqual(other.json.value.map((d: any) => d.properties.principalId), [mi.id]);
});

test('$filter principalId eq and $top', async () => {
  const byMi = await list(SUB, `&$filter=${encodeURIComponent(`principalId eq '${mi.id.toUpperCase()}'`)}`);
  assert.equal(byMi.status, 200, byMi.text);
  assert.deepEqual(byMi.json.value.map((d: any) => d.properties.principalId), [mi.id, mi.id]);
  const top = await list(SUB, '&$top=1');
  assert.equal(top.json.value.length, 1);
  assert.equal(top.json.value[0].properties.action, BLOB_READ);
  const bad = await list(SUB, `&$filter=${encodeURIComponent("action eq 'x'")}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'InvalidFilterInQueryString');
  const badTop = await list(SUB, '&$top=0');
  assert.equal(badTop.status, 400);
  assert.equal(badTop.json.error.code, 'InvalidTopInQueryString');
});

test('authorized as roleAssignments/read at the scope', async () => {
  // Reader on the group reads the group's denials (Reader has */read) but not the subscription's.
  const own = await list(RG, '', alice.token);
  assert.equal(own.status, 200, own.text);
  assert.ok(own.json.value.some((d: any) => d.properties.principalId === alice.id));
  const above = await list(SUB, '', alice.token);
  assert.equal(above.status, 403);
  assert.equal(above.json.error.code, 'AuthorizationFailed');
  // No role at all: ARM's AuthorizationFailed naming the action and the scope.
  const none = await list(RG, '', mi.token);
  assert.equal(none.status, 403);
  assert.equal(none.json.error.code, 'AuthorizationFailed');
  assert.equal(
    none.json.error.message,
    `The client '${mi.client}' with object id '${mi.id}' does not have authorization to perform action ` +
      `'Microsoft.Authorization/roleAssignments/read' over scope '${RG}' or the scope is invalid. ` +
      'If access was recently granted, please refresh your credentials.',
  );
  // That refusal is itself a denial, visible to the admin.
  const after = await list(RG, `&$top=1&$filter=${encodeURIComponent(`principalId eq '${mi.id}'`)}`);
  assert.equal(after.json.value[0].properties.action, 'Microsoft.Authorization/roleAssignments/read');
});

test('api-version, unknown group, and the provider registration', async () => {
  const wrong = await h.call('GET', `${RG}${D}?api-version=2022-04-01`, { token: h.admin.token });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error.code, 'NoRegisteredProviderFound');
  assert.equal(
    wrong.json.error.message,
    "No registered resource provider found for location 'eastus' and API version '2022-04-01' for type 'denials'. " +
      "The supported api-versions are '2026-01-01'. The supported locations are ''.",
  );
  const missing = await h.call('GET', `${RG}${D}`, { token: h.admin.token });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.code, 'MissingApiVersionParameter');
  const nope = await list(`${SUB}/resourceGroups/nope`);
  assert.equal(nope.status, 404);
  assert.equal(nope.json.error.code, 'ResourceGroupNotFound');
  const provider = await h.call('GET', `${SUB}/providers/Cerulean.Authorization?api-version=2021-04-01`, { token: h.admin.token });
  assert.equal(provider.status, 200, provider.text);
  assert.deepEqual(provider.json.resourceTypes, [{ resourceType: 'denials', locations: [], apiVersions: ['2026-01-01'], capabilities: 'None' }]);
});
