/**
 * `kill -9` of `cerulean start` in the middle of a Put Blob, and between Put Block and Put Block List, with workloads
 * running: after a restart on the same data home nothing partial is visible, committed blobs are intact, staged blocks
 * can still be committed, and no workload process (nor anything it started) outlived the platform.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPlatformProcess, removeHome, newHome, type PlatformProcess } from '../../support/platform-process.js';
import { ceruleanExec } from '../workloads/fixtures/workloads-setup.js';
import { contentFiles, pidsRunning, rawRequest, requestHead, setupStorage, storageToken, tunnel, waitFor, type DurabilityFixture } from './fixtures/raw-blob.js';

const MiB = 1024 * 1024;
const home = newHome();
let p: PlatformProcess | undefined;

after(async () => {
  await p?.stop();
  removeHome(home);
});

const blockId = (n: number) => Buffer.from(`block-${String(n).padStart(4, '0')}`).toString('base64');

test('kill -9 mid Put Blob and between Put Block and Put Block List: nothing partial after restart, no workload survives', { timeout: 120_000 }, async () => {
  p = await startPlatformProcess({ home });
  const f: DurabilityFixture = await setupStorage(p, 'crash', `crash${randomBytes(4).toString('hex')}`, 'box');
  let token = await f.token();
  const req = (method: string, path: string, headers: Record<string, string>, body: Buffer | string = '') =>
    rawRequest(p!, f.host, requestHead(method, path, f.host, { Authorization: `Bearer ${token}`, 'Content-Length': String(Buffer.byteLength(body)), ...headers }), body);

  // Committed before the crash: one blob by Put Blob, one by Put Block + Put Block List.
  const single = randomBytes(3 * MiB);
  assert.equal((await req('PUT', '/box/single.bin', { 'x-ms-blob-type': 'BlockBlob' }, single)).status, 201);
  const parts = [randomBytes(MiB), randomBytes(MiB / 2)];
  for (const [i, part] of parts.entries()) assert.equal((await req('PUT', `/box/blocks.bin?comp=block&blockid=${encodeURIComponent(blockId(i))}`, {}, part)).status, 201);
  const list = `<?xml version="1.0" encoding="utf-8"?><BlockList>${parts.map((_, i) => `<Latest>${blockId(i)}</Latest>`).join('')}</BlockList>`;
  assert.equal((await req('PUT', '/box/blocks.bin?comp=blocklist', {}, list)).status, 201);
  const committed = Buffer.concat(parts);

  // Staged, not committed, when the platform dies.
  const staged = [randomBytes(MiB), randomBytes(MiB)];
  for (const [i, part] of staged.entries()) assert.equal((await req('PUT', `/box/staged.bin?comp=block&blockid=${encodeURIComponent(blockId(i))}`, {}, part)).status, 201);

  // Workloads: a plain process, and a shell that left a background child behind.
  const cwd = '/tmp';
  const direct = ceruleanExec(p, ['--', '/bin/sleep', '317.25'], { cwd });
  const shell = ceruleanExec(p, ['--', '/bin/sh', '-c', '/bin/sleep 318.25 & /bin/sleep 319.25; wait'], { cwd });
  const spawned = [['/bin/sleep', '317.25'], ['/bin/sleep', '318.25'], ['/bin/sleep', '319.25']];
  await waitFor('the workloads to start', () => spawned.every((argv) => pidsRunning(argv).length === 1), 20_000);

  // A Put Blob in flight: 8 of 64 MiB sent, already streaming into a temporary file.
  const dataBefore = contentFiles(home).data.length;
  const sock = await tunnel(p, f.host);
  sock.on('error', () => {});
  sock.write(`${requestHead('PUT', '/box/partial.bin', f.host, { Authorization: `Bearer ${token}`, 'x-ms-blob-type': 'BlockBlob', 'Content-Length': String(64 * MiB) })}\r\n\r\n`);
  sock.write(randomBytes(8 * MiB));
  await waitFor('the upload to reach a temporary file', () => {
    const [tmp] = contentFiles(home).tmp;
    try {
      return tmp !== undefined && statSync(join(home, 'blobs', 'tmp', tmp)).size > MiB;
    } catch {
      return false;
    }
  });

  await p.stop('SIGKILL');
  sock.destroy();
  await waitFor('every workload process to be gone', () => spawned.every((argv) => pidsRunning(argv).length === 0), 5_000).catch(() => {
    assert.fail(`still running after kill -9 of the platform: ${spawned.filter((argv) => pidsRunning(argv).length > 0).map((a) => a.join(' ')).join(', ')}`);
  });
  for (const r of await Promise.all([direct, shell])) assert.notEqual(r.code, 0);

  assert.equal(readdirSync(join(home, 'workloads')).length, 2, 'the killed workloads left their sandboxes');
  p = await startPlatformProcess({ home });
  token = await storageToken(p, f.sp);
  assert.deepEqual(readdirSync(join(home, 'workloads')), [], 'sandboxes of killed workloads are removed at start');
  assert.deepEqual(contentFiles(home).tmp, [], 'temporary files are swept at start');
  assert.equal(contentFiles(home).data.length, dataBefore, 'content files: the committed blobs and the staged blocks, nothing else');

  const partial = await req('GET', '/box/partial.bin', {});
  assert.equal(partial.status, 404);
  assert.equal(partial.headers['x-ms-error-code'], 'BlobNotFound');
  const stagedGet = await req('GET', '/box/staged.bin', {});
  assert.equal(stagedGet.headers['x-ms-error-code'], 'BlobNotFound');
  const names = await req('GET', '/box?restype=container&comp=list', {});
  assert.deepEqual([...names.body.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]), ['blocks.bin', 'single.bin']);

  for (const [name, content] of [['single.bin', single], ['blocks.bin', committed]] as const) {
    const got = await req('GET', `/box/${name}`, {});
    assert.equal(got.status, 200, name);
    assert.ok(got.raw.equals(content), `${name} is intact`);
  }
  const blocksList = await req('GET', '/box/blocks.bin?comp=blocklist&blocklisttype=committed', {});
  assert.equal([...blocksList.body.matchAll(/<Block>/g)].length, 2);

  // The staged blocks survived as uncommitted blocks; committing them now makes the whole blob at once.
  const all = await req('GET', '/box/staged.bin?comp=blocklist&blocklisttype=all', {});
  assert.equal(all.status, 200, all.body);
  assert.deepEqual([...all.body.matchAll(/<Name>([^<]*)<\/Name><Size>(\d+)<\/Size>/g)].map((m) => [m[1], Number(m[2])]), [[blockId(0), MiB], [blockId(1), MiB]]);
  const commit = await req('PUT', '/box/staged.bin?comp=blocklist', {}, `<BlockList><Latest>${blockId(0)}</Latest><Latest>${blockId(1)}</Latest></BlockList>`);
  assert.equal(commit.status, 201, commit.body);
  const whole = await req('GET', '/box/staged.bin', {});
  assert.equal(whole.status, 200);
  assert.ok(whole.raw.equals(Buffer.concat(staged)), 'the committed staged blocks');
});
