import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startArmHarness, TEST_SUBSCRIPTION, TEST_TENANT, type ArmHarness, type TestIdentity } from '../arm-test-harness.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { createRoleAssignment, deleteRoleAssignmentsForPrincipal, listAllRoleAssignments } from './role-assignment-store.js';

const V = 'api-version=2022-04-01';
const SUB = `/subscriptions/${TEST_SUBSCRIPTION}`;
const RG = `${SUB}/resourceGroups/rbac`;
const RA = '/providers/Microsoft.Authorization/roleAssignments';
const roleId = (guid: string) => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
let h: ArmHarness;
let alice: TestIdentity;
let mi: TestIdentity;

before(async () => {
  h = await startArmHarness();
  alice = await h.user('alice');
  mi = await h.managedIdentity('worker');
  const r = await h.call('PUT', `${SUB}/resourcegroups/rbac?api-version=2021-04-01`, { token: h.admin.token, body: { location: 'eastus' } });
  assert.equal(r.status, 201);
});
after(() => h.close());

function put(scope: string, name: string, properties: Record<string, unknown>, token = h.admin.token) {
  return h.call('PUT', `${scope}${RA}/${name}?${V}`, { token, body: { properties } });
}

test('create, read back, idempotent re-PUT, and 409 for the same assignment under another name', async () => {
  const name = randomUUID();
  const props = { roleDefinitionId: roleId(BUILT_IN_ROLE_IDS.reader), principalId: alice.id, principalType: 'User' };
  const created = await put(RG, name, props);
  assert.equal(created.status, 201);
  const body = created.json;
  assert.equal(body.id, `${RG}${RA}/${name}`);
  assert.equal(body.name, name);
  assert.equal(body.type, 'Microsoft.Authorization/roleAssignments');
  assert.deepEqual(Object.keys(body.properties).sort(), [
    'condition', 'conditionVersion', 'createdBy', 'createdOn', 'delegatedManagedIdentityResourceId', 'description',
    'principalId', 'principalType', 'roleDefinitionId', 'scope', 'updatedBy', 'updatedOn',
  ]);
  assert.equal(body.properties.roleDefinitionId, roleId(BUILT_IN_ROLE_IDS.reader));
  assert.equal(body.properties.scope, RG);
  assert.equal(body.properties.principalType, 'User');
  assert.equal(body.properties.createdBy, h.admin.id);
  assert.equal(body.properties.condition, null);

  const got = await h.call('GET', `${RG}${RA}/${name}?${V}`, { token: h.admin.token });
  assert.deepEqual(got.json, body);

  const again = await put(RG, name, props);
  assert.equal(again.status, 200);
  assert.equal(again.json.properties.createdOn, body.properties.createdOn);

  const dup = await put(RG, randomUUID(), props);
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.code, 'RoleAssignmentExists');
  assert.ok(dup.json.error.message.includes('role assignment already exists'), 'az matches this substring');
  assert.ok(dup.json.error.message.includes(name.replace(/-/g, '')));

  const changed = await put(RG, name, { ...props, roleDefinitionId: roleId(BUILT_IN_ROLE_IDS.contributor) });
  assert.equal(changed.status, 400);
  assert.deepEqual(changed.json.error, {
    code: 'RoleAssignmentUpdateNotPermitted',
    message: 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
  });
  const elsewhere = await put(SUB, name, props);
  assert.equal(elsewhere.json.error.code, 'RoleAssignmentUpdateNotPermitted');
});

