import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createPlaneHandler } from '../http/pipeline.js';
import { createLoginPlane } from './login-plane.js';
import { ARM_AUDIENCES, GRAPH_AUDIENCES, STORAGE_AUDIENCES } from './audiences.js';
import { AZURE_CLI_CLIENT_ID } from './public-clients.js';
import { createLoginFixture, TEST_DOMAIN, TEST_TENANT_ID, TEST_USER_PASSWORD, type LoginFixture } from './test-support.js';

const TID = TEST_TENANT_ID;
let fx: LoginFixture;
let server: http.Server;
let base: string;
let host = 'login.microsoftonline.com';
let origin = 'https://login.microsoftonline.com';

before(async () => {
  fx = await createLoginFixture();
  const handler = createPlaneHandler(createLoginPlane(fx.pctx), fx.pctx);
  server = http.createServer((req, res) => void handler(req, res, { host, origin }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fx.close();
});

async function get(path: string): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(base + path);
  return { status: r.status, body: await r.json(), headers: r.headers };
}

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: r.status, body: await r.json(), headers: r.headers };
}

function assertEntraError(res: { status: number; body: any }, status: number, error: string, code: number): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error, error);
  assert.deepEqual(res.body.error_codes, [code]);
  assert.match(res.body.error_description, new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`));
  assert.match(res.body.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.equal(typeof res.body.trace_id, 'string');
  assert.equal(typeof res.body.correlation_id, 'string');
}

// The exact body `az login --service-principal` (MSAL-Python 1.21) posts.
function azSpForm(secret: string, scope = 'https://management.core.windows.net//.default'): Record<string, string> {
  return {
    client_id: fx.app.appId,
    grant_type: 'client_credentials',
    client_info: '1',
    client_secret: secret,
    claims: '{"access_token": {"xms_cc": {"values": ["CP1"]}}}',
    scope,
  };
}

test('v2 OpenID configuration by tenant id and by domain names the tenant GUID', async () => {
  for (const t of [TID, TEST_DOMAIN, TEST_DOMAIN.toUpperCase()]) {
    const r = await get(`/${t}/v2.0/.well-known/openid-configuration`);
    assert.equal(r.status, 200);
    assert.equal(r.body.issuer, `https://login.microsoftonline.com/${TID}/v2.0`);
    assert.equal(r.body.token_endpoint, `${origin}/${TID}/oauth2/v2.0/token`);
    assert.equal(r.body.authorization_endpoint, `${origin}/${TID}/oauth2/v2.0/authorize`);
    assert.equal(r.body.jwks_uri, `${origin}/${TID}/discovery/v2.0/keys`);
    assert.equal(r.body.tenant_region_scope, 'NA');
    assert.deepEqual(r.body.id_token_signing_alg_values_supported, ['RS256']);
  }
});

test('v1 OpenID configuration: issuer whose 4th segment is the GUID (az resolves domains with it)', async () => {
  const r = await get(`/${TEST_DOMAIN}/.well-known/openid-configuration`);
  assert.equal(r.status, 200);
  assert.equal(r.body.issuer, `https://sts.windows.net/${TID}/`);
  assert.equal(r.body.issuer.split('/')[3], TID);
  assert.equal(r.body.token_endpoint, `${origin}/${TID}/oauth2/token`);
  assert.equal(r.body.authorization_endpoint, `${origin}/${TID}/oauth2/authorize`);
  assert.equal(r.body.jwks_uri, `${origin}/common/discovery/keys`);
});

test('common/organizations discovery keeps the {tenantid} placeholder and the alias in endpoints', async () => {
  const v2 = await get('/organizations/v2.0/.well-known/openid-configuration');
  assert.equal(v2.body.issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0');
  assert.equal(v2.body.token_endpoint, `${origin}/organizations/oauth2/v2.0/token`);
  const v1 = await get('/common/.well-known/openid-configuration');
  assert.equal(v1.body.issuer, 'https://sts.windows.net/{tenantid}/');
});

test('unknown tenant ⇒ 400 invalid_tenant AADSTS90002', async () => {
  const r = await get('/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration');
  assertEntraError(r, 400, 'invalid_tenant', 90002);
  assert.match(r.body.error_description, /^AADSTS90002: Tenant 'contoso\.onmicrosoft\.com' not found\./);
  const t = await post('/00000000-0000-0000-0000-000000000001/oauth2/v2.0/token', azSpForm(fx.secret));
  assertEntraError(t, 400, 'invalid_tenant', 90002);
});

test('JWKS on every keys URL lists the active key with x5c', async () => {
  for (const p of ['/common/discovery/keys', `/${TID}/discovery/keys`, `/${TID}/discovery/v2.0/keys`, '/common/discovery/v2.0/keys']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.body.keys.length, 1);
    const k = r.body.keys[0];
    assert.equal(k.kid, fx.keyRing.active().kid);
    assert.equal(k.x5t, k.kid);
    assert.equal(k.kty, 'RSA');
    assert.equal(k.use, 'sig');
    assert.equal(k.x5c.length, 1);
  }
  assert.equal((await get(`/${TID}/discovery/v2.0/keys`)).body.keys[0].issuer, `https://login.microsoftonline.com/${TID}/v2.0`);
});

