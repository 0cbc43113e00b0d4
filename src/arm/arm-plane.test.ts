import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startArmHarness, TEST_SUBSCRIPTION, TEST_TENANT, TEST_DOMAIN, type ArmHarness } from './arm-test-harness.js';
import { armUtcTime } from './arm-errors.js';
import { RESOURCES_API_VERSIONS } from './api-versions.js';
import { createRoleAssignment } from './authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../authz/built-in-roles.js';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION}`;
let now = Date.now();
let h: ArmHarness;

before(async () => {
  h = await startArmHarness({ clock: { now: () => now } });
});
after(() => h.close());

test('api-version: missing, invalid for a core type, invalid for a provider type', async () => {
  const t = h.admin.token;
  const missing = await h.call('GET', `${SUB}/resourcegroups`, { token: t });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json.error, {
    code: 'MissingApiVersionParameter',
    message: 'The api-version query parameter (?api-version=) is required for all requests.',
  });
  const core = await h.call('GET', `${SUB}/resourcegroups?api-version=2023-02-01`, { token: t });
  assert.equal(core.status, 400);
  assert.equal(core.json.error.code, 'InvalidApiVersionParameter');
  const newestFirst = [...RESOURCES_API_VERSIONS].sort().reverse().join(',');
  assert.equal(core.json.error.message, `The api-version '2023-02-01' is invalid. The supported versions are '${newestFirst}'.`);
  assert.ok(newestFirst.startsWith('2025-04-01,'));
  const provider = await h.call('GET', `${SUB}/providers/Microsoft.Authorization/roleDefinitions?api-version=2021-01-01`, { token: t });
  assert.equal(provider.json.error.code, 'NoRegisteredProviderFound');
  assert.equal(
    provider.json.error.message,
    "No registered resource provider found for location 'eastus' and API version '2021-01-01' for type 'roleDefinitions'. The supported api-versions are '2015-07-01, 2017-05-01, 2018-01-01-preview, 2018-07-01, 2022-04-01, 2022-05-01-preview'. The supported locations are ''.",
  );
  for (const v of ['2014-04-01', '2019-11-01', '2020-01-01', '2021-04-01', '2022-09-01', '2022-12-01', '2024-03-01', '2025-04-01']) {
    assert.equal((await h.call('GET', `/subscriptions?api-version=${v}`, { token: t })).status, 200, v);
  }
});

test('401s: missing header, garbage token, wrong audience, expired token', async () => {
  const missing = await h.call('GET', `${SUB}/resourcegroups?api-version=2021-04-01`);
  assert.equal(missing.status, 401);
  assert.deepEqual(missing.json.error, { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." });
  assert.equal(
    missing.headers.get('www-authenticate'),
    `Bearer authorization_uri="https://login.windows.net/${TEST_TENANT}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
  );
  assert.equal(missing.headers.get('x-ms-failure-cause'), 'gateway');

  const garbage = await h.call('GET', `${SUB}/resourcegroups?api-version=2021-04-01`, { token: 'not.a.jwt' });
  assert.equal(garbage.status, 401);
  assert.deepEqual(garbage.json.error, { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' });
  assert.match(garbage.headers.get('www-authenticate')!, new RegExp(`login.windows.net/${TEST_TENANT}", error="invalid_token"`));

  const storage = await h.ctx.tokens.issueAccessToken(
    { objectId: h.admin.id, tenantId: TEST_TENANT, kind: 'user', upn: `admin@${TEST_DOMAIN}` },
    'https://storage.azure.com/',
    { reuse: false },
  );
  const aud = await h.call('GET', `${SUB}/resourcegroups?api-version=2021-04-01`, { token: storage.accessToken });
  assert.equal(aud.status, 401);
  assert.equal(aud.json.error.code, 'InvalidAuthenticationTokenAudience');
  assert.equal(
    aud.json.error.message,
    "The access token has been obtained for wrong audience or resource 'https://storage.azure.com/'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
  );

  const arm = await h.ctx.tokens.issueAccessToken(
    { objectId: h.admin.id, tenantId: TEST_TENANT, kind: 'user', upn: `admin@${TEST_DOMAIN}` },
    'https://management.azure.com/',
    { reuse: false },
  );
  const saved = now;
  now = arm.expiresOn * 1000 + 3600_000;
  try {
    const expired = await h.call('GET', `${SUB}/resourcegroups?api-version=2021-04-01`, { token: arm.accessToken });
    assert.equal(expired.status, 401);
    assert.equal(expired.json.error.code, 'ExpiredAuthenticationToken');
    assert.equal(
      expired.json.error.message,
      `The access token expiry UTC time '${armUtcTime(arm.expiresOn * 1000)}' is earlier than current UTC time '${armUtcTime(Math.floor(now / 1000) * 1000)}'.`,
    );
  } finally {
    now = saved;
  }
});

