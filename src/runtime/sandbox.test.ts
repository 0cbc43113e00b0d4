import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataPaths } from '../shared/data-home.js';
import { UidAllocator, WORKLOAD_UID_BASE, createSandbox, firstUnenterable, hardenDataHome, removeSandbox } from './sandbox.js';

test('uids are handed out from the workload range and reused once released', () => {
  const a = new UidAllocator();
  const u1 = a.allocate();
  const u2 = a.allocate();
  assert.ok(u1 > WORKLOAD_UID_BASE && u2 > WORKLOAD_UID_BASE);
  assert.notEqual(u1, u2);
  a.release(u1);
  const seen = new Set<number>();
  for (let i = 0; i < 5; i++) seen.add(a.allocate());
  assert.ok(!seen.has(u2));
});

test('uids go round the whole range before coming back, from where a previous allocator left off', () => {
  const moves: number[] = [];
  const a = new UidAllocator({ moved: (n) => moves.push(n) });
  const u1 = a.allocate();
  a.release(u1);
  const u2 = a.allocate();
  assert.equal(u2, u1 + 1, 'a released uid is not the next one');
  assert.deepEqual(moves, [2, 3]);
  const b = new UidAllocator({ start: moves.at(-1) });
  assert.equal(b.allocate(), u2 + 1);
  assert.equal(new UidAllocator({ start: -5 }).allocate(), WORKLOAD_UID_BASE + 1, 'a bad position starts over');
});

test('a sandbox is private and removed whole', () => {
  const root = mkdtempSync(join(tmpdir(), 'cerulean-sandbox-'));
  try {
    const box = createSandbox(join(root, 'workloads'), 'w1');
    for (const d of [box.dir, box.home, box.tmp, box.azureConfig]) assert.equal(statSync(d).mode & 0o777, 0o700);
    assert.equal(statSync(join(root, 'workloads')).mode & 0o777, 0o711);
    writeFileSync(join(box.tmp, 'f'), 'x');
    removeSandbox(box);
    assert.throws(() => statSync(box.dir));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the data home keeps its secrets to itself', () => {
  const root = mkdtempSync(join(tmpdir(), 'cerulean-home-'));
  try {
    const paths = dataPaths(root);
    mkdirSync(paths.caDir, { recursive: true });
    writeFileSync(paths.caKey, 'k', { mode: 0o644 });
    writeFileSync(paths.caCert, 'c', { mode: 0o600 });
    mkdirSync(paths.keysDir, { mode: 0o755 });
    hardenDataHome(paths);
    assert.equal(statSync(root).mode & 0o777, 0o711);
    assert.equal(statSync(paths.keysDir).mode & 0o777, 0o700);
    assert.equal(statSync(paths.storeDir).mode & 0o777, 0o700);
    assert.equal(statSync(paths.blobsDir).mode & 0o777, 0o700);
    assert.equal(statSync(paths.caKey).mode & 0o777, 0o600);
    assert.equal(statSync(paths.caCert).mode & 0o777, 0o644);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('firstUnenterable names the directory a uid cannot search', () => {
  const root = mkdtempSync(join(tmpdir(), 'cerulean-enter-'));
  try {
    chmodSync(root, 0o755);
    const closed = join(root, 'closed');
    mkdirSync(join(closed, 'inner'), { recursive: true });
    chmodSync(closed, 0o700);
    const st = statSync(closed);
    const stranger = WORKLOAD_UID_BASE + 99;
    assert.equal(firstUnenterable(root, stranger, stranger), undefined);
    assert.equal(firstUnenterable(join(closed, 'inner'), stranger, stranger), closed);
    assert.equal(firstUnenterable(join(closed, 'inner'), st.uid, st.gid), undefined);
    assert.equal(firstUnenterable(join(root, 'missing'), stranger, stranger), join(root, 'missing'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
