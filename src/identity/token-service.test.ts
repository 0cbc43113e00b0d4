import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { randomIds } from '../shared/ids.js';
import { createKeyRing, type KeyRing } from './key-ring.js';
import { createTokenService, type CeruleanTokenService } from './token-service.js';
import { signJwt } from './jwt-sign.js';
import { ARM_AUDIENCES, STORAGE_AUDIENCES } from './audiences.js';
import { TokenError, type TokenSubject } from './types.js';
import { manualClock, TEST_TENANT_ID, type ManualClock } from './test-support.js';

const TID = TEST_TENANT_ID;
const SP: TokenSubject = { objectId: '0b6b3a4c-1d2e-4f50-8a9b-0c1d2e3f4a5b', tenantId: TID, kind: 'servicePrincipal', appId: 'c0ffee00-1111-2222-3333-444455556666' };
const USER: TokenSubject = { objectId: 'a1b2c3d4-0000-1111-2222-333344445555', tenantId: TID, kind: 'user', upn: 'alice@cerulean.onmicrosoft.com', name: 'Alice' };
const MI: TokenSubject = {
  objectId: 'f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f',
  tenantId: TID,
  kind: 'managedIdentity',
  appId: '9e8d7c6b-5a49-3827-1605-f4e3d2c1b0a9',
  miResourceId: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1',
};

let root: string;
let clock: ManualClock;
let ring: KeyRing;
let other: KeyRing;
let svc: CeruleanTokenService;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'tokens-'));
  clock = manualClock();
  ring = await createKeyRing({ dir: join(root, 'a'), clock });
  other = await createKeyRing({ dir: join(root, 'b'), clock });
  svc = createTokenService({ tenantId: TID, keyRing: ring, clock, ids: randomIds });
});
after(() => rmSync(root, { recursive: true, force: true }));

async function rejects(p: Promise<unknown>, reason: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof TokenError && e.reason === reason);
}

test('service principal token: v1 claims, header, lifetime', async () => {
  const t = await svc.issueAccessToken(SP, 'https://management.core.windows.net/', { reuse: false });
  const h = decodeProtectedHeader(t.accessToken);
  assert.deepEqual([h.typ, h.alg, h.kid, h.x5t], ['JWT', 'RS256', ring.active().kid, ring.active().kid]);
  const c = decodeJwt(t.accessToken);
  const now = Math.floor(clock.now() / 1000);
  assert.equal(c.aud, 'https://management.core.windows.net/');
  assert.equal(c.iss, `https://sts.windows.net/${TID}/`);
  assert.equal(c.idp, `https://sts.windows.net/${TID}/`);
  assert.equal(c.iat, now);
  assert.equal(c.nbf, now);
  assert.equal(c.exp, now + 3600);
  assert.equal(c.appid, SP.appId);
  assert.equal(c.appidacr, '1');
  assert.equal(c.idtyp, 'app');
  assert.equal(c.oid, SP.objectId);
  assert.equal(c.sub, SP.objectId);
  assert.equal(c.tid, TID);
  assert.equal(c.ver, '1.0');
  for (const k of ['aio', 'rh', 'uti']) assert.equal(typeof c[k], 'string');
  assert.equal(c.scp, undefined);
  assert.equal(t.expiresOn, now + 3600);
  assert.equal(t.notBefore, now);
  assert.ok(t.expiresIn >= 3599 && t.expiresIn <= 3600);
  assert.equal(t.resource, 'https://management.core.windows.net/');
});

