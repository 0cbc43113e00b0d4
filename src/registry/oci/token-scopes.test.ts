import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DELETE_ACTION, PULL_ACTION, PUSH_ACTION, accessAllows, grantAccess, parseScope, parseScopes } from './token-scopes.js';

test('scopes parse with slashes, ports and resource classes in names, and merge per repository', () => {
  assert.deepEqual(parseScope('repository:pytorch/pytorch:pull,push'), { type: 'repository', name: 'pytorch/pytorch', actions: ['pull', 'push'] });
  assert.deepEqual(parseScope('repository(plugin):localhost:5000/x:pull'), { type: 'repository', name: 'localhost:5000/x', actions: ['pull'] });
  assert.equal(parseScope('repository:x'), undefined);
  assert.equal(parseScope('repository:x:'), undefined);
  assert.deepEqual(parseScopes(['repository:a:pull repository:b:push', 'repository:a:push,pull', 'registry:catalog:*']), [
    { type: 'repository', name: 'a', actions: ['pull', 'push'] },
    { type: 'repository', name: 'b', actions: ['push'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
  ]);
});

test('granted actions are those RBAC allows: AcrPull, AcrPush, Contributor-like, nothing', () => {
  const req = parseScopes(['repository:a:pull,push,delete,metadata_read registry:catalog:* registry:other:* artifact-repository:h:pull']);
  const acrPull = new Set([PULL_ACTION]);
  const acrPush = new Set([PULL_ACTION, PUSH_ACTION]);
  const all = new Set([PULL_ACTION, PUSH_ACTION, DELETE_ACTION]);
  assert.deepEqual(grantAccess(req, (a) => acrPull.has(a)), [
    { type: 'repository', name: 'a', actions: ['pull', 'metadata_read'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
  ]);
  assert.deepEqual(grantAccess(req, (a) => acrPush.has(a))[0].actions, ['pull', 'push', 'metadata_read']);
  assert.deepEqual(grantAccess(req, () => false), []);
  assert.deepEqual(grantAccess(parseScopes(['repository:a:*']), (a) => all.has(a)), [{ type: 'repository', name: 'a', actions: ['*'] }]);
  assert.deepEqual(grantAccess(parseScopes(['repository:a:*']), (a) => acrPush.has(a)), [{ type: 'repository', name: 'a', actions: ['pull', 'push'] }]);
});

test('a token covers an action through the action itself, a broader one, or *', () => {
  const access = [
    { type: 'repository', name: 'a', actions: ['pull'] },
    { type: 'repository', name: 'b', actions: ['*'] },
  ];
  assert.ok(accessAllows(access, 'repository', 'a', 'pull'));
  assert.ok(accessAllows(access, 'repository', 'a', 'metadata_read'));
  assert.ok(!accessAllows(access, 'repository', 'a', 'push'));
  assert.ok(accessAllows(access, 'repository', 'b', 'delete'));
  assert.ok(!accessAllows(access, 'repository', 'c', 'pull'));
  assert.ok(!accessAllows(undefined, 'registry', 'catalog', '*'));
});
