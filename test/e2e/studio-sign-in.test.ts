/**
 * The studio's sign-in against a real `cerulean start`, through the forward proxy on the real host names:
 * authorize → sign-in form (as admin) → code → token (PKCE) → refresh token for Storage → ARM with the token.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../support/platform-process.js';
import { call, type HttpResult } from '../support/azure-http.js';

const STUDIO_CLIENT_ID = 'b92549ce-8033-462b-b0a5-f9cabbcf3eb2';
const REDIRECT = 'https://ml.azure.com/auth/callback';
const SCOPE = 'https://management.azure.com/user_impersonation openid profile offline_access';

let p: PlatformProcess;
let login: string;

before(async () => {
  p = await startPlatformProcess();
  login = `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0`;
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge: string, redirectUri = REDIRECT): string {
  const q = new URLSearchParams({
    client_id: STUDIO_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: SCOPE,
    state: 'e2e-state',
    nonce: 'e2e-nonce',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: p.admin.username,
  });
  return `${login}/authorize?${q}`;
}

function header(r: HttpResult, name: string): string | undefined {
  const v = r.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Authorize, then post the admin's credentials on the sign-in form: the redirect with the code. */
async function signIn(challenge: string): Promise<{ code: string; cookie: string }> {
  const url = authorizeUrl(challenge);
  const page = await call(p, 'GET', url);
  assert.equal(page.status, 200, page.text);
  assert.match(header(page, 'content-type')!, /^text\/html/);
  const flowToken = /name="flowToken" value="([^"]+)"/.exec(page.text)?.[1];
  assert.ok(flowToken, page.text);
  const posted = await call(p, 'POST', url, { form: { flowToken, username: p.admin.username, password: p.admin.password } });
  assert.equal(posted.status, 302, posted.text);
  const location = new URL(header(posted, 'location')!);
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  assert.equal(location.searchParams.get('state'), 'e2e-state');
  const setCookie = posted.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).find((c) => c.startsWith('ESTSAUTH='))!;
  assert.match(cookie, /HttpOnly; Secure; SameSite=Lax/);
  return { code: location.searchParams.get('code')!, cookie: cookie.split(';')[0] };
}

function redeem(code: string, verifier: string, redirectUri = REDIRECT): Promise<HttpResult> {
  return call(p, 'POST', `${login}/token`, {
    form: { client_id: STUDIO_CLIENT_ID, grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, scope: SCOPE },
  });
}

test('authorize → sign in as admin → code → token → refresh for Storage → ARM lists the subscription', async () => {
  const { verifier, challenge } = pkce();
  const { code } = await signIn(challenge);
  const tok = await redeem(code, verifier);
  assert.equal(tok.status, 200, tok.text);
  assert.equal(decodeJwt(tok.json.id_token).nonce, 'e2e-nonce');
  assert.equal(decodeJwt(tok.json.access_token).appid, STUDIO_CLIENT_ID);
  assert.equal(typeof tok.json.refresh_token, 'string');

  const storage = await call(p, 'POST', `${login}/token`, {
    form: { client_id: STUDIO_CLIENT_ID, grant_type: 'refresh_token', refresh_token: tok.json.refresh_token, scope: 'https://storage.azure.com/.default offline_access' },
  });
  assert.equal(storage.status, 200, storage.text);
  assert.equal(decodeJwt(storage.json.access_token).aud, 'https://storage.azure.com');

  const subs = await call(p, 'GET', 'https://management.azure.com/subscriptions?api-version=2022-12-01', { token: tok.json.access_token });
  assert.equal(subs.status, 200, subs.text);
  assert.ok(subs.json.value.some((s: { subscriptionId: string }) => s.subscriptionId === p.runtime.subscriptionId), subs.text);

  // The code was single-use.
  const again = await redeem(code, verifier);
  assert.equal(again.status, 400);
  assert.deepEqual(again.json.error_codes, [54005]);
});

test('the flow rejects a wrong code_verifier, an unregistered redirect_uri, and prompt=none after sign-out', async () => {
  const { challenge } = pkce();
  const { code, cookie } = await signIn(challenge);
  const wrong = await redeem(code, pkce().verifier);
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error, 'invalid_grant');
  assert.match(wrong.json.error_description, /^AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request\./);

  const evil = await call(p, 'GET', authorizeUrl(challenge, 'https://evil.example/auth/callback'));
  assert.equal(evil.status, 400);
  assert.equal(header(evil, 'location'), undefined);
  assert.match(evil.text, /AADSTS50011: The redirect URI &#39;https:\/\/evil\.example\/auth\/callback&#39; specified in the request does not match/);
  const tokenEvil = await redeem(code, 'x'.repeat(43), 'https://evil.example/auth/callback');
  assert.deepEqual(tokenEvil.json.error_codes, [50011]);

  const silent = await call(p, 'GET', `${authorizeUrl(challenge)}&prompt=none`, { headers: { cookie } });
  assert.equal(silent.status, 302, silent.text);
  assert.ok(new URL(header(silent, 'location')!).searchParams.get('code'));
  const out = await call(p, 'GET', `${login}/logout?post_logout_redirect_uri=${encodeURIComponent('https://ml.azure.com/')}`, { headers: { cookie } });
  assert.equal(out.status, 302);
  assert.equal(header(out, 'location'), 'https://ml.azure.com/');
  const after = await call(p, 'GET', `${authorizeUrl(challenge)}&prompt=none`, { headers: { cookie } });
  assert.equal(new URL(header(after, 'location')!).searchParams.get('error'), 'login_required');
});
