import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { loadOrCreateCa, type LocalCa } from './local-ca.js';
import { createSniContexts } from './sni-contexts.js';

const INFERENCE = /^[a-z0-9-]+\.[a-z0-9-]+\.inference\.ml\.azure\.com$/;
const allowed = (h: string) => h === 'management.azure.com' || INFERENCE.test(h);

async function makeCa(t: { after(fn: () => void): void }): Promise<LocalCa> {
  const root = mkdtempSync(join(tmpdir(), 'cerulean-sni-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return loadOrCreateCa({ caDir: join(root, 'ca'), caCert: join(root, 'ca', 'ca.pem'), caKey: join(root, 'ca', 'key.pem') });
}

test('caches one context per lower-cased host and refuses unknown hosts', async (t) => {
  const ca = await makeCa(t);
  let issued = 0;
  const counting: LocalCa = { certPem: ca.certPem, issueLeaf: (h) => (issued++, ca.issueLeaf(h)) };
  const sni = createSniContexts(counting, allowed);
  const a = sni.contextFor('Management.Azure.com');
  const b = sni.contextFor('management.azure.com');
  assert.equal(a, b);
  await a;
  assert.equal(issued, 1);
  await assert.rejects(sni.contextFor('example.com'), /No plane serves example\.com/);
  await assert.rejects(sni.contextFor('a b'), /Not a host name/);
  assert.equal(issued, 1);

  const err = await new Promise<Error | null>((resolve) => sni.sniCallback('example.com', (e) => resolve(e)));
  assert.match(String(err), /No plane serves example\.com/);
  const ctx = await new Promise<tls.SecureContext | undefined>((resolve, reject) =>
    sni.sniCallback('MY-EP.eastus.inference.ml.azure.com', (e, c) => (e ? reject(e) : resolve(c))),
  );
  assert.equal(ctx, await sni.contextFor('my-ep.eastus.inference.ml.azure.com'));
});

test('a failed issue is evicted and retried', async (t) => {
  const ca = await makeCa(t);
  let fail = true;
  const flaky: LocalCa = {
    certPem: ca.certPem,
    issueLeaf: (h) => (fail ? Promise.reject(new Error('boom')) : ca.issueLeaf(h)),
  };
  const sni = createSniContexts(flaky, allowed);
  await assert.rejects(sni.contextFor('management.azure.com'), /boom/);
  fail = false;
  assert.ok(await sni.contextFor('management.azure.com'));
});

test('real handshakes: SNI leaf, no-SNI default certificate, unknown SNI refused', async (t) => {
  const ca = await makeCa(t);
  const sni = createSniContexts(ca, allowed);
  const def = new X509Certificate((await sni.defaultCert()).certPem);
  for (const name of ['localhost']) assert.equal(def.checkHost(name), name);
  for (const ip of ['127.0.0.1', '::1']) assert.equal(def.checkIP(ip), ip);

  const server = tls.createServer(await sni.serverOptions(), (s) => s.end('hi'));
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;

  const handshake = (servername?: string) =>
    new Promise<X509Certificate>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, ca: ca.certPem, ...(servername ? { servername } : {}) }, () => {
        const cert = s.getPeerX509Certificate();
        s.destroy();
        if (cert) resolve(cert);
        else reject(new Error('no peer certificate'));
      });
      s.on('error', reject);
      s.setTimeout(5000, () => s.destroy(new Error('timeout')));
    });

  const host = 'my-ep.eastus.inference.ml.azure.com';
  const leaf = await handshake(host); // checkServerIdentity against `host` passed, so the SAN matched
  assert.equal(leaf.subjectAltName, `DNS:${host}`);
  const noSni = await handshake(); // dialled by IP: no SNI, default certificate verified for 127.0.0.1
  assert.equal(noSni.checkIP('127.0.0.1'), '127.0.0.1');
  await assert.rejects(handshake('example.com'), /alert|handshake|ECONNRESET|socket disconnected/i);
});