test('MSAL instance discovery answers with metadata; unknown instances are refused', async () => {
  const ep = encodeURIComponent('https://login.microsoftonline.com/common/oauth2/authorize');
  const r = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${ep}`);
  assert.equal(r.status, 200);
  assert.equal(r.body['api-version'], '1.1');
  assert.equal(r.body.tenant_discovery_endpoint, 'https://login.microsoftonline.com/common/.well-known/openid-configuration');
  assert.ok(Array.isArray(r.body.metadata));
  assert.equal(r.body.metadata[0].preferred_network, 'login.microsoftonline.com');
  assert.ok(r.body.metadata[0].aliases.includes('login.windows.net'));
  const v2 = await get(`/${TID}/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`https://login.microsoftonline.com/${TID}/oauth2/v2.0/authorize`)}`);
  assert.equal(v2.body.tenant_discovery_endpoint, `https://login.microsoftonline.com/${TID}/v2.0/.well-known/openid-configuration`);
  const bad = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://evil.example/common/oauth2/authorize')}`);
  assertEntraError(bad, 400, 'invalid_instance', 50049);
});

test('user realm: managed for the tenant domain, unknown otherwise', async () => {
  const r = await get(`/common/userrealm/alice@${TEST_DOMAIN}?api-version=1.0`);
  assert.deepEqual(r.body, {
    ver: '1.0',
    account_type: 'Managed',
    domain_name: TEST_DOMAIN,
    cloud_instance_name: 'microsoftonline.com',
    cloud_audience_urn: 'urn:federation:MicrosoftOnline',
  });
  assert.equal((await get(`/common/userrealm/alice@${TEST_DOMAIN}`)).body.account_type, 'Managed');
  assert.equal((await get('/common/userrealm/bob@example.com?api-version=2.0')).body.account_type, 'Unknown');
});

