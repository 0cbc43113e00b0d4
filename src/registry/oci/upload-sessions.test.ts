import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { randomIds } from '../../shared/ids.js';
import { manualClock } from '../../identity/test-support.js';
import { digestOf } from './digest.js';
import { OciContent } from './oci-content.js';
import { OciRecords } from './oci-records.js';
import { UploadSessions, parseChunkRange } from './upload-sessions.js';
import { isApiError } from '../../shared/errors.js';

let dir: string;
let store: Store;
let content: OciContent;
let records: OciRecords;
let sessions: UploadSessions;
const clock = manualClock();
const LS = 'reg01.azurecr.io';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uploads-'));
  store = openSqliteStore(join(dir, 'store'));
  content = new OciContent(join(dir, 'registry'));
  content.init();
  records = new OciRecords(store);
  sessions = new UploadSessions({ content, records, clock, ids: randomIds, maxBlobBytes: 1000 });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const body = (s: string | Buffer) => Readable.from([Buffer.from(s)]);
async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return `${e.status} ${e.code}`;
    throw e;
  }
  return 'ok';
}

test('parseChunkRange reads the forms clients send', () => {
  assert.deepEqual(parseChunkRange('0-99'), { start: 0, end: 99 });
  assert.deepEqual(parseChunkRange('bytes 100-199/*'), { start: 100, end: 199 });
  assert.deepEqual(parseChunkRange('bytes=5-5'), { start: 5, end: 5 });
  assert.equal(parseChunkRange('9-1'), undefined);
  assert.equal(parseChunkRange('abc'), undefined);
});

test('chunks append in order; a gap or overlap is 416; the digest is verified and the blob committed 0600', async () => {
  const u = await sessions.start(LS, 'repo');
  assert.equal((await sessions.append(LS, 'repo', u.uuid, { body: body('hello '), range: '0-5', length: 6 })).size, 6);
  assert.equal(await code(sessions.append(LS, 'repo', u.uuid, { body: body('x'), range: '3-3' })), '416 BLOB_UPLOAD_INVALID');
  assert.equal(await code(sessions.append(LS, 'repo', u.uuid, { body: body('wor'), length: 5 })), '400 SIZE_INVALID');
  assert.equal(sessions.get(LS, 'repo', u.uuid).size, 6, 'a short chunk is rolled back');
  const done = await sessions.finalize(LS, 'repo', u.uuid, digestOf(Buffer.from('hello world')), { body: body('world') });
  assert.deepEqual(done, { digest: digestOf(Buffer.from('hello world')), size: 11 });
  const path = content.blobPath(done.digest);
  assert.equal(readFileSync(path, 'utf8'), 'hello world');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(content.blobsDir).mode & 0o777, 0o700);
  assert.ok(records.blobLink(LS, 'repo', done.digest));
  assert.equal(records.upload(u.uuid), undefined);
  assert.equal(await code(sessions.append(LS, 'repo', u.uuid, { body: body('x') })), '404 BLOB_UPLOAD_UNKNOWN');
});

test('a wrong digest cancels the session and stores nothing; sessions belong to their repository', async () => {
  const u = await sessions.start(LS, 'repo');
  assert.equal(await code(sessions.append(LS, 'other', u.uuid, { body: body('x') })), '404 BLOB_UPLOAD_UNKNOWN');
  await sessions.append(LS, 'repo', u.uuid, { body: body('abc') });
  assert.equal(await code(sessions.finalize(LS, 'repo', u.uuid, digestOf(Buffer.from('abd')))), '400 DIGEST_INVALID');
  assert.equal(existsSync(content.blobPath(digestOf(Buffer.from('abd')))), false);
  assert.equal(existsSync(content.uploadPath(u.uuid)), false);
  assert.equal(await code(sessions.finalize(LS, 'repo', 'not-a-guid', digestOf(Buffer.from('abc')))), '404 BLOB_UPLOAD_UNKNOWN');
});

test('identical content is stored once; limits and cancel; the sweep drops idle sessions and orphan files', async () => {
  const a = await sessions.monolithic(LS, 'one', digestOf(Buffer.from('same')), { body: body('same') });
  const b = await sessions.monolithic(LS, 'two', digestOf(Buffer.from('same')), { body: body('same') });
  assert.equal(a.digest, b.digest);
  assert.ok(records.blobLink(LS, 'one', a.digest) && records.blobLink(LS, 'two', a.digest));
  assert.equal(await code(sessions.monolithic(LS, 'one', digestOf(Buffer.alloc(1001)), { body: body(Buffer.alloc(1001)) })), '413 SIZE_INVALID');
  const c = await sessions.start(LS, 'one');
  await sessions.cancel(LS, 'one', c.uuid);
  assert.equal(existsSync(content.uploadPath(c.uuid)), false);
  const idle = await sessions.start(LS, 'one');
  clock.advance(2 * 3600_000);
  const fresh = await sessions.start(LS, 'one');
  const swept = sessions.sweep(3600_000);
  assert.equal(swept.expired, 1);
  assert.equal(swept.orphans, 1);
  assert.equal(records.upload(idle.uuid), undefined);
  assert.ok(records.upload(fresh.uuid));
});

test('concurrent chunks on one session are serialised', async () => {
  const u = await sessions.start(LS, 'repo');
  const results = await Promise.allSettled([
    sessions.append(LS, 'repo', u.uuid, { body: body('aaaa'), range: '0-3' }),
    sessions.append(LS, 'repo', u.uuid, { body: body('bbbb'), range: '4-7' }),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled']);
  assert.equal(readFileSync(content.uploadPath(u.uuid), 'utf8'), 'aaaabbbb');
});

test('the start-up sweep removes blob files no repository links', async () => {
  const kept = await sessions.monolithic(LS, 'repo', digestOf(Buffer.from('kept')), { body: body('kept') });
  const stray = digestOf(Buffer.from('stray'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(content.blobPath(stray), 'stray');
  assert.equal(content.sweepBlobs(records.allLinkedDigests()), 1);
  assert.ok(content.hasBlob(kept.digest));
  assert.equal(content.hasBlob(stray), false);
});
