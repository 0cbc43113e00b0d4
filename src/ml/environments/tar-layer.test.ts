import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { buildLayer, tarOf } from './tar-layer.js';

function readTar(tar: Buffer): Array<{ name: string; type: string; size: number; content: Buffer; checksumOk: boolean }> {
  const out = [];
  let off = 0;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number) => h.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12), 8);
    const prefix = str(345, 155);
    const name = (prefix ? prefix + '/' : '') + str(0, 100);
    const stored = parseInt(str(148, 8).trim(), 8);
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    const sum = copy.reduce((a, b) => a + b, 0);
    out.push({ name, type: str(156, 1), size, content: tar.subarray(off + 512, off + 512 + size), checksumOk: sum === stored });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

test('the layer is a gzip ustar archive with parent directories and valid checksums', () => {
  const long = `azureml-environment-setup/context/${'d'.repeat(80)}/${'f'.repeat(60)}.txt`;
  const layer = buildLayer([
    { path: 'azureml-environment-setup/conda.yml', content: Buffer.from('name: env\n') },
    { path: long, content: Buffer.alloc(1000, 1) },
  ]);
  const tar = gunzipSync(layer.blob);
  assert.equal(layer.diffId, `sha256:${createHash('sha256').update(tar).digest('hex')}`);
  assert.equal(layer.digest, `sha256:${createHash('sha256').update(layer.blob).digest('hex')}`);
  const entries = readTar(tar);
  assert.ok(entries.every((e) => e.checksumOk));
  assert.deepEqual(entries.filter((e) => e.type === '5').map((e) => e.name).slice(0, 2), ['azureml-environment-setup/', 'azureml-environment-setup/context/']);
  const conda = entries.find((e) => e.name === 'azureml-environment-setup/conda.yml')!;
  assert.equal(conda.content.toString(), 'name: env\n');
  assert.equal(entries.find((e) => e.name === long)?.size, 1000);
});

test('same files give the same digest; unsafe paths are refused', () => {
  const a = buildLayer([{ path: 'x/y', content: Buffer.from('1') }]);
  const b = buildLayer([{ path: 'x/y', content: Buffer.from('1') }]);
  assert.equal(a.digest, b.digest);
  assert.throws(() => tarOf([{ path: 'a/../b', content: Buffer.alloc(0) }]), /invalid layer path/);
});
