import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGraphHarness, STRONG_PASSWORD, TEST_DOMAIN, TEST_TENANT, type GraphHarness } from '../graph-test-harness.js';

let h: GraphHarness;
let adminToken: string;
let aliceToken: string;
let bobToken: string;
let aliceId: string;

before(async () => {
  h = await startGraphHarness();
  adminToken = await h.tokenFor({ objectId: h.adminId, kind: 'user', upn: `admin@${TEST_DOMAIN}` });
  const alice = h.dir.createUser({ displayName: 'Alice', userPrincipalName: `alice@${TEST_DOMAIN}`, password: STRONG_PASSWORD });
  const bob = h.dir.createUser({ displayName: 'Bob', userPrincipalName: `bob@${TEST_DOMAIN}`, password: STRONG_PASSWORD });
  aliceId = alice.id;
  aliceToken = await h.tokenFor({ objectId: alice.id, kind: 'user', upn: alice.userPrincipalName });
  bobToken = await h.tokenFor({ objectId: bob.id, kind: 'user', upn: bob.userPrincipalName });
});
after(() => h.close());

const q = (filter: string) => `$filter=${encodeURIComponent(filter)}`;

test('az ad sp create-for-rbac, request by request, as a non-admin user', async () => {
  const name = 'ci-deployer';
  const existing = await h.call('GET', `/v1.0/servicePrincipals?${q(`displayName eq '${name}'`)}`, { token: aliceToken });
  assert.deepEqual(existing.json, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals', value: [] });
  const apps = await h.call('GET', `/v1.0/applications?${q(`startswith(displayName,'${name}')`)}`, { token: aliceToken });
  assert.deepEqual(apps.json.value, []);

  const app = await h.call('POST', '/v1.0/applications', { token: aliceToken, body: { displayName: name } });
  assert.equal(app.status, 201, app.text);
  assert.equal(app.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity');
  assert.equal(app.json.displayName, name);
  assert.deepEqual(app.json.passwordCredentials, []);
  assert.equal(app.json.publisherDomain, TEST_DOMAIN);
  assert.equal(app.json.signInAudience, 'AzureADMyOrg');
  assert.deepEqual(app.json.web.implicitGrantSettings, { enableAccessTokenIssuance: false, enableIdTokenIssuance: false });
  assert.equal(app.json.description, null);

  const end = new Date(Date.now() + 365 * 86400_000).toISOString();
  const pw = await h.call('POST', `/v1.0/applications/${app.json.id}/addPassword`, {
    token: aliceToken,
    body: { passwordCredential: { displayName: 'rbac', endDateTime: end } },
  });
  assert.equal(pw.status, 200, pw.text);
  assert.equal(pw.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.passwordCredential');
  assert.equal(pw.json.secretText.length, 40);
  assert.equal(pw.json.hint, pw.json.secretText.slice(0, 3));
  assert.equal(pw.json.endDateTime, end);

  const noSp = await h.call('GET', `/v1.0/servicePrincipals?${q(`appId eq '${app.json.appId}'`)}`, { token: aliceToken });
  assert.deepEqual(noSp.json.value, []);
  const sp = await h.call('POST', '/v1.0/servicePrincipals', { token: aliceToken, body: { appId: app.json.appId, accountEnabled: true } });
  assert.equal(sp.status, 201, sp.text);
  assert.deepEqual(sp.json.servicePrincipalNames, [app.json.appId]);
  assert.equal(sp.json.servicePrincipalType, 'Application');
  assert.equal(sp.json.appDisplayName, name);
  assert.equal(sp.json.appOwnerOrganizationId, TEST_TENANT);
  assert.equal(sp.json.signInAudience, 'AzureADMyOrg');

  // The secret signs the principal in; it is never readable again.
  assert.equal(h.dir.verifyClientSecret(app.json.appId, pw.json.secretText)?.id, sp.json.id);
  const reread = await h.call('GET', `/v1.0/applications/${app.json.id}`, { token: aliceToken });
  assert.equal(reread.json.passwordCredentials[0].secretText, null);
  assert.equal(reread.json.passwordCredentials[0].hint, pw.json.hint);
  assert.ok(!reread.text.includes(pw.json.secretText));
  assert.ok(!/"_/.test(reread.text) && !/"_/.test(sp.text), 'no private field on the wire');

  // `az ad sp show --id <appId>` and `az role assignment create --assignee <appId>` resolve it this way.
  const bySpn = await h.call('GET', `/v1.0/servicePrincipals?${q(`servicePrincipalNames/any(c:c eq '${app.json.appId.toUpperCase()}')`)}`, { token: bobToken });
  assert.deepEqual(bySpn.json.value.map((x: any) => x.id), [sp.json.id]);

  const again = await h.call('POST', '/v1.0/servicePrincipals', { token: aliceToken, body: { appId: app.json.appId } });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'Request_MultipleObjectsWithSameKeyValue');

  const removed = await h.call('POST', `/v1.0/applications/${app.json.id}/removePassword`, { token: aliceToken, body: { keyId: pw.json.keyId } });
  assert.equal(removed.status, 204);
  assert.equal(h.dir.verifyClientSecret(app.json.appId, pw.json.secretText), undefined);
});

test('owners change and delete what they own; other users may not; the admin may', async () => {
  const app = (await h.call('POST', '/v1.0/applications', { token: aliceToken, body: { displayName: 'owned' } })).json;
  const sp = (await h.call('POST', '/v1.0/servicePrincipals', { token: aliceToken, body: { appId: app.appId } })).json;

  const owners = await h.call('GET', `/v1.0/applications/${app.id}/owners`, { token: bobToken });
  assert.deepEqual(owners.json.value.map((o: any) => [o['@odata.type'], o.id]), [['#microsoft.graph.user', aliceId]]);

  for (const [method, path, body] of [
    ['PATCH', `/v1.0/applications/${app.id}`, { notes: 'x' }],
    ['POST', `/v1.0/applications/${app.id}/addPassword`, { passwordCredential: {} }],
    ['DELETE', `/v1.0/applications/${app.id}`, undefined],
    ['PATCH', `/v1.0/servicePrincipals/${sp.id}`, { tags: ['x'] }],
    ['DELETE', `/v1.0/servicePrincipals/${sp.id}`, undefined],
  ] as const) {
    const r = await h.call(method, path, { token: bobToken, body });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.json.error.code, 'Authorization_RequestDenied');
  }

  const patched = await h.call('PATCH', `/v1.0/applications/${app.id}`, {
    token: aliceToken,
    body: { identifierUris: ['api://owned'], web: { redirectUris: ['https://localhost/cb'] } },
  });
  assert.equal(patched.status, 204);
  const spNow = await h.call('GET', `/v1.0/servicePrincipals/${sp.id}`, { token: aliceToken });
  assert.deepEqual(spNow.json.servicePrincipalNames, [app.appId, 'api://owned']);
  const appNow = await h.call('GET', `/v1.0/applications/${app.id}?$select=web,identifierUris`, { token: aliceToken });
  assert.deepEqual(appNow.json.web.redirectUriSettings, [{ uri: 'https://localhost/cb', index: null }]);
  const byUri = await h.call('GET', `/v1.0/applications?${q("identifierUris/any(s:s eq 'api://owned')")}`, { token: bobToken });
  assert.deepEqual(byUri.json.value.map((a: any) => a.id), [app.id]);

  const readOnly = await h.call('PATCH', `/v1.0/applications/${app.id}`, { token: aliceToken, body: { appId: 'x' } });
  assert.equal(readOnly.status, 400);
  assert.equal(readOnly.json.error.message, "Property 'appId' is read-only and cannot be set.");

  const adminPatch = await h.call('PATCH', `/v1.0/servicePrincipals/${sp.id}`, { token: adminToken, body: { tags: ['HideApp'] } });
  assert.equal(adminPatch.status, 204);

  // Deleting the application takes its service principal with it.
  const del = await h.call('DELETE', `/v1.0/applications/${app.id}`, { token: aliceToken });
  assert.equal(del.status, 204);
  assert.equal((await h.call('GET', `/v1.0/servicePrincipals/${sp.id}`, { token: aliceToken })).status, 404);
  assert.equal((await h.call('GET', `/v1.0/applications/${app.id}`, { token: aliceToken })).status, 404);
});

test('service principals and managed identities cannot register applications', async () => {
  const mi = h.dir.createManagedIdentityPrincipal({ displayName: 'id1', resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1' });
  const miToken = await h.tokenFor({ objectId: mi.id, kind: 'managedIdentity', appId: mi.appId, miResourceId: mi._miResourceId });
  const r = await h.call('POST', '/v1.0/applications', { token: miToken, body: { displayName: 'nope' } });
  assert.equal(r.status, 403);
  assert.equal((await h.call('GET', `/v1.0/servicePrincipals/${mi.id}`, { token: miToken })).status, 200);
});

test('managed identity principals read back in Azure\'s shape and are not deleted through Graph', async () => {
  const rid = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/shape';
  const mi = h.dir.createManagedIdentityPrincipal({ displayName: 'shape', resourceId: rid });
  const r = await h.call('GET', `/v1.0/servicePrincipals/${mi.id}`, { token: aliceToken });
  assert.equal(r.status, 200);
  assert.equal(r.json.servicePrincipalType, 'ManagedIdentity');
  assert.deepEqual(r.json.alternativeNames, ['isExplicit=True', rid]);
  assert.deepEqual(r.json.servicePrincipalNames, [mi.appId, rid]);
  assert.equal(r.json.appDisplayName, null);
  assert.equal(r.json.signInAudience, null);
  assert.equal(r.json.accountEnabled, true);
  for (const k of ['deletedDateTime', 'homepage', 'preferredTokenSigningKeyThumbprint', 'samlSingleSignOnSettings']) assert.equal(r.json[k], null, k);
  assert.deepEqual(r.json.passwordCredentials, []);
  assert.ok(!/"_/.test(r.text));

  const del = await h.call('DELETE', `/v1.0/servicePrincipals/${mi.id}`, { token: adminToken });
  assert.equal(del.status, 400);
  assert.ok(h.dir.getServicePrincipal(mi.id));
});

test('directoryObjects/getByIds as az role assignment list calls it', async () => {
  const app = h.dir.createApplication({ displayName: 'lookup' });
  const sp = h.dir.createServicePrincipal({ appId: app.appId });
  const ids = [h.adminId, sp.id, app.id, '00000000-0000-0000-0000-00000000dead'];
  const r = await h.call('POST', '/v1.0/directoryObjects/getByIds', {
    token: bobToken,
    body: { ids, types: ['user', 'group', 'servicePrincipal', 'directoryObjectPartnerReference'] },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects');
  assert.deepEqual(
    r.json.value.map((o: any) => [o['@odata.type'], o.id]),
    [['#microsoft.graph.user', h.adminId], ['#microsoft.graph.servicePrincipal', sp.id]],
  );
  // az's principalName: userPrincipalName, else servicePrincipalNames[0], else displayName.
  assert.equal(r.json.value[0].userPrincipalName, `admin@${TEST_DOMAIN}`);
  assert.equal(r.json.value[1].servicePrincipalNames[0], app.appId);

  const all = await h.call('POST', '/v1.0/directoryObjects/getByIds', { token: bobToken, body: { ids } });
  assert.equal(all.json.value.length, 3);
  const one = await h.call('GET', `/v1.0/directoryObjects/${app.id}`, { token: bobToken });
  assert.equal(one.json['@odata.type'], '#microsoft.graph.application');
  assert.equal(one.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity');
  const bad = await h.call('POST', '/v1.0/directoryObjects/getByIds', { token: bobToken, body: {} });
  assert.equal(bad.status, 400);
});

test('lists page with $top and @odata.nextLink, count with $count, order with $orderby', async () => {
  for (const n of ['p-c', 'p-a', 'p-b']) h.dir.createApplication({ displayName: n });
  const f = q("startswith(displayName,'p-')");
  const first = await h.call('GET', `/v1.0/applications?${f}&$top=2&$count=true&$orderby=displayName&$select=displayName`, { token: bobToken });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json['@odata.count'], 3);
  assert.deepEqual(first.json.value, [{ displayName: 'p-a' }, { displayName: 'p-b' }]);
  const next = new URL(first.json['@odata.nextLink']);
  assert.equal(next.origin, h.base);
  const second = await h.call('GET', next.pathname + next.search, { token: bobToken });
  assert.deepEqual(second.json.value, [{ displayName: 'p-c' }]);
  assert.equal(second.json['@odata.nextLink'], undefined);
});
