import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkloadRegistry, type AttachedIdentity } from './workload-registry.js';

const identity: AttachedIdentity = {
  resourceId: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a',
  clientId: '11111111-1111-1111-1111-111111111111',
  principalId: '22222222-2222-2222-2222-222222222222',
  tenantId: '33333333-3333-3333-3333-333333333333',
  kind: 'userAssigned',
};

test('a workload is found by its secret, its proxy credentials and its path secret until it is unregistered', () => {
  const reg = new WorkloadRegistry();
  const w = reg.register({ identities: [identity], description: 'exec' });
  const other = reg.register({ identities: [], description: 'exec' });
  assert.notEqual(w.secret, other.secret);
  assert.match(w.pathSecret, /^[0-9a-f]{48}$/);
  assert.equal(reg.bySecret(w.secret), w);
  assert.equal(reg.bySecret(w.secret + 'x'), undefined);
  assert.equal(reg.bySecret(''), undefined);
  assert.equal(reg.byProxyCredentials(w.id, w.secret), w);
  assert.equal(reg.byProxyCredentials(other.id, w.secret), undefined);
  assert.equal(reg.byPathSecret(w.pathSecret), w);
  assert.equal(reg.unregister(w.id), true);
  assert.equal(reg.bySecret(w.secret), undefined);
  assert.equal(reg.byProxyCredentials(w.id, w.secret), undefined);
  assert.equal(reg.byPathSecret(w.pathSecret), undefined);
  assert.equal(reg.bySecret(other.secret), other);
  assert.deepEqual(reg.list(), [other]);
});
