import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGraphHarness, STRONG_PASSWORD, TEST_DOMAIN, TEST_TENANT, type GraphHarness } from './graph-test-harness.js';

let h: GraphHarness;
let adminToken: string;

before(async () => {
  h = await startGraphHarness();
  adminToken = await h.tokenFor({ objectId: h.adminId, kind: 'user', upn: `admin@${TEST_DOMAIN}` });
});
after(() => h.close());

const USER_DEFAULT_KEYS = [
  '@odata.context', 'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation',
  'preferredLanguage', 'surname', 'userPrincipalName', 'id',
];

function assertGraphError(r: { status: number; json: any }, status: number, code: string, message?: string | RegExp) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.error.code, code);
  if (typeof message === 'string') assert.equal(r.json.error.message, message);
  else if (message) assert.match(r.json.error.message, message);
  assert.match(r.json.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.ok(r.json.error.innerError['request-id']);
}

test('authentication failures use Graph\'s InvalidAuthenticationToken envelope', async () => {
  const none = await h.call('GET', '/v1.0/me', { headers: { 'client-request-id': 'c-1' } });
  assertGraphError(none, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  assert.equal(none.json.error.innerError['client-request-id'], 'c-1');
  assert.equal(none.headers.get('client-request-id'), 'c-1');

  const armToken = await h.tokenFor({ objectId: h.adminId, kind: 'user', upn: `admin@${TEST_DOMAIN}` }, 'https://management.azure.com/');
  const wrongAud = await h.call('GET', '/v1.0/me', { token: armToken });
  assertGraphError(wrongAud, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');

  const garbage = await h.call('GET', '/v1.0/me', { token: 'not-a-jwt' });
  assertGraphError(garbage, 401, 'InvalidAuthenticationToken');
});

test('GET /me returns the user\'s default property set; service principals get a 400', async () => {
  const me = await h.call('GET', '/v1.0/me', { token: adminToken });
  assert.equal(me.status, 200);
  assert.deepEqual(Object.keys(me.json), USER_DEFAULT_KEYS);
  assert.equal(me.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#users/$entity');
  assert.equal(me.json.userPrincipalName, `admin@${TEST_DOMAIN}`);
  assert.equal(me.json.mail, null);
  assert.deepEqual(me.json.businessPhones, []);
  assert.match(me.headers.get('content-type') ?? '', /^application\/json;odata\.metadata=minimal/);

  const app = h.dir.createApplication({ displayName: 'daemon' });
  const sp = h.dir.createServicePrincipal({ appId: app.appId });
  const spToken = await h.tokenFor({ objectId: sp.id, kind: 'servicePrincipal', appId: app.appId });
  const r = await h.call('GET', '/v1.0/me', { token: spToken });
  assertGraphError(r, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  // …but a service principal reads the directory.
  const users = await h.call('GET', '/v1.0/users', { token: spToken });
  assert.equal(users.status, 200);
  assert.ok(users.json.value.some((u: any) => u.id === h.adminId));
});

test('only a Global Administrator creates users; Graph validates the body', async () => {
  const body = {
    accountEnabled: true,
    displayName: 'Alice',
    mailNickname: 'alice',
    userPrincipalName: `alice@${TEST_DOMAIN}`,
    passwordProfile: { password: STRONG_PASSWORD, forceChangePasswordNextSignIn: false },
  };
  const created = await h.call('POST', '/v1.0/users', { token: adminToken, body });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(Object.keys(created.json), USER_DEFAULT_KEYS);
  assert.ok(!created.text.includes(STRONG_PASSWORD));
  assert.ok(h.dir.verifyUserPassword(`ALICE@${TEST_DOMAIN}`, STRONG_PASSWORD));

  const dup = await h.call('POST', '/v1.0/users', { token: adminToken, body });
  assertGraphError(dup, 400, 'Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.');
  assert.deepEqual(dup.json.error.details[0].target, 'userPrincipalName');

  const badDomain = await h.call('POST', '/v1.0/users', { token: adminToken, body: { ...body, userPrincipalName: 'x@contoso.com' } });
  assertGraphError(badDomain, 400, 'Request_BadRequest', /domain portion of the userPrincipalName/);
  const weak = await h.call('POST', '/v1.0/users', { token: adminToken, body: { ...body, userPrincipalName: `w@${TEST_DOMAIN}`, passwordProfile: { password: 'password' } } });
  assertGraphError(weak, 400, 'Request_BadRequest', /password complexity/);
  const missing = await h.call('POST', '/v1.0/users', { token: adminToken, body: { ...body, mailNickname: undefined, userPrincipalName: `m@${TEST_DOMAIN}` } });
  assertGraphError(missing, 400, 'Request_BadRequest', "A value is required for property 'mailNickname' of resource 'User'.");
  const unknown = await h.call('POST', '/v1.0/users', { token: adminToken, body: { ...body, favouriteColour: 'blue' } });
  assertGraphError(unknown, 400, 'Request_BadRequest', "Property 'favouriteColour' does not exist as a declared property or extension property.");

  const aliceToken = await h.tokenFor({ objectId: created.json.id, kind: 'user', upn: body.userPrincipalName });
  const denied = await h.call('POST', '/v1.0/users', { token: aliceToken, body: { ...body, userPrincipalName: `bob@${TEST_DOMAIN}` } });
  assertGraphError(denied, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const deniedDelete = await h.call('DELETE', `/v1.0/users/${h.adminId}`, { token: aliceToken });
  assertGraphError(deniedDelete, 403, 'Authorization_RequestDenied');
});

test('users are found by object id or UPN (any case), updated, $select-ed and deleted', async () => {
  const u = h.dir.createUser({ displayName: 'Carol', userPrincipalName: `carol@${TEST_DOMAIN}`, password: STRONG_PASSWORD });
  const byUpn = await h.call('GET', `/v1.0/users/CAROL@${TEST_DOMAIN}`, { token: adminToken });
  assert.equal(byUpn.status, 200);
  assert.equal(byUpn.json.id, u.id);

  const patch = await h.call('PATCH', `/v1.0/users/${u.id}`, { token: adminToken, body: { jobTitle: 'Engineer', accountEnabled: false } });
  assert.equal(patch.status, 204);
  assert.equal(patch.text, '');
  const sel = await h.call('GET', `/v1.0/users/${u.id}?$select=id,jobTitle,accountEnabled`, { token: adminToken });
  assert.deepEqual(sel.json, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,jobTitle,accountEnabled)/$entity',
    jobTitle: 'Engineer',
    id: u.id,
    accountEnabled: false,
  });
  const filtered = await h.call('GET', `/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq 'Carol@${TEST_DOMAIN}'`)}`, { token: adminToken });
  assert.deepEqual(filtered.json.value.map((x: any) => x.id), [u.id]);
  assert.equal(filtered.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#users');

  const del = await h.call('DELETE', `/v1.0/users/${u.id}`, { token: adminToken });
  assert.equal(del.status, 204);
  const gone = await h.call('GET', `/v1.0/users/${u.id}`, { token: adminToken });
  assertGraphError(gone, 404, 'Request_ResourceNotFound', `Resource '${u.id}' does not exist or one of its queried reference-property objects are not present.`);
});

test('organization, /beta, unknown segments, wrong methods and bad queries', async () => {
  const org = await h.call('GET', '/v1.0/organization', { token: adminToken });
  assert.equal(org.status, 200);
  assert.equal(org.json.value[0].id, TEST_TENANT);
  assert.deepEqual(org.json.value[0].verifiedDomains[0], {
    capabilities: 'Email, OfficeCommunicationsOnlineService', isDefault: true, isInitial: true, name: TEST_DOMAIN, type: 'Managed',
  });

  const beta = await h.call('GET', '/beta/me', { token: adminToken });
  assert.equal(beta.status, 200);
  assert.equal(beta.json['@odata.context'], 'https://graph.microsoft.com/beta/$metadata#users/$entity');

  assertGraphError(await h.call('GET', '/v1.0/widgets', { token: adminToken }), 400, 'BadRequest', "Resource not found for the segment 'widgets'.");
  assertGraphError(await h.call('GET', '/v2.0/me', { token: adminToken }), 400, 'BadRequest', 'Invalid version: v2.0');
  assertGraphError(await h.call('PUT', '/v1.0/users', { token: adminToken, body: {} }), 405, 'Request_BadRequest');
  assertGraphError(await h.call('GET', `/v1.0/users?$filter=${encodeURIComponent("displayName eq")}`, { token: adminToken }), 400, 'BadRequest', "Invalid filter clause: Syntax error at position 14 in 'displayName eq'.");
  assertGraphError(await h.call('GET', `/v1.0/users?$filter=${encodeURIComponent("appId eq 'x'")}`, { token: adminToken }), 400, 'BadRequest', "Could not find a property named 'appId' on type 'microsoft.graph.user'.");
  assertGraphError(await h.call('GET', '/v1.0/users?$top=0', { token: adminToken }), 400, 'Request_BadRequest', /Invalid page size/);
  const r = await fetch(`${h.base}/v1.0/applications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: '{"displayName":',
    signal: AbortSignal.timeout(10_000),
  });
  assertGraphError({ status: r.status, json: await r.json() }, 400, 'BadRequest', /Unable to read JSON request payload/);
});
