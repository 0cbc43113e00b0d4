import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { connectionSchema } from './connection-schema.js';
import { connectionBody, connectionShape, targetHost } from './connection-shape.js';

function load(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'conn-'));
  writeFileSync(join(dir, 'conn.yml'), text);
  return loadSpec(connectionSchema, { file: 'conn.yml', cwd: dir }).spec;
}

test('the seed YAML becomes a ContainerRegistry / ManagedIdentity connection', () => {
  const spec = load('name: test_ws_conn_cr_managed\ntype: container_registry\ntarget: https://test-feed.com\ncredentials:\n  type: managed_identity\n  client_id: client_id\n  resource_id: resource_id\n');
  assert.deepEqual(connectionBody(spec), {
    properties: { category: 'ContainerRegistry', target: 'https://test-feed.com', authType: 'ManagedIdentity', isSharedToAll: true, credentials: { clientId: 'client_id', resourceId: 'resource_id' } },
  });
});

test('YAML errors name file:line:col', () => {
  assert.throws(() => load('name: c\ntype: container_registry\ntarget: x\ncredentials:\n  type: managed_identity\n  client: 1\n'), /conn\.yml:6:3 credentials\.client: Unrecognized key "client"/);
  assert.throws(() => load('name: c\ntype: registry\ntarget: x\n'), /conn\.yml:2:7 type: /);
  assert.throws(() => load('name: c\ntype: container_registry\ntarget: x\ncredentials:\n  type: username_password\n  username: u\n'), /conn\.yml:5:3 credentials\.password: Missing data for required field/);
});

test('show never prints a password', () => {
  const out = connectionShape({ id: '/subscriptions/s/resourceGroups/rg/providers/M/workspaces/w/connections/c', name: 'c', properties: { category: 'ContainerRegistry', target: 't', authType: 'UsernamePassword', credentials: { username: 'u', password: 'p' } } });
  assert.deepEqual(out.credentials, { type: 'username_password', username: 'u' });
  assert.equal(out.type, 'container_registry');
  assert.equal(out.resource_group, 'rg');
  assert.ok(!JSON.stringify(out).includes('"p"'));
  assert.equal(targetHost('HTTPS://A.azurecr.io/x'), 'a.azurecr.io');
});
