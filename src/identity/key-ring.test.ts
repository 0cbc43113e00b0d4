import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createHash, X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyRing } from './key-ring.js';
import { manualClock } from './test-support.js';

const ISSUER = 'https://login.microsoftonline.com/t/v2.0';

test('first start creates a key with private files; a restart loads the same key', async () => {
  const root = mkdtempSync(join(tmpdir(), 'keyring-'));
  try {
    const dir = join(root, 'keys');
    const clock = manualClock();
    const ring = await createKeyRing({ dir, clock });
    const kid = ring.active().kid;
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const files = readdirSync(dir);
    assert.ok(files.includes(`${kid}.key.pem`));
    assert.equal(statSync(join(dir, `${kid}.key.pem`)).mode & 0o777, 0o600);

    const jwks = ring.jwks(ISSUER);
    assert.equal(jwks.keys.length, 1);
    const k = jwks.keys[0];
    assert.equal(k.kty, 'RSA');
    assert.equal(k.use, 'sig');
    assert.equal(k.e, 'AQAB');
    assert.equal(k.kid, kid);
    assert.equal(k.x5t, kid);
    assert.equal(k.issuer, ISSUER);
    assert.equal(Buffer.from(k.n, 'base64url').length, 256); // RSA-2048
    const der = Buffer.from(k.x5c[0], 'base64');
    assert.equal(createHash('sha1').update(der).digest('base64url'), kid);
    const cert = new X509Certificate(der);
    assert.match(cert.subject, /CN=accounts\.accesscontrol\.windows\.net/);
    assert.equal(cert.publicKey.export({ format: 'jwk' }).n, k.n);

    const again = await createKeyRing({ dir, clock });
    assert.equal(again.active().kid, kid);
    assert.deepEqual(again.jwks(ISSUER), jwks);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('rotate keeps the old key published until its retire time, across restarts', async () => {
  const root = mkdtempSync(join(tmpdir(), 'keyring-'));
  try {
    const dir = join(root, 'keys');
    const clock = manualClock();
    const ring = await createKeyRing({ dir, clock });
    const oldKid = ring.active().kid;
    const next = await ring.rotate({ retireAfterSeconds: 3600 });
    assert.notEqual(next.kid, oldKid);
    assert.equal(ring.active().kid, next.kid);
    assert.deepEqual(ring.jwks(ISSUER).keys.map((k) => k.kid), [next.kid, oldKid]);
    assert.ok(ring.find(oldKid));

    const reopened = await createKeyRing({ dir, clock });
    assert.equal(reopened.active().kid, next.kid);
    assert.deepEqual(reopened.jwks(ISSUER).keys.map((k) => k.kid), [next.kid, oldKid]);

    clock.advance(3601 * 1000);
    assert.equal(reopened.find(oldKid), undefined);
    assert.deepEqual(reopened.jwks(ISSUER).keys.map((k) => k.kid), [next.kid]);
    // The next rotation deletes the retired key's files.
    const third = await reopened.rotate();
    const files = readdirSync(dir);
    assert.ok(!files.some((f) => f.startsWith(oldKid)));
    assert.deepEqual(reopened.jwks(ISSUER).keys.map((k) => k.kid), [third.kid, next.kid]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
