import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { PlatformContext } from '../../platform/context.js';
import { INSTANCE_UID_BASE, WORKLOAD_UID_BASE, WORKLOAD_UID_COUNT } from '../../runtime/sandbox.js';
import { deleteComputeHome, nextInstanceUid, putComputeHome } from './compute-records.js';

const ws = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes';

test('instance uids: their own range, distinct, kept in the store, not handed out again at once after a delete', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-uids-'));
  try {
    let store = openSqliteStore(join(dir, 'store'));
    const ctx = { store } as unknown as PlatformContext;
    assert.ok(INSTANCE_UID_BASE >= WORKLOAD_UID_BASE + WORKLOAD_UID_COUNT, 'the ranges do not overlap');
    const a = nextInstanceUid(ctx);
    putComputeHome(ctx, { id: `${ws}/a`, dir: '/x/a', uid: a });
    const b = nextInstanceUid(ctx);
    putComputeHome(ctx, { id: `${ws}/b`, dir: '/x/b', uid: b });
    assert.deepEqual([a, b], [INSTANCE_UID_BASE, INSTANCE_UID_BASE + 1]);
    deleteComputeHome(ctx, `${ws}/a`);
    const c = nextInstanceUid(ctx);
    assert.equal(c, INSTANCE_UID_BASE + 2, "a deleted instance's uid is not the next one given");
    putComputeHome(ctx, { id: `${ws}/c`, dir: '/x/c', uid: c });
    store.close();
    // Across a restart the counter and the holders come from the store.
    store = openSqliteStore(join(dir, 'store'));
    const d = nextInstanceUid({ store } as unknown as PlatformContext);
    assert.equal(d, INSTANCE_UID_BASE + 3);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
