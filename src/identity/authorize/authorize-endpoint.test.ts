import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLoginFixture, TEST_DOMAIN, TEST_TENANT_ID, TEST_USER_PASSWORD, type LoginFixture } from '../test-support.js';
import { AZURE_CLI_CLIENT_ID, STUDIO_CLIENT_ID } from '../public-clients.js';
import {
  authorizePath,
  browse,
  flowTokenOf,
  pkcePair,
  sessionCookieOf,
  signInForCode,
  startLoginServer,
  studioParams,
  STUDIO_REDIRECT,
  type LoginServer,
  type Page,
} from './test-browser.js';

const TID = TEST_TENANT_ID;
const ALICE = `alice@${TEST_DOMAIN}`;
let fx: LoginFixture;
let srv: LoginServer;

before(async () => {
  fx = await createLoginFixture();
  srv = await startLoginServer(fx);
});
after(async () => {
  await srv.close();
  fx.close();
});

function assertRedirectError(page: Page, error: string, code: number): void {
  assert.equal(page.status, 302, page.text);
  const loc = page.location!;
  assert.equal(`${loc.origin}${loc.pathname}`, STUDIO_REDIRECT);
  assert.equal(loc.searchParams.get('error'), error);
  assert.match(loc.searchParams.get('error_description')!, new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: `));
  assert.equal(loc.searchParams.get('error_uri'), `https://login.microsoftonline.com/error?code=${code}`);
  assert.equal(loc.searchParams.get('state'), 'st-123');
  assert.equal(loc.searchParams.get('code'), null);
}

function assertErrorPage(page: Page, text: string): void {
  assert.equal(page.status, 400);
  assert.equal(page.location, undefined, 'an error page never redirects');
  assert.match(page.headers.get('content-type')!, /^text\/html/);
  assert.ok(page.text.includes(text), page.text);
}

test('authorize shows an accessible, self-contained sign-in page with a strict CSP', async () => {
  const { challenge } = pkcePair();
  const page = await browse(srv.base, authorizePath(TID, studioParams(challenge, { login_hint: ALICE })));
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const csp = page.headers.get('content-security-policy')!;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(csp, /form-action 'self' https:\/\/ml\.azure\.com/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(page.headers.get('cache-control'), 'no-store, no-cache');
  assert.doesNotMatch(page.text, /<script|<link|src=|https?:\/\/(?!ml\.azure)/i);
  assert.match(page.text, /<label for="username">Username<\/label>/);
  assert.match(page.text, /<label for="password">Password<\/label>/);
  assert.match(page.text, new RegExp(`id="username" name="username" value="${ALICE.replace('.', '\\.')}" autocomplete="username"`));
  assert.match(page.text, /prefers-color-scheme:dark/);
  assert.match(page.text, /to continue to Cerulean studio/);
  assert.match(page.text, /<form method="post" action="\/[^"]+\/oauth2\/v2\.0\/authorize\?[^"]*client_id=/);
  assert.ok(flowTokenOf(page).length >= 40);
});

test('success redirects to the callback with code and state, and sets the session cookie', async () => {
  const { redirect } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD, { client_info: '1' });
  const loc = redirect.location!;
  assert.equal(`${loc.origin}${loc.pathname}`, STUDIO_REDIRECT);
  assert.match(loc.searchParams.get('code')!, /^1\.A[A-Za-z0-9_-]{64}$/);
  assert.equal(loc.searchParams.get('state'), 'st-123');
  assert.deepEqual(JSON.parse(Buffer.from(loc.searchParams.get('client_info')!, 'base64url').toString()), { uid: fx.user.id, utid: TID });
  const cookie = redirect.cookies.find((c) => c.startsWith('ESTSAUTH='))!;
  assert.match(cookie, /; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
});

test('wrong password: the page again with AADSTS50126, a fresh flow token; the old one is spent', async () => {
  const { challenge } = pkcePair();
  const path = authorizePath(TID, studioParams(challenge));
  const first = await browse(srv.base, path);
  const token = flowTokenOf(first);
  const again = await browse(srv.base, path, { form: { flowToken: token, username: ALICE, password: 'wrong' } });
  assert.equal(again.status, 200);
  assert.equal(again.location, undefined);
  assert.match(again.text, /role="alert">AADSTS50126: Error validating credentials due to invalid username or password\.<\/p>/);
  assert.match(again.text, /aria-invalid="true" aria-describedby="signin-error"/);
  assert.equal(sessionCookieOf(again), undefined);
  const next = flowTokenOf(again);
  assert.notEqual(next, token);
  // Replaying the spent token (or a forged one) is refused: the form's anti-CSRF check.
  const replay = await browse(srv.base, path, { form: { flowToken: token, username: ALICE, password: TEST_USER_PASSWORD } });
  assertErrorPage(replay, 'AADSTS50089: Authentication failed due to flow token expired.');
  const forged = await browse(srv.base, path, { form: { username: ALICE, password: TEST_USER_PASSWORD } });
  assertErrorPage(forged, 'AADSTS50089');
  const ok = await browse(srv.base, path, { form: { flowToken: next, username: ALICE, password: TEST_USER_PASSWORD } });
  assert.equal(ok.status, 302);
  assert.ok(ok.location!.searchParams.get('code'));
});

test('unknown user is answered like a wrong password', async () => {
  const { challenge } = pkcePair();
  const path = authorizePath(TID, studioParams(challenge));
  const page = await browse(srv.base, path, { form: { flowToken: flowTokenOf(await browse(srv.base, path)), username: `nobody@${TEST_DOMAIN}`, password: 'x' } });
  assert.match(page.text, /Error validating credentials due to invalid username or password\./);
});

test('unregistered redirect URI, unknown client, missing client_id: an error page, never a redirect', async () => {
  const { challenge } = pkcePair();
  const evil = await browse(srv.base, authorizePath(TID, studioParams(challenge, { redirect_uri: 'https://evil.example/auth/callback' })));
  assertErrorPage(
    evil,
    `AADSTS50011: The redirect URI &#39;https://evil.example/auth/callback&#39; specified in the request does not match the redirect URIs configured for the application &#39;${STUDIO_CLIENT_ID}&#39;. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
  );
  assert.match(evil.text, /Sorry, but we’re having trouble signing you in\./);
  // Same origin, other path; and a trailing slash: still not registered.
  assertErrorPage(await browse(srv.base, authorizePath(TID, studioParams(challenge, { redirect_uri: 'https://ml.azure.com/' }))), 'AADSTS50011');
  assertErrorPage(await browse(srv.base, authorizePath(TID, studioParams(challenge, { redirect_uri: `${STUDIO_REDIRECT}/` }))), 'AADSTS50011');
  // The Azure CLI is known but has no redirect URI here.
  assertErrorPage(await browse(srv.base, authorizePath(TID, studioParams(challenge, { client_id: AZURE_CLI_CLIENT_ID }))), 'AADSTS50011');
  const unknown = await browse(srv.base, authorizePath(TID, studioParams(challenge, { client_id: '12345678-1234-1234-1234-123456789012' })));
  assertErrorPage(unknown, `AADSTS700016: Application with identifier &#39;12345678-1234-1234-1234-123456789012&#39; was not found in the directory &#39;${TID}&#39;.`);
  assertErrorPage(await browse(srv.base, authorizePath(TID, studioParams(challenge, { client_id: undefined }))), "AADSTS900144: The request body must contain the following parameter: &#39;client_id&#39;.");
  assertErrorPage(await browse(srv.base, authorizePath('contoso.onmicrosoft.com', studioParams(challenge))), 'AADSTS90002');
});

test('a studio origin added after start-up is accepted at once', async () => {
  const { challenge } = pkcePair();
  const direct = 'https://localhost:7443/auth/callback';
  assertErrorPage(await browse(srv.base, authorizePath(TID, studioParams(challenge, { redirect_uri: direct }))), 'AADSTS50011');
  fx.pctx.studio.origins.add('https://localhost:7443');
  try {
    const page = await browse(srv.base, authorizePath(TID, studioParams(challenge, { redirect_uri: direct })));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy')!, /form-action 'self' https:\/\/localhost:7443/);
  } finally {
    fx.pctx.studio.origins.delete('https://localhost:7443');
  }
});

test('PKCE is required (S256 only); other request errors go to the redirect URI with state', async () => {
  const { challenge } = pkcePair();
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { code_challenge: undefined }))), 'invalid_request', 9002325);
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { code_challenge_method: 'plain' }))), 'invalid_request', 50149);
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { code_challenge_method: undefined }))), 'invalid_request', 50149);
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams('short', {}))), 'invalid_request', 501491);
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { response_type: 'token' }))), 'unsupported_response_type', 700051);
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { response_type: 'id_token' }))), 'unsupported_response_type', 700054);
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { scope: undefined }))), 'invalid_request', 900144);
  const frag = await browse(srv.base, authorizePath(TID, studioParams(challenge, { code_challenge: undefined, response_mode: 'fragment' })));
  assert.equal(frag.location!.search, '');
  assert.equal(new URLSearchParams(frag.location!.hash.slice(1)).get('error'), 'invalid_request');
});

