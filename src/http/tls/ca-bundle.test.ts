import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCaBundle } from './ca-bundle.js';

const CA = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
const ROOT = '-----BEGIN CERTIFICATE-----\nUk9PVA==\n-----END CERTIFICATE-----'; // no trailing newline

test('system roots first, then the CA; 0644; replaced atomically', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const roots = join(dir, 'roots.pem');
  writeFileSync(roots, ROOT);
  const bundle = join(dir, 'out', 'bundle.pem');
  const old = process.umask(0o077);
  try {
    assert.equal(writeCaBundle(bundle, CA, { systemRootCandidates: [join(dir, 'missing.pem'), roots] }), bundle);
  } finally {
    process.umask(old);
  }
  const text = readFileSync(bundle, 'utf8');
  assert.ok(text.startsWith(ROOT + '\n'));
  assert.ok(text.endsWith(CA));
  assert.equal(statSync(bundle).mode & 0o777, 0o644);

  writeCaBundle(bundle, CA.replace('Q0E=', 'TkVX'), { systemRootCandidates: [roots] });
  assert.match(readFileSync(bundle, 'utf8'), /TkVX/);
  assert.deepEqual(readdirSync(join(dir, 'out')), ['bundle.pem']);
});

test('just the CA when no system roots exist', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'bundle.pem');
  writeCaBundle(bundle, CA.trimEnd(), { systemRootCandidates: [join(dir, 'nope.pem')] });
  const text = readFileSync(bundle, 'utf8');
  assert.equal(text.match(/BEGIN CERTIFICATE/g)?.length, 1);
  assert.ok(text.endsWith(CA));
});

test('the default candidates pick up this machine\'s roots', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = writeCaBundle(join(dir, 'bundle.pem'), CA);
  const count = readFileSync(bundle, 'utf8').match(/BEGIN CERTIFICATE/g)?.length ?? 0;
  const hasSystemRoots = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem']
    .some((p) => { try { return statSync(p).isFile(); } catch { return false; } });
  assert.ok(hasSystemRoots ? count > 1 : count === 1);
});