test('validation errors carry Azure codes and messages', async () => {
  const ok = { roleDefinitionId: roleId(BUILT_IN_ROLE_IDS.reader), principalId: mi.id };
  const badName = await put(RG, 'not-a-guid', ok);
  assert.equal(badName.status, 400);
  assert.deepEqual(badName.json.error, {
    code: 'InvalidRoleAssignmentId',
    message: "The role assignment ID 'not-a-guid' is not valid. The role assignment ID must be a GUID.",
  });

  const badPrincipal = await put(RG, randomUUID(), { ...ok, principalId: 'bob' });
  assert.deepEqual(badPrincipal.json.error, { code: 'InvalidPrincipalId', message: "The Principal ID 'bob' is not valid. Principal ID must be a GUID." });

  const ghost = 'a1b2c3d4-0000-4000-8000-123456789abc';
  const notFound = await put(RG, randomUUID(), { ...ok, principalId: ghost });
  assert.equal(notFound.status, 400);
  assert.equal(notFound.json.error.code, 'PrincipalNotFound');
  assert.equal(
    notFound.json.error.message,
    `Principal ${ghost.replace(/-/g, '')} does not exist in the directory ${TEST_TENANT}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  );

  const mismatch = await put(RG, randomUUID(), { ...ok, principalType: 'User' });
  assert.equal(mismatch.status, 400);
  assert.deepEqual(mismatch.json.error, {
    code: 'UnmatchedPrincipalType',
    message: `Principal ${mi.id.replace(/-/g, '')} has type 'ServicePrincipal', which is different from specified PrinciaplType 'User'.`,
  });

  const noRole = await put(RG, randomUUID(), { ...ok, roleDefinitionId: roleId('11111111-2222-3333-4444-555555555555') });
  assert.equal(noRole.status, 404);
  assert.deepEqual(noRole.json.error, {
    code: 'RoleDefinitionDoesNotExist',
    message: "The specified role definition with ID '11111111-2222-3333-4444-555555555555' does not exist.",
  });

  const noBody = await h.call('PUT', `${RG}${RA}/${randomUUID()}?${V}`, { token: h.admin.token, body: { properties: { principalId: mi.id } } });
  assert.equal(noBody.status, 400);
  assert.equal(noBody.json.error.code, 'InvalidRequestContent');

  const missingGroup = await put(`${SUB}/resourceGroups/nowhere`, randomUUID(), ok);
  assert.equal(missingGroup.status, 404);
  assert.equal(missingGroup.json.error.code, 'ResourceGroupNotFound');

  const badVersion = await h.call('GET', `${RG}${RA}?api-version=2099-01-01`, { token: h.admin.token });
  assert.equal(badVersion.status, 400);
  assert.equal(badVersion.json.error.code, 'NoRegisteredProviderFound');
  assert.match(badVersion.json.error.message, /for type 'roleAssignments'\. The supported api-versions are '2015-07-01, .*2022-04-01'\. The supported locations are ''\.$/);
});

test('list filters: atScope(), principalId eq, assignedTo(), their combination, and no filter', async () => {
  const bob = await h.user('bob');
  const res = `${RG}/providers/Microsoft.Storage/storageAccounts/acct`;
  const atSub = createRoleAssignment(h.ctx.store, { scope: SUB, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: bob.id, principalType: 'User' });
  const atRg = createRoleAssignment(h.ctx.store, { scope: RG, roleDefinitionGuid: BUILT_IN_ROLE_IDS.contributor, principalId: bob.id, principalType: 'User' });
  const atRes = createRoleAssignment(h.ctx.store, { scope: res, roleDefinitionGuid: BUILT_IN_ROLE_IDS.storageBlobDataReader, principalId: bob.id, principalType: 'User' });
  const names = (r: { json: any }) => r.json.value.filter((a: any) => a.properties.principalId === bob.id).map((a: any) => a.name).sort();
  const q = (scope: string, filter?: string) =>
    h.call('GET', `${scope}${RA}?${V}${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`, { token: h.admin.token });

  assert.deepEqual(names(await q(RG, 'atScope()')), [atSub.name, atRg.name].sort());
  assert.deepEqual(names(await q(RG)), [atSub.name, atRg.name, atRes.name].sort());
  assert.deepEqual(names(await q(SUB, 'atScope()')), [atSub.name]);
  const byPrincipal = await q(SUB, `principalId eq '${bob.id}'`);
  assert.deepEqual(byPrincipal.json.value.map((a: any) => a.name).sort(), [atSub.name, atRg.name, atRes.name].sort());
  const assigned = await q(res, `assignedTo('${bob.id}')`);
  assert.deepEqual(assigned.json.value.map((a: any) => a.name).sort(), [atSub.name, atRg.name, atRes.name].sort());
  const both = await q(RG, `atScope() and assignedTo('${bob.id}')`);
  assert.deepEqual(both.json.value.map((a: any) => a.name).sort(), [atSub.name, atRg.name].sort());
  const unsupported = await q(RG, "roleName eq 'Reader'");
  assert.equal(unsupported.status, 400);

  // Old api-versions az 2.45 sends are accepted.
  const old = await h.call('GET', `${SUB}${RA}?api-version=2020-04-01-preview&$filter=atScope()`, { token: h.admin.token });
  assert.equal(old.status, 200);
  assert.equal(deleteRoleAssignmentsForPrincipal(h.ctx.store, bob.id), 3);
});

test('delete returns the assignment (200), then 204; the assignment stops granting at once', async () => {
  const carol = await h.user('carol');
  const path = `${RG}?api-version=2021-04-01`;
  assert.equal((await h.call('GET', path, { token: carol.token })).status, 403);
  const name = randomUUID();
  const created = await put(RG, name, { roleDefinitionId: roleId(BUILT_IN_ROLE_IDS.reader), principalId: carol.id });
  assert.equal(created.status, 201);
  assert.equal(created.json.properties.principalType, 'User', 'taken from the directory when not given');
  assert.equal((await h.call('GET', path, { token: carol.token })).status, 200);
  const del = await h.call('DELETE', `${RG}${RA}/${name}?${V}`, { token: h.admin.token });
  assert.equal(del.status, 200);
  assert.equal(del.json.name, name);
  assert.equal((await h.call('DELETE', `${RG}${RA}/${name}?${V}`, { token: h.admin.token })).status, 204);
  assert.equal((await h.call('GET', `${RG}${RA}/${name}?${V}`, { token: h.admin.token })).status, 404);
  assert.equal((await h.call('GET', path, { token: carol.token })).status, 403);
});

test('a Contributor may not write role assignments: 403 with the ABAC wording naming the assignment id', async () => {
  const dave = await h.user('dave');
  createRoleAssignment(h.ctx.store, { scope: RG, roleDefinitionGuid: BUILT_IN_ROLE_IDS.contributor, principalId: dave.id, principalType: 'User' });
  const name = randomUUID();
  const r = await put(RG, name, { roleDefinitionId: roleId(BUILT_IN_ROLE_IDS.reader), principalId: mi.id }, dave.token);
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'AuthorizationFailed');
  assert.equal(
    r.json.error.message,
    `The client '${dave.client}' with object id '${dave.id}' does not have authorization or an ABAC condition not fulfilled to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${RG}${RA}/${name}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
  const info = r.json.error.additionalInfo[0];
  assert.equal(info.type, 'CeruleanAccessExplanation');
  assert.match(info.info.explanation, /Contributor at .*excluded by notActions/);
  assert.ok(info.info.suggestions.some((s: any) => s.roleName === 'Owner' || s.roleName === 'Role Based Access Control Administrator'));
  assert.equal(listAllRoleAssignments(h.ctx.store).some((a) => a.name === name), false);
});

test('a managed identity caller is named by its application id in denials', async () => {
  const r = await h.call('GET', `${SUB}/resourcegroups/rbac?api-version=2021-04-01`, { token: mi.token });
  assert.equal(r.status, 403);
  assert.match(r.json.error.message, new RegExp(`^The client '${mi.client}' with object id '${mi.id}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/read'`));
});
