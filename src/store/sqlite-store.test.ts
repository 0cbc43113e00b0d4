import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite-store.js';

test('documents round-trip with case-insensitive keys and display casing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  const s = openSqliteStore(join(dir, 'store'));
  assert.equal(s.put('resource', '/subscriptions/S/resourceGroups/RG1', { a: 1 }), 1);
  assert.equal(s.put('resource', '/subscriptions/s/resourcegroups/rg1', { a: 2 }), 2);
  const d = s.get<{ a: number }>('resource', '/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg1');
  assert.deepEqual(d?.body, { a: 2 });
  assert.equal(d?.key, '/subscriptions/s/resourcegroups/rg1');
  assert.equal(statSync(join(dir, 'store', 'cerulean.db')).mode & 0o777, 0o600);
  s.close();
});

test('prefix list and delete do not cross sibling names', () => {
  const s = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'store-')), 'store'));
  s.put('r', '/s/rg1', 1);
  s.put('r', '/s/rg1/x', 2);
  s.put('r', '/s/rg10', 3);
  assert.deepEqual(s.list('r', { prefix: '/s/rg1/' }).map((d) => d.body), [2]);
  assert.equal(s.deletePrefix('r', '/S/RG1/'), 1);
  assert.equal(s.count('r'), 2);
  s.close();
});

test('transactions are atomic and state survives reopening', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'store-')), 'store');
  const s = openSqliteStore(dir);
  const g0 = s.generation('k');
  assert.throws(() =>
    s.transaction(() => {
      s.put('k', 'a', 1);
      throw new Error('boom');
    }),
  );
  assert.equal(s.get('k', 'a'), undefined);
  s.transaction(() => {
    s.put('k', 'a', 1);
    s.put('k', 'b', 2);
  });
  assert.ok(s.generation('k') > g0);
  s.close();
  const s2 = openSqliteStore(dir);
  assert.deepEqual(s2.list('k').map((d) => d.body), [1, 2]);
  s2.close();
});
