import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoleAssignment, listAllRoleAssignments } from '../../arm/authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { ApiError } from '../../shared/errors.js';
import { RG, V, WS, startMlHarness } from './ml-test-harness.js';
import { authenticateScoringRequest, findEndpointByHost } from './scoring-auth.js';
import { getEndpoint } from './ml-records.js';

const EP = `${WS}/onlineEndpoints/endpt-sai-1`;

function rolesOf(store: Parameters<typeof listAllRoleAssignments>[0], principalId: string): string[] {
  return listAllRoleAssignments(store).filter((a) => a.principalId === principalId).map((a) => `${a.roleDefinitionName}@${a.scope}`).sort();
}

async function rejects401(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof ApiError && e.status === 401 && e.code === code);
}

test('endpoint with a system-assigned identity: LRO, automatic grants, keys, scoring auth, cascade delete', async () => {
  const h = await startMlHarness();
  try {
    const t = h.admin.token;
    const ws = await h.workspace();
    const put = await h.call('PUT', `${EP}?${V}`, { token: t, body: { location: 'eastus', properties: { authMode: 'Key', description: 'd' } } });
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.properties.provisioningState, 'Creating');
    const asyncUrl = put.headers.get('azure-asyncoperation')!;
    assert.match(asyncUrl, /\/subscriptions\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/locations\/eastus\/mfeOperationsStatus\/[0-9a-f-]{36}\?api-version=2024-04-01$/);
    const status = await h.poll(asyncUrl);
    assert.equal(status.json.status, 'Succeeded');

    const got = (await h.call('GET', `${EP}?${V}`, { token: t })).json;
    assert.equal(got.kind, 'Managed');
    assert.equal(got.properties.provisioningState, 'Succeeded');
    assert.equal(got.properties.scoringUri, 'https://endpt-sai-1.eastus.inference.ml.azure.com/score');
    assert.equal(got.properties.swaggerUri, 'https://endpt-sai-1.eastus.inference.ml.azure.com/swagger.json');
    assert.deepEqual([got.properties.traffic, got.properties.mirrorTraffic, got.properties.publicNetworkAccess, got.properties.keys], [{}, {}, 'Enabled', null]);
    assert.equal(got.properties.properties['azureml.onlineendpointid'], EP.toLowerCase());
    assert.equal(got.identity.type, 'SystemAssigned');
    const principalId = got.identity.principalId;
    assert.equal(h.dir.getServicePrincipal(principalId)?.displayName, '/ws1/onlineEndpoints/endpt-sai-1');
    assert.deepEqual(rolesOf(h.ctx.store, principalId), [
      `${BUILT_IN_ROLE_IDS.acrPull}@${ws.properties.containerRegistry}`,
      `${BUILT_IN_ROLE_IDS.storageBlobDataReader}@${ws.properties.storageAccount}`,
    ].sort());
    assert.deepEqual((await h.call('GET', `${WS}/onlineEndpoints?api-version=2022-10-01`, { token: t })).json.value.map((e: any) => e.name), ['endpt-sai-1']);

    // Names: syntax, and unique per region across workspaces.
    const bad = await h.call('PUT', `${WS}/onlineEndpoints/1bad?${V}`, { token: t, body: { properties: { authMode: 'Key' } } });
    assert.deepEqual([bad.status, bad.json.error.code], [400, 'UserError']);
    await h.workspace('ws2');
    const dup = await h.call('PUT', `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws2/onlineEndpoints/endpt-sai-1?${V}`, { token: t, body: { properties: { authMode: 'Key' } } });
    assert.equal(dup.status, 409, dup.text);
    // Identity is immutable; traffic must name deployments.
    const swap = await h.call('PUT', `${EP}?${V}`, { token: t, body: { identity: { type: 'None' }, properties: { authMode: 'Key' } } });
    assert.deepEqual([swap.status, swap.json.error.code], [400, 'UserError']);
    const traffic = await h.call('PATCH', `${EP}?${V}`, { token: t, body: { properties: { traffic: { blue: 100 } } } });
    assert.equal(traffic.status, 400);
    assert.match(traffic.json.error.message, /'blue'/);

    // Keys.
    const keys = (await h.call('POST', `${EP}/listKeys?${V}`, { token: t })).json;
    assert.equal(Buffer.from(keys.primaryKey, 'base64').length, 32);
    assert.notEqual(keys.primaryKey, keys.secondaryKey);
    assert.equal((await h.call('POST', `${EP}/regenerateKeys?${V}`, { token: t, body: { keyType: 'Primary' } })).status, 200);
    const after = (await h.call('POST', `${EP}/listKeys?${V}`, { token: t })).json;
    assert.notEqual(after.primaryKey, keys.primaryKey);
    assert.equal(after.secondaryKey, keys.secondaryKey);
    assert.equal((await h.call('POST', `${EP}/token?${V}`, { token: t })).status, 400);

    // Scoring authentication and host look-up.
    const ep = findEndpointByHost(h.ctx, 'ENDPT-SAI-1.eastus.inference.ml.azure.com:443')!;
    assert.equal(ep.id, EP);
    assert.equal(findEndpointByHost(h.ctx, 'nope.eastus.inference.ml.azure.com'), undefined);
    assert.deepEqual(await authenticateScoringRequest(h.ctx, EP, `Bearer ${after.secondaryKey}`), { kind: 'key' });
    await rejects401(authenticateScoringRequest(h.ctx, EP, `Bearer ${keys.primaryKey}`), 'InvalidKey');
    await rejects401(authenticateScoringRequest(h.ctx, EP, undefined), 'MissingAuthorization');

    // Delete: identity and its assignments go, the name is free again.
    const del = await h.call('DELETE', `${EP}?${V}`, { token: t });
    assert.equal(del.status, 202);
    assert.equal((await h.poll(del.headers.get('location')!)).status, 200);
    assert.equal((await h.call('GET', `${EP}?${V}`, { token: t })).status, 404);
    assert.equal(h.dir.getServicePrincipal(principalId), undefined);
    assert.deepEqual(rolesOf(h.ctx.store, principalId), []);
    assert.equal(findEndpointByHost(h.ctx, 'endpt-sai-1.eastus.inference.ml.azure.com'), undefined);
    assert.equal((await h.poll(asyncUrl)).json.status, 'Canceled');
  } finally {
    await h.close();
  }
});

