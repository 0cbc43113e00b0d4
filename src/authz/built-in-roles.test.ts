import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGuid } from '../shared/ids.js';
import { BUILT_IN_ROLE_IDS, BUILT_IN_ROLES } from './built-in-roles.js';
import { AuthzSnapshot } from './evaluate.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG = `${SUB}/resourceGroups/rg1`;
const ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/acct`;
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws`;
const UAI_ID = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai`;
const P = '11111111-1111-1111-1111-111111111111';

const SA = 'Microsoft.Storage/storageAccounts';
const MLS = 'Microsoft.MachineLearningServices';

function can(roleId: string, action: string, dataAction = false, scope = RG): boolean {
  const snap = new AuthzSnapshot(
    [{ name: 'a', scope: SUB, roleDefinitionName: roleId, principalId: P }],
    BUILT_IN_ROLES,
  );
  return snap.check({ principalIds: [P], action, dataAction, scope }).allowed;
}

test('every built-in role has a unique GUID name, a name, one block and assignable scope /', () => {
  assert.equal(BUILT_IN_ROLES.length, 14);
  assert.equal(new Set(BUILT_IN_ROLES.map((r) => r.name)).size, 14);
  assert.deepEqual(new Set(BUILT_IN_ROLES.map((r) => r.name)), new Set(Object.values(BUILT_IN_ROLE_IDS)));
  for (const r of BUILT_IN_ROLES) {
    assert.ok(isGuid(r.name), r.roleName);
    assert.equal(r.roleType, 'BuiltInRole');
    assert.deepEqual(r.assignableScopes, ['/']);
    assert.equal(r.permissions.length, 1);
    assert.ok(r.description.length > 0);
  }
  assert.ok(Object.isFrozen(BUILT_IN_ROLES[0].permissions[0].actions));
});

test('Owner: every control action, no data action', () => {
  const id = BUILT_IN_ROLE_IDS.owner;
  assert.equal(can(id, 'Microsoft.Authorization/roleAssignments/write'), true);
  assert.equal(can(id, `${MLS}/workspaces/write`), true);
  assert.equal(can(id, `${SA}/blobServices/containers/blobs/read`, true, ACCOUNT), false);
});

test('Contributor: manages resources but cannot write or delete role assignments', () => {
  const id = BUILT_IN_ROLE_IDS.contributor;
  assert.equal(can(id, `${MLS}/workspaces/write`), true);
  assert.equal(can(id, 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action', false, UAI_ID), true);
  assert.equal(can(id, 'Microsoft.Authorization/roleAssignments/write'), false);
  assert.equal(can(id, 'Microsoft.Authorization/roleAssignments/delete'), false);
  assert.equal(can(id, 'Microsoft.Authorization/roleAssignments/read'), true);
  assert.equal(can(id, 'Microsoft.Authorization/elevateAccess/action'), false);
  assert.equal(can(id, `${SA}/blobServices/containers/blobs/read`, true, ACCOUNT), false);
});

test('Reader: reads only', () => {
  const id = BUILT_IN_ROLE_IDS.reader;
  assert.equal(can(id, `${MLS}/workspaces/read`), true);
  assert.equal(can(id, `${MLS}/workspaces/write`), false);
  assert.equal(can(id, `${SA}/listKeys/action`), false);
});

test('User Access Administrator and RBAC Administrator may write role assignments', () => {
  for (const id of [BUILT_IN_ROLE_IDS.userAccessAdministrator, BUILT_IN_ROLE_IDS.roleBasedAccessControlAdministrator]) {
    assert.equal(can(id, 'Microsoft.Authorization/roleAssignments/write'), true);
    assert.equal(can(id, 'Microsoft.Authorization/roleAssignments/delete'), true);
    assert.equal(can(id, `${MLS}/workspaces/read`), true);
    assert.equal(can(id, `${MLS}/workspaces/write`), false);
  }
  assert.equal(can(BUILT_IN_ROLE_IDS.userAccessAdministrator, 'Microsoft.Authorization/roleDefinitions/write'), true);
  assert.equal(can(BUILT_IN_ROLE_IDS.roleBasedAccessControlAdministrator, 'Microsoft.Authorization/roleDefinitions/write'), false);
});

test('Storage Blob Data roles', () => {
  const r = BUILT_IN_ROLE_IDS.storageBlobDataReader;
  const c = BUILT_IN_ROLE_IDS.storageBlobDataContributor;
  const o = BUILT_IN_ROLE_IDS.storageBlobDataOwner;
  const blobs = `${SA}/blobServices/containers/blobs`;
  assert.equal(can(r, `${blobs}/read`, true, ACCOUNT), true);
  assert.equal(can(r, `${blobs}/write`, true, ACCOUNT), false);
  assert.equal(can(r, `${SA}/blobServices/containers/read`, false, ACCOUNT), true);
  // The data action is not a control action.
  assert.equal(can(r, `${blobs}/read`, false, ACCOUNT), false);
  assert.equal(can(c, `${blobs}/write`, true, ACCOUNT), true);
  assert.equal(can(c, `${blobs}/add/action`, true, ACCOUNT), true);
  assert.equal(can(c, `${blobs}/modifyPermissions/action`, true, ACCOUNT), false);
  assert.equal(can(c, `${SA}/blobServices/containers/write`, false, ACCOUNT), true);
  assert.equal(can(o, `${blobs}/modifyPermissions/action`, true, ACCOUNT), true);
  assert.equal(can(o, `${blobs}/read`, true, ACCOUNT), true);
  assert.equal(can(o, `${SA}/listKeys/action`, false, ACCOUNT), false);
});

test('AcrPull and AcrPush', () => {
  const reg = `${RG}/providers/Microsoft.ContainerRegistry/registries/acr`;
  assert.equal(can(BUILT_IN_ROLE_IDS.acrPull, 'Microsoft.ContainerRegistry/registries/pull/read', false, reg), true);
  assert.equal(can(BUILT_IN_ROLE_IDS.acrPull, 'Microsoft.ContainerRegistry/registries/push/write', false, reg), false);
  assert.equal(can(BUILT_IN_ROLE_IDS.acrPush, 'Microsoft.ContainerRegistry/registries/push/write', false, reg), true);
  assert.equal(can(BUILT_IN_ROLE_IDS.acrPush, 'Microsoft.ContainerRegistry/registries/pull/read', false, reg), true);
});

test('Managed Identity Operator assigns identities; Managed Identity Contributor cannot', () => {
  const assign = 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action';
  const op = BUILT_IN_ROLE_IDS.managedIdentityOperator;
  const mc = BUILT_IN_ROLE_IDS.managedIdentityContributor;
  assert.equal(can(op, assign, false, UAI_ID), true);
  assert.equal(can(op, 'Microsoft.ManagedIdentity/userAssignedIdentities/read', false, UAI_ID), true);
  assert.equal(can(op, 'Microsoft.ManagedIdentity/userAssignedIdentities/write', false, UAI_ID), false);
  assert.equal(can(mc, assign, false, UAI_ID), false);
  assert.equal(can(mc, 'Microsoft.ManagedIdentity/userAssignedIdentities/write', false, UAI_ID), true);
  assert.equal(can(mc, 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write', false, UAI_ID), true);
});

test('AzureML Data Scientist: endpoints yes, workspace write and compute create/delete no', () => {
  const id = BUILT_IN_ROLE_IDS.azureMLDataScientist;
  assert.equal(can(id, `${MLS}/workspaces/onlineEndpoints/write`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/onlineEndpoints/score/action`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/onlineendpoints/listkeys/action`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/onlineEndpoints/deployments/delete`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/read`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/write`, false, WS), false);
  assert.equal(can(id, `${MLS}/workspaces/delete`, false, WS), false);
  assert.equal(can(id, `${MLS}/workspaces/listKeys/action`, false, WS), false);
  assert.equal(can(id, `${MLS}/workspaces/computes/write`, false, WS), false);
  assert.equal(can(id, `${MLS}/workspaces/computes/delete`, false, WS), false);
  assert.equal(can(id, `${MLS}/workspaces/computes/listKeys/action`, false, WS), false);
  assert.equal(can(id, `${MLS}/workspaces/computes/start/action`, false, WS), true);
});

test('AzureML Compute Operator: computes only', () => {
  const id = BUILT_IN_ROLE_IDS.azureMLComputeOperator;
  assert.equal(can(id, `${MLS}/workspaces/computes/write`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/computes/delete`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/notebooks/vm/read`, false, WS), true);
  assert.equal(can(id, `${MLS}/workspaces/onlineEndpoints/write`, false, WS), false);
  assert.equal(can(id, `${MLS}/workspaces/read`, false, WS), false);
});
