import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOverrides, parseSetItems, parseSetPath } from './set-overrides.js';
import { CliError, UsageError } from '../errors.js';

test('parses dotted and indexed paths', () => {
  assert.deepEqual(parseSetPath('identity.user_assigned_identities[0].resource_id'), ['identity', 'user_assigned_identities', 0, 'resource_id']);
  assert.deepEqual(parseSetPath('environment_variables.X'), ['environment_variables', 'X']);
  assert.deepEqual(parseSetPath('a[1][2]'), ['a', 1, 2]);
  assert.throws(() => parseSetPath('a..b'), UsageError);
  assert.throws(() => parseSetPath(''), UsageError);
});

test('splits on the first = and keeps values as strings', () => {
  const o = parseSetItems(['environment_variables.URL=https://x/?a=b', 'instance_count=3']);
  assert.equal(o[0].value, 'https://x/?a=b');
  assert.equal(o[1].value, '3');
  assert.throws(() => parseSetItems(['novalue']), UsageError);
});

test('replaces an indexed list element field and creates missing levels', () => {
  const data = { identity: { type: 'user_assigned', user_assigned_identities: [{ resource_id: 'placeholder' }] } };
  const out = applyOverrides(data, parseSetItems(['identity.user_assigned_identities[0].resource_id=/subs/x', 'environment_variables.A=1', 'tags.list[1].k=v']));
  assert.deepEqual(out, {
    identity: { type: 'user_assigned', user_assigned_identities: [{ resource_id: '/subs/x' }] },
    environment_variables: { A: '1' },
    tags: { list: [null, { k: 'v' }] },
  });
});

test('refuses to set below a reference string', () => {
  assert.throws(
    () => applyOverrides({ model: 'azureml:m:1' }, parseSetItems(['model.path=./x'])),
    (e: unknown) => e instanceof CliError && e.message === "Cannot use '--set' on properties defined by reference strings: --set model.path",
  );
});
