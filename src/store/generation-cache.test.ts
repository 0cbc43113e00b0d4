import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite-store.js';
import { GenerationCache, deepFreeze } from './generation-cache.js';

function store() {
  return openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gencache-')), 'store'));
}

test('entries last until a write to one of the watched kinds, or a rolled-back transaction', () => {
  const s = store();
  const cache = new GenerationCache<string>(s, ['a', 'b']);
  cache.set('k', 'v');
  s.put('other', 'x', {});
  assert.equal(cache.get('k'), 'v', 'writes to other kinds do not matter');
  s.put('b', 'x', {});
  assert.equal(cache.get('k'), undefined);
  cache.set('k', 'v2');
  s.delete('a', 'missing');
  assert.equal(cache.get('k'), 'v2', 'a delete that deleted nothing changes nothing');
  s.delete('b', 'x');
  assert.equal(cache.get('k'), undefined);

  assert.throws(() =>
    s.transaction(() => {
      s.put('a', 'y', { n: 1 });
      cache.set('k', 'made inside the transaction');
      throw new Error('roll back');
    }),
  );
  assert.equal(cache.get('k'), undefined, 'what was built from rolled-back rows is gone');
  assert.equal(s.get('a', 'y'), undefined);
  s.close();
});

test('the cache is bounded, dropping the oldest entry first', () => {
  const s = store();
  const cache = new GenerationCache<number>(s, ['a'], 3);
  for (let i = 0; i < 5; i++) cache.set(`k${i}`, i);
  assert.equal(cache.size, 3);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => cache.get(`k${i}`)), [undefined, undefined, 2, 3, 4]);
  s.close();
});

test('deepFreeze freezes nested objects and arrays', () => {
  const v = deepFreeze({ a: { b: [1, { c: 2 }] } });
  assert.ok(Object.isFrozen(v.a.b[1]));
  assert.throws(() => {
    (v.a.b as unknown[]).push(3);
  }, TypeError);
});
