import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { loadOrCreateCa, normalizeName } from './local-ca.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const clock = { now: () => T0 };

function tempPaths() {
  const root = mkdtempSync(join(tmpdir(), 'cerulean-ca-'));
  const caDir = join(root, 'ca');
  return { root, paths: { caDir, caCert: join(caDir, 'ca.pem'), caKey: join(caDir, 'ca-key.pem') } };
}

test('creates an EC P-256 CA with the right extensions, validity and file modes', async (t) => {
  const { root, paths } = tempPaths();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ca = await loadOrCreateCa(paths, { clock });

  assert.equal(statSync(paths.caDir).mode & 0o777, 0o700);
  assert.equal(statSync(paths.caKey).mode & 0o777, 0o600);
  assert.equal(statSync(paths.caCert).mode & 0o777, 0o644);
  assert.equal(readFileSync(paths.caCert, 'utf8'), ca.certPem);
  const keyPem = readFileSync(paths.caKey, 'utf8');
  assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  const key = createPrivateKey(keyPem);
  assert.equal(key.asymmetricKeyType, 'ec');
  assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');

  const node = new X509Certificate(ca.certPem);
  assert.equal(node.ca, true);
  assert.equal(node.subject, 'CN=Cerulean Local CA');
  assert.equal(node.issuer, 'CN=Cerulean Local CA');
  assert.ok(node.checkPrivateKey(key));
  assert.equal(new Date(node.validFrom).getTime(), T0 - DAY);
  assert.equal(new Date(node.validTo).getTime(), T0 + 3650 * DAY);

  const cert = new x509.X509Certificate(ca.certPem);
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  assert.ok(bc && bc.ca && bc.critical);
  assert.equal(bc.pathLength, 0);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  assert.ok(ku?.critical);
  assert.equal(ku.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
  assert.match(cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ?? '', /^[0-9a-f]{40}$/);
  assert.ok(await cert.verify({ signatureOnly: true }));
});

test('a second load keeps the same CA, and its leaves chain to it', async (t) => {
  const { root, paths } = tempPaths();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const first = await loadOrCreateCa(paths);
  const keyBefore = readFileSync(paths.caKey, 'utf8');
  const second = await loadOrCreateCa(paths);
  assert.equal(second.certPem, first.certPem);
  assert.equal(readFileSync(paths.caKey, 'utf8'), keyBefore);
  const leaf = new X509Certificate((await second.issueLeaf('management.azure.com')).certPem);
  const caCert = new X509Certificate(first.certPem);
  assert.ok(leaf.checkIssued(caCert));
  assert.ok(leaf.verify(caCert.publicKey));
});

test('issues a leaf per exact host with serverAuth, critical KU/BC, SKI+AKI, 90-day validity', async (t) => {
  const { root, paths } = tempPaths();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ca = await loadOrCreateCa(paths, { clock });
  const caCert = new X509Certificate(ca.certPem);
  const host = 'my-ep.eastus.inference.ml.azure.com';
  const a = await ca.issueLeaf(host.toUpperCase());
  const b = await ca.issueLeaf('management.azure.com');

  const leaf = new X509Certificate(a.certPem);
  assert.ok(leaf.checkIssued(caCert));
  assert.ok(leaf.verify(caCert.publicKey));
  assert.equal(leaf.checkHost(host), host);
  assert.equal(leaf.checkHost('other.eastus.inference.ml.azure.com'), undefined);
  assert.equal(leaf.subjectAltName, `DNS:${host}`);
  assert.equal(leaf.ca, false);
  assert.ok(leaf.checkPrivateKey(createPrivateKey(a.keyPem)));
  assert.equal(new Date(leaf.validFrom).getTime(), T0 - DAY);
  assert.equal(new Date(leaf.validTo).getTime(), T0 + 90 * DAY);

  const parsed = new x509.X509Certificate(a.certPem);
  const bc = parsed.getExtension(x509.BasicConstraintsExtension);
  assert.ok(bc && bc.critical && !bc.ca);
  const ku = parsed.getExtension(x509.KeyUsagesExtension);
  assert.ok(ku?.critical);
  assert.equal(ku.usages, x509.KeyUsageFlags.digitalSignature);
  assert.deepEqual([...(parsed.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])], [x509.ExtendedKeyUsage.serverAuth]);
  const caSki = new x509.X509Certificate(ca.certPem).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  assert.equal(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId, caSki);
  assert.ok(parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
  assert.match(leaf.serialNumber, /^[0-7][0-9A-F]{31}$/); // 16 bytes, positive

  // One leaf key per process, fresh serials.
  assert.equal(b.keyPem, a.keyPem);
  assert.notEqual(new X509Certificate(b.certPem).serialNumber, leaf.serialNumber);
});

test('issues IP and multi-name leaves (the loopback default certificate)', async (t) => {
  const { root, paths } = tempPaths();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ca = await loadOrCreateCa(paths);
  const ip = new X509Certificate((await ca.issueLeaf('169.254.169.254')).certPem);
  assert.equal(ip.checkIP('169.254.169.254'), '169.254.169.254');
  assert.equal(ip.subjectAltName, 'IP Address:169.254.169.254');
  const multi = new X509Certificate((await ca.issueLeaf(['localhost', '127.0.0.1', '[::1]'])).certPem);
  assert.equal(multi.checkHost('localhost'), 'localhost');
  assert.equal(multi.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(multi.checkIP('::1'), '::1');
  await assert.rejects(ca.issueLeaf('bad host/name'), /Not a host name/);
  await assert.rejects(ca.issueLeaf([]), /at least one/);
});

test('refuses a certificate without its key or with a foreign key; restarts an unfinished creation', async (t) => {
  const { root, paths } = tempPaths();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ca = await loadOrCreateCa(paths);
  const foreign = tempPaths();
  t.after(() => rmSync(foreign.root, { recursive: true, force: true }));
  await loadOrCreateCa(foreign.paths);

  writeFileSync(paths.caKey, readFileSync(foreign.paths.caKey));
  await assert.rejects(loadOrCreateCa(paths), /does not match/);

  rmSync(paths.caKey);
  await assert.rejects(loadOrCreateCa(paths), /private key .* is missing/);

  // Key present, certificate missing: the creation never completed, so a new CA is made.
  rmSync(paths.caCert);
  writeFileSync(paths.caKey, 'partial', { mode: 0o600 });
  const fresh = await loadOrCreateCa(paths);
  assert.notEqual(fresh.certPem, ca.certPem);
  assert.ok(existsSync(paths.caCert));
});

test('normalizeName lower-cases, strips IPv6 brackets and rejects junk', () => {
  assert.equal(normalizeName('Management.Azure.COM'), 'management.azure.com');
  assert.equal(normalizeName('[::1]'), '::1');
  assert.throws(() => normalizeName('a..b'), /Not a host name/);
  assert.throws(() => normalizeName('host:443'), /Not a host name/);
  assert.throws(() => normalizeName(''), /Not a host name/);
});
