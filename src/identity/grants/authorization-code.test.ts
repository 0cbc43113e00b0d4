import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { createLoginFixture, manualClock, TEST_DOMAIN, TEST_TENANT_ID, TEST_USER_PASSWORD, type LoginFixture } from '../test-support.js';
import { ARM_AUDIENCES, STORAGE_AUDIENCES } from '../audiences.js';
import { AZURE_CLI_CLIENT_ID, STUDIO_CLIENT_ID } from '../public-clients.js';
import { signInForCode, startLoginServer, STUDIO_REDIRECT, type LoginServer } from '../authorize/test-browser.js';

const TID = TEST_TENANT_ID;
const ALICE = `alice@${TEST_DOMAIN}`;
const clock = manualClock();
let fx: LoginFixture;
let srv: LoginServer;

before(async () => {
  fx = await createLoginFixture({ clock });
  srv = await startLoginServer(fx);
});
after(async () => {
  await srv.close();
  fx.close();
});

async function token(form: Record<string, string>, path = `/${TID}/oauth2/v2.0/token`): Promise<{ status: number; body: any }> {
  const r = await fetch(srv.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: r.status, body: await r.json() };
}

/** The studio's redemption request; a field given as '' is left out. */
function redeem(code: string, verifier: string, extra: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const form: Record<string, string> = {
    client_id: STUDIO_CLIENT_ID,
    grant_type: 'authorization_code',
    code,
    redirect_uri: STUDIO_REDIRECT,
    code_verifier: verifier,
    scope: 'https://management.azure.com/user_impersonation openid profile offline_access',
    client_info: '1',
    ...extra,
  };
  for (const k of Object.keys(form)) if (form[k] === '') delete form[k];
  return token(form);
}

function assertEntra(r: { status: number; body: any }, status: number, error: string, code: number, message?: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error, error);
  assert.deepEqual(r.body.error_codes, [code]);
  if (message) assert.ok(r.body.error_description.startsWith(`AADSTS${code}: ${message}\r\nTrace ID: `), r.body.error_description);
}

test('code + verifier → access, refresh and ID tokens (nonce, client_info); the refresh token works for Storage', async () => {
  const { code, verifier } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  const r = await redeem(code, verifier);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.token_type, 'Bearer');
  assert.equal(r.body.scope, 'https://management.azure.com/user_impersonation');
  assert.equal(typeof r.body.expires_in, 'number');
  assert.equal(r.body.foci, undefined, 'the studio is not a family client');
  const at = decodeJwt(r.body.access_token);
  assert.equal(at.aud, 'https://management.azure.com');
  assert.equal(at.appid, STUDIO_CLIENT_ID);
  assert.equal(at.upn, ALICE);
  const p = await fx.tokens.verifyAccessToken(r.body.access_token, ARM_AUDIENCES);
  assert.equal(p.objectId, fx.user.id);
  const id = decodeJwt(r.body.id_token);
  assert.equal(id.nonce, 'n-456');
  assert.equal(id.aud, STUDIO_CLIENT_ID);
  assert.equal(id.preferred_username, ALICE);
  assert.deepEqual(JSON.parse(Buffer.from(r.body.client_info, 'base64url').toString()), { uid: fx.user.id, utid: TID });

  const refresh = (rt: string, scope: string, clientId = STUDIO_CLIENT_ID) =>
    token({ client_id: clientId, grant_type: 'refresh_token', refresh_token: rt, scope: `${scope} openid offline_access` });
  const storage = await refresh(r.body.refresh_token, 'https://storage.azure.com/.default');
  assert.equal(storage.status, 200, JSON.stringify(storage.body));
  assert.equal(decodeJwt(storage.body.access_token).aud, 'https://storage.azure.com');
  await fx.tokens.verifyAccessToken(storage.body.access_token, STORAGE_AUDIENCES);
  for (const scope of ['https://graph.microsoft.com/User.Read', 'https://ml.azure.com/.default', 'https://containerregistry.azure.net/.default']) {
    const next = await refresh(storage.body.refresh_token, scope);
    assert.equal(next.status, 200, scope);
    storage.body.refresh_token = next.body.refresh_token;
  }
  // Only the studio redeems its refresh tokens (it is not in the Azure CLI's family).
  assertEntra(await refresh(storage.body.refresh_token, 'https://management.azure.com/.default', AZURE_CLI_CLIENT_ID), 400, 'invalid_grant', 70000);
});

test('a code is single-use: the second redemption is AADSTS54005', async () => {
  const { code, verifier } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  assert.equal((await redeem(code, verifier)).status, 200);
  assertEntra(
    await redeem(code, verifier),
    400,
    'invalid_grant',
    54005,
    'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  );
});

test('wrong code_verifier is AADSTS501481 and burns the code; a missing one AADSTS50148', async () => {
  const { code, verifier } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  const wrong = 'x'.repeat(43);
  assertEntra(await redeem(code, wrong), 400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
  assertEntra(await redeem(code, verifier), 400, 'invalid_grant', 54005);

  const second = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  assertEntra(
    await redeem(second.code, ''),
    400,
    'invalid_grant',
    50148,
    'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
  );
});

test('redirect_uri at the token endpoint: unregistered → AADSTS50011; registered but different → AADSTS500112', async () => {
  const { code, verifier } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  assertEntra(await redeem(code, verifier, { redirect_uri: 'https://evil.example/auth/callback' }), 400, 'invalid_request', 50011);
  fx.pctx.studio.origins.add('https://127.0.0.1:7443');
  try {
    assertEntra(
      await redeem(code, verifier, { redirect_uri: 'https://127.0.0.1:7443/auth/callback' }),
      400,
      'invalid_grant',
      500112,
      `The reply address 'https://127.0.0.1:7443/auth/callback' does not match the reply address '${STUDIO_REDIRECT}' provided when requesting Authorization code.`,
    );
  } finally {
    fx.pctx.studio.origins.delete('https://127.0.0.1:7443');
  }
  const again = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  assertEntra(await redeem(again.code, again.verifier, { redirect_uri: '' }), 400, 'invalid_request', 900144);
  // The unregistered attempt did not consume it: the right request still works.
  assert.equal((await redeem(again.code, again.verifier)).status, 200);
});

test('a public client sends no secret; other clients have no redirect URI; malformed and unknown codes', async () => {
  const { code, verifier } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  assertEntra(await redeem(code, verifier, { client_secret: 'nope' }), 401, 'invalid_client', 700025);
  assertEntra(await redeem(code, verifier, { client_id: AZURE_CLI_CLIENT_ID }), 400, 'invalid_request', 50011);
  assertEntra(await redeem('not-a-code', verifier), 400, 'invalid_grant', 9002313);
  assertEntra(await redeem(`1.A${'a'.repeat(64)}`, verifier), 400, 'invalid_grant', 70008);
});

test('a code expires after 10 minutes: AADSTS70008', async () => {
  const { code, verifier } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  clock.advance(10 * 60 * 1000 + 1);
  assertEntra(
    await redeem(code, verifier),
    400,
    'invalid_grant',
    70008,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  );
});