test('prompt=none: login_required without a session; silent code with one; logout ends it', async () => {
  const { challenge } = pkcePair();
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { prompt: 'none' }))), 'login_required', 50058);
  const none = await browse(srv.base, authorizePath(TID, studioParams(challenge, { prompt: 'none' })));
  assert.match(none.location!.searchParams.get('error_description')!, /^AADSTS50058: A silent sign-in request was sent but no user is signed in\./);

  const { redirect } = await signInForCode(srv.base, TID, ALICE, TEST_USER_PASSWORD);
  const cookie = sessionCookieOf(redirect)!;
  const silent = await browse(srv.base, authorizePath(TID, studioParams(challenge, { prompt: 'none' })), { cookie });
  assert.equal(silent.status, 302);
  assert.ok(silent.location!.searchParams.get('code'));
  assert.equal(silent.location!.searchParams.get('state'), 'st-123');
  // Without prompt the session signs in at once; prompt=login asks again; another login_hint is not this session.
  assert.ok((await browse(srv.base, authorizePath(TID, studioParams(challenge)), { cookie })).location!.searchParams.get('code'));
  assert.equal((await browse(srv.base, authorizePath(TID, studioParams(challenge, { prompt: 'login' })), { cookie })).status, 200);
  assertRedirectError(
    await browse(srv.base, authorizePath(TID, studioParams(challenge, { prompt: 'none', login_hint: `bob@${TEST_DOMAIN}` })), { cookie }),
    'login_required',
    50058,
  );

  const out = await browse(srv.base, `/${TID}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('https://ml.azure.com/')}&state=bye`, { cookie });
  assert.equal(out.status, 302);
  assert.equal(out.location!.toString(), 'https://ml.azure.com/?state=bye');
  assert.match(out.cookies.find((c) => c.startsWith('ESTSAUTH='))!, /^ESTSAUTH=; Path=\/; HttpOnly; Secure; SameSite=Lax; Max-Age=0/);
  // The session is gone server-side too: the old cookie no longer signs in.
  assertRedirectError(await browse(srv.base, authorizePath(TID, studioParams(challenge, { prompt: 'none' })), { cookie }), 'login_required', 50058);
});

test('logout to a foreign URL shows the signed-out page instead of redirecting', async () => {
  for (const target of ['https://evil.example/', 'https://ml.azure.com.evil.example/', 'javascript:alert(1)', '']) {
    const page = await browse(srv.base, `/${TID}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(target)}`);
    assert.equal(page.status, 200, target);
    assert.equal(page.location, undefined, target);
    assert.match(page.text, /You signed out of your account/);
  }
});

test('v1 authorize takes a resource', async () => {
  const { challenge } = pkcePair();
  const q = new URLSearchParams(studioParams(challenge, { scope: undefined }) as Record<string, string>);
  q.delete('scope');
  q.set('resource', 'https://management.core.windows.net/');
  const page = await browse(srv.base, `/${TID}/oauth2/authorize?${q}`);
  const ok = await browse(srv.base, `/${TID}/oauth2/authorize?${q}`, { form: { flowToken: flowTokenOf(page), username: ALICE, password: TEST_USER_PASSWORD } });
  assert.equal(ok.status, 302, ok.text);
  assert.ok(ok.location!.searchParams.get('code'));
});
