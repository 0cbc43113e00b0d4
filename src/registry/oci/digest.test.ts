import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Digester, digestFile, digestOf, looksLikeDigest, parseDigest } from './digest.js';

const hex = createHash('sha256').update('hello').digest('hex');

test('parseDigest accepts sha256/sha512 lower-case hex of the right length only', () => {
  assert.deepEqual(parseDigest(`sha256:${hex}`), { algorithm: 'sha256', hex, digest: `sha256:${hex}` });
  assert.equal(parseDigest(`sha256:${hex.toUpperCase()}`), undefined);
  assert.equal(parseDigest(`sha256:${hex.slice(1)}`), undefined);
  assert.equal(parseDigest(`md5:${hex}`), undefined);
  assert.equal(parseDigest(`sha256:../../etc/passwd`), undefined);
  assert.equal(parseDigest(undefined), undefined);
  assert.ok(parseDigest('sha512:' + 'a'.repeat(128)));
  assert.ok(looksLikeDigest('blake3:abc'));
  assert.ok(!looksLikeDigest('latest'));
});

test('digests of bytes, streamed chunks and files agree', async () => {
  assert.equal(digestOf(Buffer.from('hello')), `sha256:${hex}`);
  const d = new Digester('sha256');
  d.update(Buffer.from('he'));
  d.update(Buffer.from('llo'));
  assert.equal(d.digest(), `sha256:${hex}`);
  assert.equal(d.size, 5);
  const dir = mkdtempSync(join(tmpdir(), 'digest-'));
  try {
    writeFileSync(join(dir, 'f'), 'hello');
    assert.deepEqual(await digestFile(join(dir, 'f'), 'sha256'), { digest: `sha256:${hex}`, size: 5 });
    assert.equal((await digestFile(join(dir, 'f'), 'sha512')).digest, digestOf(Buffer.from('hello'), 'sha512'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
