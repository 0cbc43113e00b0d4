import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideGraphAccess, type GraphCallerFacts, type GraphPermission } from './graph-policy.js';

const T = 'tenant-1';
const admin: GraphCallerFacts = { objectId: 'admin', tenantId: T, kind: 'user', globalAdmin: true };
const user: GraphCallerFacts = { objectId: 'USER-1', tenantId: T, kind: 'user', globalAdmin: false };
const sp: GraphCallerFacts = { objectId: 'sp-1', tenantId: T, kind: 'servicePrincipal', globalAdmin: false };
const foreign: GraphCallerFacts = { objectId: 'x', tenantId: 'tenant-2', kind: 'user', globalAdmin: true };

// [caller, permission, owners, expected]
const table: Array<[GraphCallerFacts, GraphPermission, string[] | undefined, boolean]> = [
  [admin, 'user.create', undefined, true],
  [admin, 'user.delete', undefined, true],
  [admin, 'application.delete', [], true],
  [admin, 'servicePrincipal.update', ['someone'], true],
  [user, 'directory.read', undefined, true],
  [sp, 'directory.read', undefined, true],
  [user, 'user.create', undefined, false],
  [user, 'user.update', undefined, false],
  [user, 'user.delete', undefined, false],
  [user, 'application.create', undefined, true],
  [user, 'servicePrincipal.create', undefined, true],
  [sp, 'application.create', undefined, false],
  [sp, 'servicePrincipal.create', undefined, false],
  [sp, 'user.create', undefined, false],
  [user, 'application.update', ['user-1'], true],
  [user, 'application.delete', ['other', 'user-1'], true],
  [user, 'application.update', ['other'], false],
  [user, 'servicePrincipal.delete', [], false],
  [user, 'servicePrincipal.update', undefined, false],
  [sp, 'application.update', ['sp-1'], true],
  [foreign, 'directory.read', undefined, false],
  [foreign, 'user.create', undefined, false],
];

test('Graph directory-role policy table', () => {
  for (const [caller, permission, targetOwners, expected] of table) {
    const d = decideGraphAccess({ caller, tenantId: T, permission, targetOwners });
    assert.equal(d.allowed, expected, `${caller.objectId} ${permission} owners=${targetOwners}: ${d.reason}`);
    assert.ok(d.reason.length > 0);
  }
});