test('user token carries upn, unique_name, name, scp, amr and the client as appid', async () => {
  const t = await svc.issueAccessToken(USER, 'https://management.azure.com/', { clientAppId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', reuse: false });
  const c = decodeJwt(t.accessToken);
  assert.equal(c.idtyp, 'user');
  assert.equal(c.upn, USER.upn);
  assert.equal(c.unique_name, USER.upn);
  assert.equal(c.name, 'Alice');
  assert.equal(c.scp, 'user_impersonation');
  assert.deepEqual(c.amr, ['pwd']);
  assert.equal(c.appid, '04b07795-8ddb-461a-bbee-02f9e1bf7b46');
  assert.equal(c.oid, USER.objectId);
  assert.notEqual(c.sub, USER.objectId);
  const p = await svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES);
  assert.equal(p.type, 'User');
  assert.equal(p.upn, USER.upn);
  assert.equal(p.objectId, USER.objectId);
  assert.equal(p.tenantId, TID);
});

test('managed identity token lives 24 h, carries xms_mirid and verifies as a service principal', async () => {
  const t = await svc.issueAccessToken(MI, 'https://storage.azure.com', { reuse: false });
  const c = decodeJwt(t.accessToken);
  assert.equal((c.exp as number) - (c.iat as number), 86400);
  assert.equal(c.xms_mirid, MI.miResourceId);
  assert.equal(c.appidacr, '2');
  const p = await svc.verifyAccessToken(t.accessToken, STORAGE_AUDIENCES);
  assert.equal(p.type, 'ServicePrincipal');
  assert.equal(p.appId, MI.appId);
  assert.equal(p.miResourceId, MI.miResourceId);
});

test('reuse: same token while more than half its life remains, then a new one; per audience and client', async () => {
  const a = await svc.issueAccessToken(SP, 'https://graph.microsoft.com');
  clock.advance(1000 * 1000);
  const b = await svc.issueAccessToken(SP, 'https://graph.microsoft.com');
  assert.equal(b.accessToken, a.accessToken);
  assert.equal(b.expiresOn, a.expiresOn);
  assert.ok(b.expiresIn < a.expiresIn - 900);
  const otherAud = await svc.issueAccessToken(SP, 'https://graph.microsoft.com/');
  assert.notEqual(otherAud.accessToken, a.accessToken);
  const otherClient = await svc.issueAccessToken(SP, 'https://graph.microsoft.com', { clientAppId: 'another' });
  assert.notEqual(otherClient.accessToken, a.accessToken);
  const fresh = await svc.issueAccessToken(SP, 'https://graph.microsoft.com', { reuse: false });
  assert.notEqual(fresh.accessToken, a.accessToken);
  clock.advance(900 * 1000); // 1900 s elapsed: less than half of 3600 remains
  const c = await svc.issueAccessToken(SP, 'https://graph.microsoft.com');
  assert.notEqual(c.accessToken, a.accessToken);
});

test('verification accepts a good token (also from the cache) and checks the audience each time', async () => {
  const t = await svc.issueAccessToken(SP, 'https://management.azure.com/', { reuse: false });
  const p = await svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES);
  assert.equal(p.type, 'ServicePrincipal');
  assert.equal(p.appId, SP.appId);
  assert.equal(p.objectId, SP.objectId);
  assert.equal((await svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES)).objectId, SP.objectId);
  await rejects(svc.verifyAccessToken(t.accessToken, STORAGE_AUDIENCES), 'bad-audience');
});

test('verification rejects expired tokens beyond 5 minutes of skew, including cached ones', async () => {
  const t = await svc.issueAccessToken(SP, 'https://management.azure.com/', { reuse: false });
  await svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES); // cached now
  clock.advance((3600 + 200) * 1000);
  await svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES); // within skew
  clock.advance(200 * 1000);
  await rejects(svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES), 'expired');
  const fresh = createTokenService({ tenantId: TID, keyRing: ring, clock, ids: randomIds });
  await rejects(fresh.verifyAccessToken(t.accessToken, ARM_AUDIENCES), 'expired');
});

test('verification rejects tokens not yet valid', async () => {
  const now = Math.floor(clock.now() / 1000);
  const token = signJwt(ring.active(), { aud: 'https://management.azure.com/', iss: `https://sts.windows.net/${TID}/`, nbf: now + 600, exp: now + 4000, oid: 'o', tid: TID });
  await rejects(svc.verifyAccessToken(token, ARM_AUDIENCES), 'not-yet-valid');
});