test('ARM time format is M/d/yyyy h:mm:ss AM|PM in UTC', () => {
  assert.equal(armUtcTime(Date.UTC(2024, 0, 5, 15, 4, 5)), '1/5/2024 3:04:05 PM');
  assert.equal(armUtcTime(Date.UTC(2024, 11, 25, 0, 0, 9)), '12/25/2024 12:00:09 AM');
  assert.equal(armUtcTime(Date.UTC(2024, 6, 1, 12, 30, 0)), '7/1/2024 12:30:00 PM');
});

test('subscription visibility: admin, principal with a role below it, principal without roles', async () => {
  const all = await h.call('GET', '/subscriptions?api-version=2019-11-01', { token: h.admin.token });
  assert.equal(all.status, 200);
  assert.deepEqual(all.json.value, [
    {
      id: SUB,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionId: TEST_SUBSCRIPTION,
      tenantId: TEST_TENANT,
      displayName: 'Cerulean Subscription',
      state: 'Enabled',
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    },
  ]);
  const nobody = await h.managedIdentity('nobody');
  assert.deepEqual((await h.call('GET', '/subscriptions?api-version=2019-11-01', { token: nobody.token })).json.value, []);
  const one = await h.call('GET', `${SUB}?api-version=2020-01-01`, { token: nobody.token });
  assert.equal(one.status, 404);
  assert.deepEqual(one.json.error, { code: 'SubscriptionNotFound', message: `The subscription '${TEST_SUBSCRIPTION}' could not be found.` });

  createRoleAssignment(h.ctx.store, {
    scope: `${SUB}/resourceGroups/somewhere/providers/Microsoft.Storage/storageAccounts/a`,
    roleDefinitionGuid: BUILT_IN_ROLE_IDS.storageBlobDataReader,
    principalId: nobody.id,
  });
  assert.equal((await h.call('GET', '/subscriptions?api-version=2019-11-01', { token: nobody.token })).json.value.length, 1);
  assert.equal((await h.call('GET', `${SUB}?api-version=2020-01-01`, { token: nobody.token })).json.displayName, 'Cerulean Subscription');
  const locations = await h.call('GET', `${SUB}/locations?api-version=2022-12-01`, { token: nobody.token });
  assert.ok(locations.json.value.some((l: any) => l.name === 'westus2' && l.displayName === 'West US 2' && l.regionalDisplayName === '(US) West US 2'));
});

test('tenants, metadata endpoints (no auth), providers and unknown routes', async () => {
  const tenants = await h.call('GET', '/tenants?api-version=2022-12-01', { token: h.admin.token });
  assert.deepEqual(tenants.json.value, [
    {
      id: `/tenants/${TEST_TENANT}`,
      tenantId: TEST_TENANT,
      countryCode: 'US',
      displayName: 'Cerulean',
      domains: [TEST_DOMAIN],
      tenantCategory: 'Home',
      defaultDomain: TEST_DOMAIN,
      tenantType: 'AAD',
    },
  ]);
  const meta = await h.call('GET', '/metadata/endpoints?api-version=2022-09-01');
  assert.equal(meta.status, 200);
  assert.equal(meta.json[0].name, 'AzureCloud');
  assert.equal(meta.json[0].resourceManager, 'https://management.azure.com/');
  const legacy = await h.call('GET', '/metadata/endpoints?api-version=2015-01-01');
  assert.equal(legacy.json.authentication.loginEndpoint, 'https://login.microsoftonline.com/');

  const auth = await h.call('GET', `${SUB}/providers/Microsoft.Authorization?api-version=2021-04-01`, { token: h.admin.token });
  assert.equal(auth.json.registrationState, 'Registered');
  const ra = auth.json.resourceTypes.find((t: any) => t.resourceType === 'roleAssignments');
  assert.ok(ra.apiVersions.includes('2022-04-01'));
  const list = await h.call('GET', `${SUB}/providers?api-version=2021-04-01`, { token: h.admin.token });
  assert.deepEqual(list.json.value.map((p: any) => p.namespace), ['Microsoft.Resources', 'Microsoft.Authorization', 'Cerulean.Authorization']);

  const unknownNs = await h.call('GET', `${SUB}/resourceGroups/x/providers/Microsoft.Nope/things/y?api-version=2021-04-01`, { token: h.admin.token });
  assert.equal(unknownNs.status, 400);
  assert.deepEqual(unknownNs.json.error, { code: 'InvalidResourceNamespace', message: "The resource namespace 'Microsoft.Nope' is invalid." });
});
