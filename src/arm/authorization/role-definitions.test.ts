import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startArmHarness, TEST_SUBSCRIPTION, type ArmHarness } from '../arm-test-harness.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';

const V = 'api-version=2022-04-01';
const SUB = `/subscriptions/${TEST_SUBSCRIPTION}`;
const RD = '/providers/Microsoft.Authorization/roleDefinitions';
let h: ArmHarness;

before(async () => {
  h = await startArmHarness();
  await h.call('PUT', `${SUB}/resourcegroups/defs?api-version=2021-04-01`, { token: h.admin.token, body: { location: 'eastus' } });
});
after(() => h.close());

const list = (scope: string, filter?: string, version = V) =>
  h.call('GET', `${scope}${RD}?${version}${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`, { token: h.admin.token });

test('roleName filter is case-insensitive but does not fold spaces', async () => {
  const reader = await list(SUB, "roleName eq 'reader'", 'api-version=2018-01-01-preview');
  assert.equal(reader.status, 200);
  assert.equal(reader.json.value.length, 1);
  assert.deepEqual(reader.json.value[0], {
    id: `${SUB}${RD}/${BUILT_IN_ROLE_IDS.reader}`,
    name: BUILT_IN_ROLE_IDS.reader,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: 'Reader',
      type: 'BuiltInRole',
      description: 'View all resources, but does not allow you to make any changes.',
      assignableScopes: ['/'],
      permissions: [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }],
      createdOn: reader.json.value[0].properties.createdOn,
      updatedOn: reader.json.value[0].properties.updatedOn,
      createdBy: null,
      updatedBy: null,
    },
  });
  assert.equal((await list(SUB, "roleName eq 'storage blob data READER'")).json.value.length, 1);
  assert.equal((await list(SUB, "roleName eq 'storageblobdatareader'")).json.value.length, 0);
  assert.equal((await list(SUB, "roleName eq 'acrpull'")).json.value[0].name, BUILT_IN_ROLE_IDS.acrPull);
  const all = await list(`${SUB}/resourceGroups/defs`);
  assert.ok(all.json.value.length >= 14);
  assert.ok(all.json.value.every((r: any) => r.id.startsWith(`${SUB}${RD}/`)));
});

test('get by tenant-level and subscription-level id; unknown id is RoleDefinitionDoesNotExist', async () => {
  const tenant = await h.call('GET', `${RD}/${BUILT_IN_ROLE_IDS.owner}?${V}`, { token: h.admin.token });
  assert.equal(tenant.status, 200);
  assert.equal(tenant.json.id, `${RD}/${BUILT_IN_ROLE_IDS.owner}`);
  const sub = await h.call('GET', `${SUB}${RD}/${BUILT_IN_ROLE_IDS.owner}?api-version=2022-05-01-preview`, { token: h.admin.token });
  assert.equal(sub.json.id, `${SUB}${RD}/${BUILT_IN_ROLE_IDS.owner}`);
  assert.equal(sub.json.properties.roleName, 'Owner');
  const missing = await h.call('GET', `${SUB}${RD}/${randomUUID()}?${V}`, { token: h.admin.token });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'RoleDefinitionDoesNotExist');
});

test('custom roles: create, list by type, name clash, assignable scope check, delete guarded by assignments', async () => {
  const guid = randomUUID();
  const body = {
    properties: {
      roleName: 'Blob Peeker',
      description: 'Reads blobs',
      type: 'CustomRole',
      assignableScopes: [`${SUB}/resourceGroups/defs`],
      permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'], notDataActions: [] }],
    },
  };
  const created = await h.call('PUT', `${SUB}/resourceGroups/defs${RD}/${guid}?${V}`, { token: h.admin.token, body });
  assert.equal(created.status, 201);
  assert.equal(created.json.properties.type, 'CustomRole');
  assert.equal(created.json.id, `${SUB}${RD}/${guid}`);

  const custom = await list(`${SUB}/resourceGroups/defs`, "type eq 'CustomRole'");
  assert.deepEqual(custom.json.value.map((r: any) => r.properties.roleName), ['Blob Peeker']);
  assert.equal((await list(SUB, "type eq 'CustomRole'")).json.value.length, 0, 'not applicable above its assignable scope');
  assert.equal((await list(SUB, "type eq 'CustomRole' and atScopeAndBelow()")).json.value.length, 1);

  const clash = await h.call('PUT', `${SUB}${RD}/${randomUUID()}?${V}`, { token: h.admin.token, body });
  assert.equal(clash.status, 409);
  assert.equal(clash.json.error.code, 'RoleDefinitionWithSameNameExists');

  const mi = await h.managedIdentity('peeker');
  const outside = await h.call('PUT', `${SUB}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${V}`, {
    token: h.admin.token,
    body: { properties: { roleDefinitionId: created.json.id, principalId: mi.id } },
  });
  assert.equal(outside.status, 400, 'custom role cannot be assigned above its assignable scopes');
  const raName = randomUUID();
  const inside = await h.call('PUT', `${SUB}/resourceGroups/defs/providers/Microsoft.Authorization/roleAssignments/${raName}?${V}`, {
    token: h.admin.token,
    body: { properties: { roleDefinitionId: created.json.id, principalId: mi.id, principalType: 'ServicePrincipal' } },
  });
  assert.equal(inside.status, 201);
  assert.equal(inside.json.properties.roleDefinitionId, created.json.id, 'az compares these ids as strings');

  const blocked = await h.call('DELETE', `${SUB}${RD}/${guid}?${V}`, { token: h.admin.token });
  assert.equal(blocked.status, 409);
  assert.equal(blocked.json.error.code, 'RoleDefinitionHasAssignments');
  await h.call('DELETE', `${SUB}/resourceGroups/defs/providers/Microsoft.Authorization/roleAssignments/${raName}?${V}`, { token: h.admin.token });
  const del = await h.call('DELETE', `${SUB}${RD}/${guid}?${V}`, { token: h.admin.token });
  assert.equal(del.status, 200);
  assert.equal((await h.call('DELETE', `${SUB}${RD}/${guid}?${V}`, { token: h.admin.token })).status, 204);

  const builtIn = await h.call('PUT', `${SUB}${RD}/${BUILT_IN_ROLE_IDS.reader}?${V}`, { token: h.admin.token, body });
  assert.equal(builtIn.status, 400);
});

test('permissions lists the caller\'s permission blocks covering the scope', async () => {
  const u = await h.user('perm');
  await h.call('PUT', `${SUB}/resourceGroups/defs/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${V}`, {
    token: h.admin.token,
    body: { properties: { roleDefinitionId: `${SUB}${RD}/${BUILT_IN_ROLE_IDS.reader}`, principalId: u.id } },
  });
  const r = await h.call('GET', `${SUB}/resourceGroups/defs/providers/Microsoft.Storage/storageAccounts/x/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`, { token: u.token });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { value: [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }] });
  const admin = await h.call('GET', `${SUB}/resourceGroups/defs/providers/Microsoft.Authorization/permissions?api-version=2015-07-01`, { token: h.admin.token });
  assert.deepEqual(admin.json.value, [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }]);
});