test('endpoint with a user-assigned identity needs assign/action and gets no automatic grants', async () => {
  const h = await startMlHarness();
  try {
    await h.workspace();
    const uai = await h.call('PUT', `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai1?api-version=2023-01-31`, { token: h.admin.token, body: { location: 'eastus' } });
    assert.equal(uai.status, 201, uai.text);
    const dev = await h.user('dev');
    createRoleAssignment(h.ctx.store, { scope: WS, roleDefinitionGuid: BUILT_IN_ROLE_IDS.azureMLDataScientist, principalId: dev.id, principalType: 'User' });
    const body = { identity: { type: 'UserAssigned', userAssignedIdentities: { [uai.json.id]: {} } }, properties: { authMode: 'AMLToken' } };
    const url = `${WS}/onlineEndpoints/endpt-uai?api-version=2023-04-01`;
    const denied = await h.call('PUT', url, { token: dev.token, body });
    assert.equal(denied.status, 403, denied.text);
    assert.equal(denied.json.error.code, 'LinkedAuthorizationFailed');
    createRoleAssignment(h.ctx.store, { scope: RG, roleDefinitionGuid: BUILT_IN_ROLE_IDS.managedIdentityOperator, principalId: dev.id, principalType: 'User' });
    const two = await h.call('PUT', url, { token: dev.token, body: { ...body, identity: { type: 'UserAssigned', userAssignedIdentities: { [uai.json.id]: {}, [uai.json.id + 'x']: {} } } } });
    assert.deepEqual([two.status, two.json.error.code], [400, 'UserError']);
    const ok = await h.call('PUT', url, { token: dev.token, body });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.identity, {
      type: 'UserAssigned',
      userAssignedIdentities: { [uai.json.id]: { principalId: uai.json.properties.principalId, clientId: uai.json.properties.clientId } },
    });
    assert.deepEqual(rolesOf(h.ctx.store, uai.json.properties.principalId), []);

    // AML tokens: issued to the caller, valid for this endpoint only, 1 h.
    assert.equal((await h.call('POST', `${WS}/onlineEndpoints/endpt-uai/listKeys?${V}`, { token: dev.token })).status, 400);
    const tok = await h.call('POST', `${WS}/onlineEndpoints/endpt-uai/token?${V}`, { token: dev.token });
    assert.equal(tok.status, 200, tok.text);
    assert.equal(tok.json.tokenType, 'Bearer');
    assert.ok(tok.json.expiryTimeUtc - Math.floor(Date.now() / 1000) > 3500);
    assert.ok(tok.json.refreshAfterTimeUtc < tok.json.expiryTimeUtc);
    const epId = `${WS}/onlineEndpoints/endpt-uai`;
    const auth = await authenticateScoringRequest(h.ctx, epId, `Bearer ${tok.json.accessToken}`);
    assert.equal(auth.kind, 'aml_token');
    assert.equal(auth.principal?.objectId, dev.id);
    await rejects401(authenticateScoringRequest(h.ctx, epId, `Bearer ${dev.token}`), 'InvalidToken');

    // AAD tokens: audience https://ml.azure.com; the key of another endpoint mode does not work.
    const aad = `${WS}/onlineEndpoints/endpt-aad`;
    assert.equal((await h.call('PUT', `${aad}?${V}`, { token: h.admin.token, body: { properties: { authMode: 'AADToken' } } })).status, 201);
    const mlToken = await h.ctx.tokens.issueAccessToken({ objectId: dev.id, tenantId: h.ctx.config.tenantId, kind: 'user', upn: dev.client }, 'https://ml.azure.com/', { reuse: false });
    const aadAuth = await authenticateScoringRequest(h.ctx, aad, `Bearer ${mlToken.accessToken}`);
    assert.deepEqual([aadAuth.kind, aadAuth.principal?.objectId], ['aad_token', dev.id]);
    await rejects401(authenticateScoringRequest(h.ctx, aad, `Bearer ${tok.json.accessToken}`), 'InvalidToken');
    assert.equal(getEndpoint(h.ctx, aad)?.properties.authMode, 'AADToken');
  } finally {
    await h.close();
  }
});
