import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_ROLE_IDS as IDS, BUILT_IN_ROLES } from './built-in-roles.js';
import { findRoleById, findRoleByName, resolveRoleNameLoosely } from './role-lookup.js';
import type { RoleDefinition } from './types.js';

test('findRoleById accepts a GUID in any case or a full role definition id', () => {
  assert.equal(findRoleById(IDS.acrPull, BUILT_IN_ROLES)?.roleName, 'AcrPull');
  assert.equal(findRoleById(IDS.acrPull.toUpperCase(), BUILT_IN_ROLES)?.roleName, 'AcrPull');
  assert.equal(
    findRoleById(`/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${IDS.reader}`, BUILT_IN_ROLES)?.roleName,
    'Reader',
  );
  assert.equal(findRoleById('00000000-0000-0000-0000-000000000000', BUILT_IN_ROLES), undefined);
});

test('findRoleByName is exact but case-insensitive', () => {
  assert.equal(findRoleByName('acrpull', BUILT_IN_ROLES)?.name, IDS.acrPull);
  assert.equal(findRoleByName('Storage Blob Data Reader', BUILT_IN_ROLES)?.name, IDS.storageBlobDataReader);
  assert.equal(findRoleByName('StorageBlobDataReader', BUILT_IN_ROLES), undefined);
});

test('resolveRoleNameLoosely ignores case and spaces; exact wins; ambiguity returns all candidates', () => {
  assert.deepEqual(resolveRoleNameLoosely('storageblobdatareader', BUILT_IN_ROLES).map((r) => r.roleName), ['Storage Blob Data Reader']);
  assert.deepEqual(resolveRoleNameLoosely(' AzureML  Data Scientist ', BUILT_IN_ROLES).map((r) => r.roleName), ['AzureML Data Scientist']);
  assert.deepEqual(resolveRoleNameLoosely('nope', BUILT_IN_ROLES), []);
  assert.deepEqual(resolveRoleNameLoosely('', BUILT_IN_ROLES), []);
  const custom = (name: string, roleName: string): RoleDefinition => ({
    name, roleName, description: '', roleType: 'CustomRole', permissions: [], assignableScopes: ['/'],
  });
  const roles = [custom('1', 'Data Reader'), custom('2', 'DataReader'), custom('3', 'data reader')];
  assert.deepEqual(resolveRoleNameLoosely('Data Reader', roles).map((r) => r.name), ['1']);
  assert.deepEqual(resolveRoleNameLoosely('DATA READER', roles).map((r) => r.name), ['1', '3']);
  assert.deepEqual(resolveRoleNameLoosely('datareader', roles).map((r) => r.name), ['2']);
  assert.deepEqual(resolveRoleNameLoosely('DataRead er', roles).map((r) => r.name), ['1', '2', '3']);
});
