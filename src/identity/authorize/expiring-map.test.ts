import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../test-support.js';
import { ExpiringMap } from './expiring-map.js';

test('entries expire, are single-use by take, and the map stays bounded (oldest evicted)', () => {
  const clock = manualClock();
  const m = new ExpiringMap<{ expiresAt: number; v: number }>(clock, 3);
  m.set('a', { expiresAt: clock.now() + 1000, v: 1 });
  m.set('b', { expiresAt: clock.now() + 5000, v: 2 });
  assert.equal(m.take('a')?.v, 1);
  assert.equal(m.take('a'), undefined);
  m.set('c', { expiresAt: clock.now() + 5000, v: 3 });
  m.set('d', { expiresAt: clock.now() + 5000, v: 4 });
  m.set('e', { expiresAt: clock.now() + 5000, v: 5 });
  assert.equal(m.size, 3);
  assert.equal(m.get('b'), undefined, 'the oldest entry was evicted');
  clock.advance(5000);
  assert.equal(m.peek('e')?.v, 5, 'peek sees an expired entry');
  assert.equal(m.get('e'), undefined);
  m.set('f', { expiresAt: clock.now() + 1, v: 6 });
  assert.equal(m.size, 3, 'expired c and d still held');
  m.set('g', { expiresAt: clock.now() + 1, v: 7 });
  assert.equal(m.size, 2, 'expired entries were pruned when full, not live ones');
  assert.equal(m.get('f')?.v, 6);
});
