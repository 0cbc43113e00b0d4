import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParsedArgs, type ArgValue } from '../../parse/parsed-args.js';
import { armIdentityType, workspaceIdentityRequest } from './workspace-identity.js';

const args = (o: Record<string, ArgValue>) => new ParsedArgs(new Map(Object.entries(o)));
const UAI = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u1';

test('az ml and ARM spellings of the identity type, any case', () => {
  for (const v of ['system_assigned,user_assigned', 'SystemAssigned, UserAssigned', 'USER_ASSIGNED,system_assigned', 'systemassigned,userassigned']) {
    assert.equal(armIdentityType(v), 'SystemAssigned,UserAssigned', v);
  }
  assert.equal(armIdentityType('System_Assigned'), 'SystemAssigned');
  assert.equal(armIdentityType('user_assigned'), 'UserAssigned');
  assert.equal(armIdentityType('none'), 'None');
  assert.throws(() => armIdentityType('managed'), /Invalid identity type 'managed'. Allowed values: system_assigned/);
  assert.throws(() => armIdentityType('none,user_assigned'), /Invalid identity type/);
});

test('options win over YAML; comma-separated identities; primary must be attached', () => {
  const r = workspaceIdentityRequest(args({ identityType: 'system_assigned,user_assigned', userAssignedIdentities: [`${UAI},${UAI}2`], primaryUserAssignedIdentity: UAI }));
  assert.deepEqual(r, { primaryUserAssignedIdentity: UAI, identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [UAI]: {}, [`${UAI}2`]: {} } } });
  const y = workspaceIdentityRequest(args({}), { identity: { type: 'user_assigned', user_assigned_identities: { [UAI]: {} } }, primary_user_assigned_identity: UAI });
  assert.deepEqual(y.identity, { type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } });
  const list = workspaceIdentityRequest(args({}), { identity: { type: 'user_assigned', user_assigned_identities: [{ resource_id: UAI }] } });
  assert.deepEqual(Object.keys(list.identity!.userAssignedIdentities!), [UAI]);
  assert.throws(() => workspaceIdentityRequest(args({ userAssignedIdentities: [UAI], primaryUserAssignedIdentity: '/other' })), /must be one of --user-assigned-identities/);
  assert.throws(() => workspaceIdentityRequest(args({ identityType: 'user_assigned' })), /--user-assigned-identities is required/);
  assert.deepEqual(workspaceIdentityRequest(args({ identityType: 'user_assigned' }), {}, [UAI]).identity?.userAssignedIdentities, { [UAI]: {} });
  assert.deepEqual(workspaceIdentityRequest(args({})), {});
});
