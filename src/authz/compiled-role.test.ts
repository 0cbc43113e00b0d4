import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledRole } from './compiled-role.js';
import type { Permission, RoleDefinition } from './types.js';

const block = (p: Partial<Permission>): Permission => ({ actions: [], notActions: [], dataActions: [], notDataActions: [], ...p });
const role = (permissions: Permission[]): RoleDefinition => ({
  name: '99999999-0000-0000-0000-000000000009',
  roleName: 'Test',
  description: '',
  roleType: 'CustomRole',
  permissions,
  assignableScopes: ['/'],
});

test('actions minus notActions per block; data actions only through dataActions', () => {
  const r = new CompiledRole(role([block({ actions: ['Microsoft.Web/*'], notActions: ['Microsoft.Web/sites/delete'], dataActions: ['Microsoft.Web/data/read'] })]));
  assert.equal(r.compute('Microsoft.Web/sites/write', false).kind, 'grant');
  assert.equal(r.compute('Microsoft.Web/sites/delete', false).kind, 'excluded');
  assert.equal(r.compute('Microsoft.Other/x/read', false).kind, 'none');
  assert.equal(r.compute('Microsoft.Web/sites/write', true).kind, 'none');
  assert.equal(r.compute('Microsoft.Web/data/read', true).kind, 'grant');
});

test('a conditioned block yields its condition; an unconditioned block wins', () => {
  const conditioned = block({ actions: ['a/write'], condition: `@Request[x] StringEquals 'y'`, conditionVersion: '2.0' });
  const r1 = new CompiledRole(role([conditioned]));
  const res = r1.compute('a/write', false);
  assert.equal(res.kind, 'conditional');
  if (res.kind === 'conditional') {
    assert.equal(res.conditions.length, 1);
    const c = res.conditions[0];
    assert.ok(c.ok);
    if (c.ok) {
      assert.equal(c.evaluate({ action: 'a/write', attributes: { '@Request[x]': 'y' } }), true);
      assert.equal(c.evaluate({ action: 'a/write', attributes: { '@Request[x]': 'z' } }), false);
    }
  }
  const r2 = new CompiledRole(role([conditioned, block({ actions: ['a/*'] })]));
  assert.equal(r2.compute('a/write', false).kind, 'grant');
});

test('resultAt caches per action id and data/control separately', () => {
  const r = new CompiledRole(role([block({ actions: ['a/read'], dataActions: ['a/read'] })]));
  assert.equal(r.resultAt(0, 'a/read', false).kind, 'grant');
  assert.equal(r.resultAt(0, 'a/read', true).kind, 'grant');
  assert.equal(r.resultAt(1, 'b/read', true).kind, 'none');
  // Same id again: the cached value is returned (ids are assigned per distinct action by the snapshot).
  assert.equal(r.resultAt(1, 'b/read', true), r.resultAt(1, 'b/read', true));
  assert.equal(r.resultAt(-1, 'a/read', false).kind, 'grant');
});