test('client_credentials (v2, az body): a verifiable token for exactly the requested resource; reused', async () => {
  const r = await post(`/${TID}/oauth2/v2.0/token`, azSpForm(fx.secret), { 'client-request-id': '6d1ab3c4-5e6f-4a1b-8c9d-0e1f2a3b4c5d' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.headers.get('cache-control'), 'no-store, no-cache');
  assert.equal(r.body.token_type, 'Bearer');
  assert.equal(typeof r.body.expires_in, 'number');
  assert.ok(r.body.expires_in >= 3598 && r.body.expires_in <= 3600);
  assert.equal(r.body.ext_expires_in, r.body.expires_in);
  assert.equal(r.body.refresh_token, undefined);
  const claims = decodeJwt(r.body.access_token);
  assert.equal(claims.aud, 'https://management.core.windows.net/');
  assert.equal(claims.appid, fx.app.appId);
  assert.equal(claims.oid, fx.sp.id);
  assert.equal(claims.tid, TID);
  const p = await fx.tokens.verifyAccessToken(r.body.access_token, ARM_AUDIENCES);
  assert.equal(p.type, 'ServicePrincipal');
  assert.equal(p.objectId, fx.sp.id);
  await assert.rejects(fx.tokens.verifyAccessToken(r.body.access_token, GRAPH_AUDIENCES));

  const again = await post(`/${TID}/oauth2/v2.0/token`, azSpForm(fx.secret));
  assert.equal(again.body.access_token, r.body.access_token);
  const storage = await post(`/${TEST_DOMAIN}/oauth2/v2.0/token`, azSpForm(fx.secret, 'https://storage.azure.com/.default'));
  assert.equal(decodeJwt(storage.body.access_token).aud, 'https://storage.azure.com');
  await fx.tokens.verifyAccessToken(storage.body.access_token, STORAGE_AUDIENCES);
});

test('client_credentials (v1): resource form field, numbers as strings, HTTP Basic client auth', async () => {
  const basic = Buffer.from(`${fx.app.appId}:${encodeURIComponent(fx.secret)}`).toString('base64');
  const r = await post(`/${TID}/oauth2/token`, { grant_type: 'client_credentials', resource: 'https://management.azure.com/' }, { authorization: `Basic ${basic}` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (const k of ['expires_in', 'ext_expires_in', 'expires_on', 'not_before']) assert.match(r.body[k], /^\d+$/, k);
  assert.equal(r.body.resource, 'https://management.azure.com/');
  assert.equal(decodeJwt(r.body.access_token).aud, 'https://management.azure.com/');
  assert.equal(Number(r.body.expires_on) - Number(r.body.not_before), 3600);
});

test('client_credentials errors: bad secret 401, unknown app, missing secret, missing scope, scope without /.default', async () => {
  const bad = await post(`/${TID}/oauth2/v2.0/token`, azSpForm('wrong-secret'), { 'client-request-id': '6d1ab3c4-5e6f-4a1b-8c9d-0e1f2a3b4c5d' });
  assertEntraError(bad, 401, 'invalid_client', 7000215);
  assert.match(bad.body.error_description, /^AADSTS7000215: Invalid client secret provided\./);
  assert.equal(bad.body.correlation_id, '6d1ab3c4-5e6f-4a1b-8c9d-0e1f2a3b4c5d');

  const unknown = await post(`/${TID}/oauth2/v2.0/token`, { ...azSpForm(fx.secret), client_id: '12345678-1234-1234-1234-123456789012' });
  assertEntraError(unknown, 400, 'unauthorized_client', 700016);

  const noSecret = await post(`/${TID}/oauth2/v2.0/token`, { ...azSpForm(fx.secret), client_secret: '' });
  assertEntraError(noSecret, 401, 'invalid_client', 7000216);

  const { scope: _scope, ...noScope } = azSpForm(fx.secret);
  const missing = await post(`/${TID}/oauth2/v2.0/token`, noScope);
  assertEntraError(missing, 400, 'invalid_request', 900144);
  assert.match(missing.body.error_description, /^AADSTS900144: The request body must contain the following parameter: 'scope'\./);

  const notDefault = await post(`/${TID}/oauth2/v2.0/token`, azSpForm(fx.secret, 'https://management.azure.com/user_impersonation'));
  assertEntraError(notDefault, 400, 'invalid_scope', 1002012);

  const grant = await post(`/${TID}/oauth2/v2.0/token`, { ...azSpForm(fx.secret), grant_type: 'urn:ietf:params:oauth:grant-type:device_code' });
  assertEntraError(grant, 400, 'unsupported_grant_type', 70003);
});

// The body MSAL-Python 1.21 posts for `az login -u -p`.
function azUserForm(password: string): Record<string, string> {
  return {
    client_id: AZURE_CLI_CLIENT_ID,
    grant_type: 'password',
    client_info: '1',
    username: `alice@${TEST_DOMAIN}`,
    password,
    scope: 'https://management.core.windows.net//.default offline_access openid profile',
    claims: '{"access_token": {"xms_cc": {"values": ["CP1"]}}}',
  };
}

test('password grant (v2): access, refresh and ID tokens plus client_info, as MSAL needs them', async () => {
  const r = await post('/organizations/oauth2/v2.0/token', azUserForm(TEST_USER_PASSWORD));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.token_type, 'Bearer');
  assert.equal(r.body.scope, 'https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default');
  assert.equal(typeof r.body.expires_in, 'number');
  assert.equal(typeof r.body.refresh_token, 'string');
  assert.equal(r.body.foci, '1');
  assert.deepEqual(JSON.parse(Buffer.from(r.body.client_info, 'base64url').toString()), { uid: fx.user.id, utid: TID });

  const at = decodeJwt(r.body.access_token);
  assert.equal(at.aud, 'https://management.core.windows.net/');
  assert.equal(at.upn, `alice@${TEST_DOMAIN}`);
  assert.equal(at.scp, 'user_impersonation');
  assert.equal(at.appid, AZURE_CLI_CLIENT_ID);
  const p = await fx.tokens.verifyAccessToken(r.body.access_token, ARM_AUDIENCES);
  assert.equal(p.type, 'User');
  assert.equal(p.upn, `alice@${TEST_DOMAIN}`);

  assert.equal(decodeProtectedHeader(r.body.id_token).kid, fx.keyRing.active().kid);
  const id = decodeJwt(r.body.id_token);
  assert.equal(id.aud, AZURE_CLI_CLIENT_ID);
  assert.equal(id.iss, `https://login.microsoftonline.com/${TID}/v2.0`);
  assert.equal(id.preferred_username, `alice@${TEST_DOMAIN}`);
  assert.equal(id.name, 'Alice Example');
  assert.equal(id.oid, fx.user.id);
  assert.equal(id.tid, TID);
  assert.equal(id.ver, '2.0');
  assert.equal(typeof id.sub, 'string');
});

test('refresh_token grant rotates: the new one works, the old one is refused; bound to the client family', async () => {
  const first = await post(`/${TID}/oauth2/v2.0/token`, azUserForm(TEST_USER_PASSWORD));
  const rt1 = first.body.refresh_token as string;
  const refresh = (rt: string, scope: string, clientId = AZURE_CLI_CLIENT_ID) =>
    post(`/${TID}/oauth2/v2.0/token`, { client_id: clientId, grant_type: 'refresh_token', refresh_token: rt, client_info: '1', scope: `${scope} offline_access openid profile` });
  const second = await refresh(rt1, 'https://storage.azure.com/.default');
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.equal(decodeJwt(second.body.access_token).aud, 'https://storage.azure.com');
  assert.notEqual(second.body.refresh_token, rt1);
  assertEntraError(await refresh(rt1, 'https://storage.azure.com/.default'), 400, 'invalid_grant', 9002313);

  // A registered (non-family) application cannot redeem the Azure CLI's refresh token.
  const foreign = await refresh(second.body.refresh_token, 'https://graph.microsoft.com/.default', fx.app.appId);
  assertEntraError(foreign, 400, 'invalid_grant', 70000);

  // v1 refresh without a resource keeps the original resource.
  const third = await post(`/${TID}/oauth2/v2.0/token`, azUserForm(TEST_USER_PASSWORD));
  const v1 = await post(`/${TID}/oauth2/token`, { client_id: AZURE_CLI_CLIENT_ID, grant_type: 'refresh_token', refresh_token: third.body.refresh_token });
  assert.equal(v1.status, 200, JSON.stringify(v1.body));
  assert.equal(v1.body.resource, 'https://management.core.windows.net/');
  assert.match(v1.body.expires_in, /^\d+$/);
});

test('password grant errors: wrong password, unknown user, unknown client', async () => {
  assertEntraError(await post(`/${TID}/oauth2/v2.0/token`, azUserForm('nope')), 400, 'invalid_grant', 50126);
  const r = await post(`/${TID}/oauth2/v2.0/token`, azUserForm('nope'));
  assert.match(r.body.error_description, /^AADSTS50126: Error validating credentials due to invalid username or password\./);
  assertEntraError(await post(`/${TID}/oauth2/v2.0/token`, { ...azUserForm(TEST_USER_PASSWORD), username: `bob@${TEST_DOMAIN}` }), 400, 'invalid_grant', 50034);
  assertEntraError(
    await post(`/${TID}/oauth2/v2.0/token`, { ...azUserForm(TEST_USER_PASSWORD), client_id: '99999999-8888-7777-6666-555555555555' }),
    400,
    'unauthorized_client',
    700016,
  );
});

test('authorize for an unknown client is an HTML error page; unknown paths 404 OAuth JSON', async () => {
  const a = await fetch(`${base}/${TID}/oauth2/v2.0/authorize?client_id=x&response_type=code`, { redirect: 'manual' });
  assert.equal(a.status, 400);
  assert.match(a.headers.get('content-type')!, /^text\/html/);
  assert.equal(a.headers.get('location'), null);
  assert.match(await a.text(), /AADSTS700016: Application with identifier &#39;x&#39; was not found/);
  const n = await get('/nothing/here/at/all');
  assert.equal(n.status, 404);
  assert.equal(n.body.error, 'not_found');
});

test('through a direct URL the v2 issuer follows the origin (MSAL checks issuer host)', async () => {
  host = '127.0.0.1';
  origin = 'https://127.0.0.1:7003';
  try {
    const r = await get(`/${TID}/v2.0/.well-known/openid-configuration`);
    assert.equal(r.body.issuer, `https://127.0.0.1:7003/${TID}/v2.0`);
    assert.equal(r.body.token_endpoint, `https://127.0.0.1:7003/${TID}/oauth2/v2.0/token`);
    const d = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`https://127.0.0.1:7003/${TID}/oauth2/v2.0/authorize`)}`);
    assert.equal(d.status, 200);
    assert.ok(d.body.metadata.some((m: { aliases: string[] }) => m.aliases.includes('127.0.0.1:7003')));
  } finally {
    host = 'login.microsoftonline.com';
    origin = 'https://login.microsoftonline.com';
  }
});
