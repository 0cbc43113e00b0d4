import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickDeployment, pickMirror, trafficTable } from './traffic.js';

/** Mulberry32: a seeded PRNG so the split is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('traffic 90/10: 1,000 routed picks land within ±3% of the weights', () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    const t = trafficTable({ blue: 90, green: 10 });
    const rand = seeded(seed);
    const counts: Record<string, number> = { blue: 0, green: 0 };
    for (let i = 0; i < 1000; i++) counts[pickDeployment(t, rand)!]++;
    assert.ok(Math.abs(counts.blue / 1000 - 0.9) <= 0.03, `seed ${seed}: blue ${counts.blue}`);
    assert.ok(Math.abs(counts.green / 1000 - 0.1) <= 0.03, `seed ${seed}: green ${counts.green}`);
  }
});

test('traffic: zero weights never get traffic; an empty table routes nowhere; mirror picks by percentage', () => {
  const t = trafficTable({ blue: 100, green: 0 });
  assert.deepEqual(t.names, ['blue']);
  assert.equal(pickDeployment(t, () => 0.999999), 'blue');
  assert.equal(pickDeployment(trafficTable({}), Math.random), undefined);
  assert.equal(pickDeployment(trafficTable({ a: 0 }), Math.random), undefined);
  assert.equal(pickMirror({ green: 10 }, () => 0.05), 'green');
  assert.equal(pickMirror({ green: 10 }, () => 0.5), undefined);
  assert.equal(pickMirror(undefined, () => 0), undefined);
  const rand = seeded(7);
  let mirrored = 0;
  for (let i = 0; i < 1000; i++) if (pickMirror({ green: 20 }, rand)) mirrored++;
  assert.ok(Math.abs(mirrored / 1000 - 0.2) <= 0.03, `mirrored ${mirrored}`);
});
