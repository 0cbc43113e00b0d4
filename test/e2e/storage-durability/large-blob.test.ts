/**
 * A 256 MiB blob through @azure/storage-blob (uploadFile in 8 MiB blocks, downloadToFile) comes back intact (MD5),
 * while the peak resident set (VmHWM) of the `cerulean start` process grows by less than 64 MiB: blob contents are
 * streamed, never held in memory.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { runNodeScript } from '../../support/run-node.js';
import { peakRss, setupStorage, type DurabilityFixture } from './fixtures/raw-blob.js';

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
const script = join(new URL('.', import.meta.url).pathname, 'fixtures', 'big-transfer.ts');

let p: PlatformProcess;
let f: DurabilityFixture;
let dir: string;

before(async () => {
  p = await startPlatformProcess();
  f = await setupStorage(p, 'large', `big${randomBytes(4).toString('hex')}`, 'big');
  dir = mkdtempSync(join(tmpdir(), 'cerulean-big-'));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Writes `size` random bytes to `path`; returns their MD5. */
function randomFile(path: string, size: number): string {
  const hash = createHash('md5');
  const buf = Buffer.allocUnsafe(4 * MiB);
  const fd = openSync(path, 'w');
  try {
    for (let left = size; left > 0; left -= buf.length) {
      const chunk = buf.subarray(0, Math.min(buf.length, left));
      randomFillSync(chunk);
      hash.update(chunk);
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

async function fileMd5(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function transfer(blob: string, opts: { upload?: string; download?: string }): Promise<any> {
  const cfg = { account: f.account, container: f.container, blob, tenant: p.runtime.tenantId, appId: f.sp.appId, secret: f.sp.secret, ...opts };
  const r = await runNodeScript(script, { HTTPS_PROXY: p.runtime.proxyUrl, NODE_EXTRA_CA_CERTS: p.runtime.caCert }, [JSON.stringify(cfg)]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

test('a 256 MiB blob uploads and downloads intact; the platform peak RSS grows by less than 64 MiB', { timeout: 150_000 }, async (t) => {
  // Warm up every path a large transfer takes (token, TLS, proxy, blocks, commit, download) with a small file first.
  const small = join(dir, 'small.bin');
  randomFile(small, 24 * MiB);
  await transfer('warm-up.bin', { upload: small, download: join(dir, 'small.out') });
  const baseline = peakRss(p.proc.pid!);

  const src = join(dir, 'big.bin');
  const md5 = randomFile(src, SIZE);
  const out = join(dir, 'big.out');
  const r = await transfer('big.bin', { upload: src, download: out });
  assert.equal(r.blocks, SIZE / (8 * MiB));
  assert.equal(r.contentLength, SIZE);
  assert.equal(statSync(out).size, SIZE);
  assert.equal(await fileMd5(out), md5);

  const grown = peakRss(p.proc.pid!) - baseline;
  t.diagnostic(`platform VmHWM ${(baseline / MiB).toFixed(1)} MiB -> +${(grown / MiB).toFixed(1)} MiB; upload ${r.uploadMs} ms, download ${r.downloadMs} ms`);
  assert.ok(grown < 64 * MiB, `peak RSS of the platform grew by ${(grown / MiB).toFixed(1)} MiB (baseline ${(baseline / MiB).toFixed(1)} MiB; upload ${r.uploadMs} ms, download ${r.downloadMs} ms)`);
});
