import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_ROLE_IDS as IDS, BUILT_IN_ROLES } from './built-in-roles.js';
import { AuthzSnapshot, type AccessCheck } from './evaluate.js';
import {
  authorizationFailedMessage,
  explainDenial,
  linkedAuthorizationFailedMessage,
  suggestRoles,
} from './explain.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG = `${SUB}/resourceGroups/rg1`;
const ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/acct`;
const USER = 'aaaaaaaa-0000-0000-0000-000000000001';
const GROUP = 'bbbbbbbb-0000-0000-0000-000000000002';
const BLOB_READ = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';

function check(r: AccessCheck, snap: AuthzSnapshot) {
  return explainDenial(r, snap.check(r), BUILT_IN_ROLES);
}

test('a denial lists what was considered and suggests the narrowest built-in role', () => {
  const snap = new AuthzSnapshot(
    [
      { name: 'a1', scope: SUB, roleDefinitionName: IDS.reader, principalId: USER },
      { name: 'a2', scope: `${SUB}/resourceGroups/other`, roleDefinitionName: IDS.storageBlobDataOwner, principalId: GROUP },
    ],
    BUILT_IN_ROLES,
  );
  const r: AccessCheck = { principalIds: [USER, GROUP], action: BLOB_READ, dataAction: true, scope: ACCOUNT };
  const e = check(r, snap);
  assert.deepEqual(e.considered, [
    `Reader at ${SUB} (data action not in role)`,
    `Storage Blob Data Owner at ${SUB}/resourceGroups/other via group ${GROUP} (scope does not cover the target)`,
  ]);
  assert.deepEqual(e.suggestions[0], { roleName: 'Storage Blob Data Reader', roleId: IDS.storageBlobDataReader, scope: ACCOUNT });
  assert.deepEqual(e.suggestions.map((s) => s.roleName), [
    'Storage Blob Data Reader',
    'Storage Blob Data Contributor',
    'Storage Blob Data Owner',
  ]);
  assert.equal(
    e.summary,
    `No role assignment of principal ${USER} grants data action '${BLOB_READ}' at scope ${ACCOUNT}. ` +
      `Considered: ${e.considered.join('; ')}. Assigning 'Storage Blob Data Reader' at ${ACCOUNT} would grant it.`,
  );
});

test('narrowest-role choices for the actions the platform checks', () => {
  const first = (action: string, dataAction = false) =>
    suggestRoles({ principalIds: [USER], action, dataAction, scope: RG }, BUILT_IN_ROLES)[0]?.roleName;
  assert.equal(first('Microsoft.Authorization/roleAssignments/write'), 'Role Based Access Control Administrator');
  assert.equal(first('Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'), 'Managed Identity Operator');
  assert.equal(first('Microsoft.ContainerRegistry/registries/pull/read'), 'AcrPull');
  assert.equal(first('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action'), 'AzureML Data Scientist');
  assert.equal(first('Microsoft.MachineLearningServices/workspaces/computes/write'), 'AzureML Compute Operator');
  assert.equal(first('Microsoft.MachineLearningServices/workspaces/write'), 'Contributor');
  assert.equal(first('Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write', true), 'Storage Blob Data Contributor');
  assert.equal(first('Microsoft.Nothing/widgets/frob', true), undefined);
});

test('reads suggest Reader before roles that also write; the first suggestion is at the request scope', () => {
  const suggest = (action: string) => suggestRoles({ principalIds: [USER], action, dataAction: false, scope: ACCOUNT }, BUILT_IN_ROLES);
  for (const action of [
    'Microsoft.Authorization/roleAssignments/read',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.MachineLearningServices/workspaces/read',
  ]) {
    const s = suggest(action);
    assert.deepEqual(s[0], { roleName: 'Reader', roleId: IDS.reader, scope: ACCOUNT }, action);
  }
  // Contributor and Owner grant everything: always behind a narrower role that grants the action.
  assert.deepEqual(
    suggest('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write').map((s) => s.roleName),
    ['AzureML Data Scientist', 'Contributor', 'Owner'],
  );
  assert.deepEqual(suggest('Microsoft.Storage/storageAccounts/write').map((s) => s.roleName), ['Contributor', 'Owner']);
});

test('no assignments and no role that grants it', () => {
  const snap = new AuthzSnapshot([], BUILT_IN_ROLES);
  const e = check({ principalIds: [USER], action: 'Microsoft.Nothing/widgets/frob', dataAction: true, scope: RG }, snap);
  assert.deepEqual(e.considered, []);
  assert.deepEqual(e.suggestions, []);
  assert.equal(
    e.summary,
    `No role assignment of principal ${USER} grants data action 'Microsoft.Nothing/widgets/frob' at scope ${RG}. ` +
      'The principal has no role assignments. No built-in role grants it.',
  );
});

test('an allowed decision is explained by its grant', () => {
  const snap = new AuthzSnapshot([{ name: 'a1', scope: SUB, roleDefinitionName: IDS.owner, principalId: USER }], BUILT_IN_ROLES);
  const e = check({ principalIds: [USER], action: 'Microsoft.Resources/x/write', dataAction: false, scope: RG }, snap);
  assert.equal(e.summary, `Principal ${USER} is granted action 'Microsoft.Resources/x/write' at scope ${RG} by 'Owner' assigned at ${SUB}.`);
  assert.deepEqual(e.considered, [`Owner at ${SUB} (grants it)`]);
});

test('AuthorizationFailed message, plain and ABAC wording', () => {
  assert.equal(
    authorizationFailedMessage('app-id', 'oid', 'Microsoft.MachineLearningServices/workspaces/write', RG, false),
    `The client 'app-id' with object id 'oid' does not have authorization to perform action ` +
      `'Microsoft.MachineLearningServices/workspaces/write' over scope '${RG}' or the scope is invalid. ` +
      'If access was recently granted, please refresh your credentials.',
  );
  const scope = `${RG}/providers/Microsoft.Authorization/roleAssignments/1234`;
  assert.equal(
    authorizationFailedMessage('u@contoso.com', 'oid', 'Microsoft.Authorization/roleAssignments/write', scope, true),
    `The client 'u@contoso.com' with object id 'oid' does not have authorization or an ABAC condition not fulfilled ` +
      `to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${scope}' or the scope is invalid. ` +
      'If access was recently granted, please refresh your credentials.',
  );
});

test('LinkedAuthorizationFailed message', () => {
  const uai = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai`;
  const ep = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/ep`;
  assert.equal(
    linkedAuthorizationFailedMessage('app', 'oid', 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write', ep, [uai]),
    `The client 'app' with object id 'oid' has permission to perform action ` +
      `'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write' on scope '${ep}'; however, it does not have ` +
      `permission to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked ` +
      `scope(s) '${uai}' or the linked scope(s) are invalid.`,
  );
});
