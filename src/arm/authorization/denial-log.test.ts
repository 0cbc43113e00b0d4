import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { DENIAL_KIND, denialLogFor, openDenialLog, type DenialRecord } from './denial-log.js';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333';
const RG = `${SUB}/resourceGroups/rg1`;
const OTHER = `${SUB}/resourceGroups/rg10`;
const ACCT = `${RG}/providers/Microsoft.Storage/storageAccounts/acct`;
const ALICE = 'aaaaaaaa-0000-0000-0000-000000000001';
const BOB = 'bbbbbbbb-0000-0000-0000-000000000002';

function storeDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'denials-')), 'store');
}

let n = 0;
function rec(scope: string, principal = ALICE, action = 'Microsoft.Storage/storageAccounts/write'): DenialRecord {
  n += 1;
  return {
    id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    principal,
    principalType: 'User',
    client: 'alice@example.test',
    plane: 'arm',
    mode: 'strict',
    enforced: true,
    action,
    dataAction: false,
    scope,
    explanation: `denial ${n}`,
    suggestions: [],
  };
}

test('bounded: keeps the newest `max`, prunes the store in batches', () => {
  const store = openSqliteStore(storeDir());
  const log = openDenialLog(store, { max: 20 });
  const written = Array.from({ length: 22 }, () => log.append(rec(RG)));
  // Within one batch (a tenth of max) above the bound, nothing is deleted yet, but only the newest 20 are served.
  assert.equal(store.count(DENIAL_KIND), 22);
  assert.deepEqual(log.all(), written.slice(2));
  written.push(log.append(rec(RG)));
  // The 23rd crosses max + batch: the store is cut back to max in one go.
  assert.equal(store.count(DENIAL_KIND), 20);
  assert.deepEqual(log.all(), written.slice(3));
  for (let i = 0; i < 2; i++) written.push(log.append(rec(RG)));
  assert.equal(store.count(DENIAL_KIND), 22);
  assert.equal(log.query().length, 20);
  assert.equal(log.query()[0], written[written.length - 1]);
  store.close();
});

test('persists across reopen, in order, and new denials sort after the old ones', () => {
  const dir = storeDir();
  let store = openSqliteStore(dir);
  const first = [rec(RG), rec(ACCT), rec(OTHER)];
  const log = openDenialLog(store);
  for (const r of first) log.append(r);
  store.close();

  store = openSqliteStore(dir);
  const reopened = openDenialLog(store);
  assert.deepEqual(reopened.all(), first);
  const later = reopened.append(rec(RG));
  assert.deepEqual(reopened.query().map((r) => r.id), [later.id, first[2].id, first[1].id, first[0].id]);
  store.close();
  store = openSqliteStore(dir);
  assert.deepEqual(openDenialLog(store).all(), [...first, later]);
  // Reopening with a smaller bound prunes what is over it.
  const small = openDenialLog(store, { max: 1 });
  assert.deepEqual(small.all(), [later]);
  assert.equal(store.count(DENIAL_KIND), 1);
  store.close();
});

test('query: scope at or below (case-insensitive, not sibling prefixes), principal, top, newest first', () => {
  const store = openSqliteStore(storeDir());
  const log = openDenialLog(store);
  const a = log.append(rec(RG));
  const b = log.append(rec(ACCT, BOB));
  const c = log.append(rec(OTHER));
  const d = log.append(rec(SUB, BOB));
  assert.deepEqual(log.query({ scope: SUB }), [d, c, b, a]);
  assert.deepEqual(log.query({ scope: RG.toUpperCase() }), [b, a]);
  assert.deepEqual(log.query({ scope: ACCT }), [b]);
  assert.deepEqual(log.query({ scope: `${RG}/providers/Microsoft.Storage/storageAccounts/other` }), []);
  assert.deepEqual(log.query({ scope: SUB, principalId: BOB.toUpperCase() }), [d, b]);
  assert.deepEqual(log.query({ scope: SUB, top: 2 }), [d, c]);
  assert.deepEqual(log.query({ scope: RG, principalId: ALICE, top: 1 }), [a]);
  store.close();
});

test('one shared log per store', () => {
  const store = openSqliteStore(storeDir());
  assert.equal(denialLogFor(store), denialLogFor(store));
  const other = openSqliteStore(storeDir());
  assert.notEqual(denialLogFor(store), denialLogFor(other));
  store.close();
  other.close();
});
