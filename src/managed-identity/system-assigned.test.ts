import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPlatform, type Platform } from '../platform/create-platform.js';
import { createRoleAssignment, listAllRoleAssignments } from '../arm/authorization/role-assignment-store.js';
import { putArmResource } from '../arm/resource-store.js';
import { applySystemAssignedIdentity, defaultDisplayName, parseIdentityType, removeIdentitiesOf, systemAssignedIdentityOf } from './system-assigned.js';
import { UAI_TYPE, resolveUai } from './user-assigned.js';
import { createIdentityPrincipal } from './principal-lifecycle.js';
import { requireAssignPermission } from './linked-authorization.js';

let platform: Platform;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const MI_OPERATOR = 'f1a07417-d97a-45cb-824c-7a7467783830';

before(async () => {
  platform = await createPlatform();
});
after(async () => {
  await platform?.close();
});

function ids() {
  const sub = platform.subscriptionId;
  const ws = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
  return { sub, ws, compute: `${ws}/computes/ci1`, endpoint: `${ws}/onlineEndpoints/ep1` };
}

test('identity types parse case-insensitively', () => {
  assert.deepEqual(parseIdentityType('systemAssigned'), { system: true, user: false });
  assert.deepEqual(parseIdentityType('SystemAssigned, UserAssigned'), { system: true, user: true });
  assert.deepEqual(parseIdentityType('None'), { system: false, user: false });
  assert.throws(() => parseIdentityType('Both'), /InvalidIdentity|invalid/);
});

test('Azure ML child resources name their principals <workspace>/<type>/<name>', () => {
  const { ws, compute, endpoint } = ids();
  assert.equal(defaultDisplayName(ws), 'ws1');
  assert.equal(defaultDisplayName(compute), '/ws1/computes/ci1');
  assert.equal(defaultDisplayName(endpoint), '/ws1/onlineEndpoints/ep1');
});

test('a system-assigned identity lives and dies with its resource, and stays the same while enabled', () => {
  const ctx = platform.context;
  const { compute, ws } = ids();
  const first = applySystemAssignedIdentity(ctx, compute, { type: 'SystemAssigned' }, undefined)!;
  assert.equal(first.type, 'SystemAssigned');
  assert.equal(first.tenantId, platform.tenantId);
  const sp = ctx.directory.getServicePrincipal(first.principalId!)!;
  assert.equal(sp.displayName, '/ws1/computes/ci1');
  assert.equal(sp.servicePrincipalType, 'ManagedIdentity');
  assert.ok(sp.servicePrincipalNames.includes(sp.appId));
  assert.ok(sp.servicePrincipalNames.some((n) => n.toLowerCase() === compute.toLowerCase()));
  assert.equal(sp._miResourceId?.toLowerCase(), compute.toLowerCase());

  const again = applySystemAssignedIdentity(ctx, compute, { type: 'SystemAssigned', principalId: 'ignored' }, first)!;
  assert.equal(again.principalId, first.principalId);
  assert.equal(applySystemAssignedIdentity(ctx, compute, undefined, first), first);

  createRoleAssignment(ctx.store, { scope: ws, roleDefinitionGuid: READER, principalId: first.principalId! });
  assert.equal(removeIdentitiesOf(ctx, ws), 1);
  assert.equal(ctx.directory.getServicePrincipal(first.principalId!), undefined);
  assert.equal(systemAssignedIdentityOf(ctx, compute), undefined);
  assert.ok(!listAllRoleAssignments(ctx.store).some((a) => a.principalId === first.principalId));
});

test('dropping SystemAssigned deletes the principal; user-assigned identities are filled in and must exist', () => {
  const ctx = platform.context;
  const { sub, endpoint } = ids();
  const uaiId = `/subscriptions/${sub}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u1`;
  const ref = createIdentityPrincipal(ctx, 'u1', uaiId);
  putArmResource(ctx.store, { id: uaiId, name: 'u1', type: UAI_TYPE, location: 'eastus', properties: { tenantId: ref.tenantId, principalId: ref.principalId, clientId: ref.clientId } });
  assert.equal(resolveUai(ctx, ref.clientId)?.id, uaiId);

  const both = applySystemAssignedIdentity(ctx, endpoint, { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [uaiId]: {} } }, undefined)!;
  assert.equal(both.type, 'SystemAssigned,UserAssigned');
  assert.deepEqual(both.userAssignedIdentities, { [uaiId]: { principalId: ref.principalId, clientId: ref.clientId } });
  const userOnly = applySystemAssignedIdentity(ctx, endpoint, { type: 'UserAssigned', userAssignedIdentities: { [uaiId]: {} } }, both)!;
  assert.equal(userOnly.principalId, undefined);
  assert.equal(ctx.directory.getServicePrincipal(both.principalId!), undefined);
  assert.throws(
    () => applySystemAssignedIdentity(ctx, endpoint, { type: 'UserAssigned', userAssignedIdentities: { [uaiId + 'x']: {} } }, undefined),
    /was not found/,
  );
});

test('the linked access check needs assign/action on every identity', () => {
  const ctx = platform.context;
  const { sub } = ids();
  const uaiId = `/subscriptions/${sub}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u2`;
  const user = ctx.directory.createUser({ displayName: 'Dev', userPrincipalName: 'dev@cerulean.onmicrosoft.com', password: 'P@ssw0rd-123' });
  const principal = { objectId: user.id, tenantId: platform.tenantId, type: 'User' as const, upn: user.userPrincipalName };
  const check = { action: 'Microsoft.MachineLearningServices/workspaces/computes/write', scope: ids().compute, identityIds: [uaiId] };
  assert.throws(
    () => requireAssignPermission(ctx, principal, check),
    (e: any) =>
      e.status === 403 &&
      e.code === 'LinkedAuthorizationFailed' &&
      e.message ===
        `The client 'dev@cerulean.onmicrosoft.com' with object id '${user.id}' has permission to perform action 'Microsoft.MachineLearningServices/workspaces/computes/write' on scope '${ids().compute}'; however, it does not have permission to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked scope(s) '${uaiId}' or the linked scope(s) are invalid.`,
  );
  createRoleAssignment(ctx.store, { scope: `/subscriptions/${sub}/resourceGroups/rg`, roleDefinitionGuid: MI_OPERATOR, principalId: user.id, principalType: 'User' });
  requireAssignPermission(ctx, principal, check);
});
