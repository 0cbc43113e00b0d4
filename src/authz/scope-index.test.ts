import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeTargetScope, ScopeIndex } from './scope-index.js';

const SUB = '/subscriptions/S1';
const RG1 = `${SUB}/resourceGroups/rg1`;
const RG10 = `${SUB}/resourceGroups/rg10`;

test('normalizeTargetScope lower-cases and fixes slashes', () => {
  assert.equal(normalizeTargetScope(RG1), '/subscriptions/s1/resourcegroups/rg1');
  assert.equal(normalizeTargetScope(`${RG1}/`), '/subscriptions/s1/resourcegroups/rg1');
  assert.equal(normalizeTargetScope('subscriptions//S1'), '/subscriptions/s1');
  assert.equal(normalizeTargetScope('/'), '/');
});

test('ancestors are the interned scopes at or above the target, by whole segments', () => {
  const idx = new ScopeIndex();
  const root = idx.intern('/');
  const sub = idx.intern(SUB);
  const rg1 = idx.intern(RG1.toUpperCase());
  const rg10 = idx.intern(RG10);
  assert.equal(idx.intern(RG1), rg1);
  assert.deepEqual([...idx.ancestorsOf(`${RG1}/providers/Microsoft.Storage/storageAccounts/a`)], [root, sub, rg1]);
  assert.deepEqual([...idx.ancestorsOf(`${RG10}/providers/x/y/z`)], [root, sub, rg10]);
  assert.deepEqual([...idx.ancestorsOf(SUB)], [root, sub]);
  assert.deepEqual([...idx.ancestorsOf('/subscriptions/s2')], [root]);
});

test('mark stamps the covering scopes for one request at a time', () => {
  const idx = new ScopeIndex();
  const sub = idx.intern(SUB);
  const rg1 = idx.intern(RG1);
  const rg10 = idx.intern(RG10);
  const s1 = idx.mark(`${RG1}/providers/a/b/c`);
  assert.equal(idx.covers(sub, s1), true);
  assert.equal(idx.covers(rg1, s1), true);
  assert.equal(idx.covers(rg10, s1), false);
  const s2 = idx.mark(RG10);
  assert.equal(idx.covers(rg1, s2), false);
  assert.equal(idx.covers(rg10, s2), true);
});