test('verification rejects a token signed by another key ring', async () => {
  const t = await createTokenService({ tenantId: TID, keyRing: other, clock, ids: randomIds }).issueAccessToken(SP, 'https://management.azure.com/');
  await rejects(svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES), 'unknown-key');
  // Same claims, another key, but our kid in the header.
  const forged = signJwt({ ...other.active(), kid: ring.active().kid }, decodeJwt(t.accessToken));
  await rejects(svc.verifyAccessToken(forged, ARM_AUDIENCES), 'bad-signature');
});

test('verification rejects alg none, HS256, tampering, garbage and a wrong issuer', async () => {
  const t = await svc.issueAccessToken(SP, 'https://management.azure.com/', { reuse: false });
  const [h, p] = t.accessToken.split('.');
  const noneHeader = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'none', kid: ring.active().kid })).toString('base64url');
  await rejects(svc.verifyAccessToken(`${noneHeader}.${p}.`, ARM_AUDIENCES), 'unsupported-alg');

  const hs = await new SignJWT(decodeJwt(t.accessToken))
    .setProtectedHeader({ alg: 'HS256', kid: ring.active().kid })
    .sign(new TextEncoder().encode('0123456789abcdef0123456789abcdef'));
  await rejects(svc.verifyAccessToken(hs, ARM_AUDIENCES), 'unsupported-alg');

  const claims = decodeJwt(t.accessToken);
  const tampered = Buffer.from(JSON.stringify({ ...claims, oid: 'someone-else' })).toString('base64url');
  await rejects(svc.verifyAccessToken(`${h}.${tampered}.${t.accessToken.split('.')[2]}`, ARM_AUDIENCES), 'bad-signature');

  await rejects(svc.verifyAccessToken('not-a-jwt', ARM_AUDIENCES), 'malformed');

  const wrongIss = signJwt(ring.active(), { ...claims, iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/' });
  await rejects(svc.verifyAccessToken(wrongIss, ARM_AUDIENCES), 'bad-issuer');
  const v2Iss = signJwt(ring.active(), { ...claims, iss: `https://login.microsoftonline.com/${TID}/v2.0` });
  await rejects(svc.verifyAccessToken(v2Iss, ARM_AUDIENCES), 'bad-issuer');
});

test('tokens signed before a rotation still verify; new tokens use the new key', async () => {
  const root2 = mkdtempSync(join(tmpdir(), 'tokens-rot-'));
  try {
    const r = await createKeyRing({ dir: root2, clock });
    const s = createTokenService({ tenantId: TID, keyRing: r, clock, ids: randomIds });
    const before = await s.issueAccessToken(SP, 'https://management.azure.com/');
    const oldKid = r.active().kid;
    await r.rotate();
    await s.verifyAccessToken(before.accessToken, ARM_AUDIENCES);
    const after = await s.issueAccessToken(SP, 'https://management.azure.com/', { reuse: false });
    assert.notEqual(decodeProtectedHeader(after.accessToken).kid, oldKid);
    await s.verifyAccessToken(after.accessToken, ARM_AUDIENCES);
  } finally {
    rmSync(root2, { recursive: true, force: true });
  }
});

test('a verified token is remembered for itself only: its signature on other claims is still refused', async () => {
  const t = await svc.issueAccessToken(SP, 'https://management.azure.com/', { reuse: false });
  await svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES); // remembered now
  const [h, , sig] = t.accessToken.split('.');
  const claims = decodeJwt(t.accessToken);
  const tampered = Buffer.from(JSON.stringify({ ...claims, oid: 'someone-else' })).toString('base64url');
  await rejects(svc.verifyAccessToken(`${h}.${tampered}.${sig}`, ARM_AUDIENCES), 'bad-signature');
  assert.equal((await svc.verifyAccessToken(t.accessToken, ARM_AUDIENCES)).objectId, SP.objectId);
});
