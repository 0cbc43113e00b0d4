/**
 * Scoring authentication by the endpoint's auth mode, end to end: an aml_token endpoint created and read through
 * `cerulean az` (get-credentials prints the token as az ml does; an expired token signed with the platform's own key
 * is refused; a key is refused), and an aad_token endpoint (a service principal's Entra token gets 403 without
 * `onlineEndpoints/score/action`, 200 with AzureML Data Scientist; `az ml online-endpoint invoke` as that caller).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { CompactSign, decodeProtectedHeader } from 'jose';
import type { ProxyAgent } from 'undici';
import { removeHome } from '../../support/platform-process.js';
import { assignRole, call, createServicePrincipal, ROLES } from '../../support/azure-http.js';
import { arm, createEndpoint, endpointKey, setTraffic } from '../ml-serving/fixtures/ml-setup.js';
import { az, azOk, deployNode, scoringAgent, score, startRouterEnv, type RouterEnv } from './router-support.js';

const SCORE_ACTION = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action';
const AZUREML_DATA_SCIENTIST = 'f6c7c914-8db3-469d-8ca1-694a8f32e121';

let env: RouterEnv;
let agent: ProxyAgent;
let dir: string;

before(async () => {
  env = await startRouterEnv();
  agent = scoringAgent(env.p);
  dir = mkdtempSync(join(tmpdir(), 'ml-router-auth-'));
  writeFileSync(join(dir, 'request.json'), JSON.stringify({ id: 'from-cli' }));
});

after(async () => {
  await agent?.close();
  await env?.p.stop();
  if (env) removeHome(env.p.home);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The same token with `exp` an hour ago, signed with the platform's active signing key from the data home. */
async function expiredCopy(home: string, token: string): Promise<string> {
  const keys = join(home, 'keys');
  const { active } = JSON.parse(readFileSync(join(keys, 'signing-keys.json'), 'utf8')) as { active: string };
  const header = decodeProtectedHeader(token);
  assert.equal(header.kid, active, 'AML tokens are signed with the active key');
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  const payload = { ...claims, iat: now - 7200, nbf: now - 7200, exp: now - 3600 };
  const key = createPrivateKey(readFileSync(join(keys, `${active}.key.pem`), 'utf8'));
  return new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(key);
}

test('aml_token: get-credentials prints a token that scores; an expired token and a key are refused (401)', { timeout: 90_000 }, async () => {
  const { p } = env;
  const created = JSON.parse(await azOk(p, 'ml', 'online-endpoint', 'create', '--name', 'ep-aml', '--auth-mode', 'aml_token'));
  assert.equal(created.auth_mode, 'aml_token');
  assert.equal(created.provisioning_state, 'Succeeded');
  await deployNode(env, created.id, 'blue');
  await setTraffic(p, created.id, { blue: 100 });
  const uri = created.scoring_uri as string;

  const before = Math.floor(Date.now() / 1000);
  const out = await azOk(p, 'ml', 'online-endpoint', 'get-credentials', '--name', 'ep-aml');
  const creds = JSON.parse(out);
  assert.deepEqual(Object.keys(creds), ['accessToken', 'expiryTimeUtc', 'refreshAfterTimeUtc', 'tokenType'], out);
  assert.equal(creds.tokenType, 'Bearer');
  assert.equal(typeof creds.expiryTimeUtc, 'number');
  assert.ok(creds.expiryTimeUtc >= before + 3500 && creds.expiryTimeUtc <= before + 3700, `expiryTimeUtc ${creds.expiryTimeUtc} is about an hour from now`);
  assert.ok(creds.refreshAfterTimeUtc > before && creds.refreshAfterTimeUtc < creds.expiryTimeUtc);

  const ok = await score(agent, uri, creds.accessToken, { id: 'aml-1' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.deployment, 'blue');
  assert.equal(ok.json.id, 'aml-1');
  assert.equal(ok.headers['azureml-model-deployment'], 'blue');

  const expired = await score(agent, uri, await expiredCopy(p.home, creds.accessToken), { id: 'aml-expired' });
  assert.equal(expired.status, 401, expired.text);
  assert.match(expired.text, /expired/i);

  // A key, even a genuine one of another endpoint of the workspace, is no credential for a token endpoint.
  const keyEp = await createEndpoint(p, env.ws, 'ep-keyed');
  const key = await endpointKey(p, keyEp.id);
  const withKey = await score(agent, uri, key, { id: 'aml-key' });
  assert.equal(withKey.status, 401, withKey.text);
  assert.equal((await score(agent, uri, undefined, { id: 'aml-none' })).status, 401);
  // listKeys is refused for a token endpoint.
  const listKeys = await arm(p, 'POST', `${created.id}/listKeys`);
  assert.equal(listKeys.status, 400, listKeys.text);

  // The CLI picks the AML token itself for an aml_token endpoint and prints the answer as a JSON string.
  const invoked = await azOk(p, 'ml', 'online-endpoint', 'invoke', '--name', 'ep-aml', '--request-file', join(dir, 'request.json'));
  const answer = JSON.parse(JSON.parse(invoked));
  assert.equal(answer.deployment, 'blue');
  assert.equal(answer.id, 'from-cli');
});

test('aad_token: 403 without score/action, 200 with AzureML Data Scientist; az ml online-endpoint invoke as the caller', { timeout: 120_000 }, async () => {
  const { p } = env;
  const yml = join(dir, 'aad-endpoint.yml');
  writeFileSync(yml, '$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: ep-aad\nauth_mode: aad_token\n');
  const created = JSON.parse(await azOk(p, 'ml', 'online-endpoint', 'create', '-f', yml));
  assert.equal(created.auth_mode, 'aad_token');
  await deployNode(env, created.id, 'blue');
  await setTraffic(p, created.id, { blue: 100 });
  const uri = created.scoring_uri as string;
  const wsId = env.ws.id;

  const sp = await createServicePrincipal(p, 'router-scorer');
  const tokenOf = async (resource: string) => {
    const r = await call(p, 'POST', `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: sp.appId, client_secret: sp.secret, scope: `${resource}/.default` },
    });
    assert.equal(r.status, 200, r.text);
    return r.json.access_token as string;
  };
  const mlToken = await tokenOf('https://ml.azure.com');

  // Missing or invalid tokens: 401. A valid token for another audience: 401.
  assert.equal((await score(agent, uri, undefined, {})).status, 401);
  assert.equal((await score(agent, uri, 'not-a-token', {})).status, 401);
  assert.equal((await score(agent, uri, await tokenOf('https://management.azure.com'), {})).status, 401);

  // A valid token without the permission: 403 AuthorizationFailed, as Azure words it.
  const denied = await score(agent, uri, mlToken, { id: 'aad-denied' });
  assert.equal(denied.status, 403, denied.text);
  assert.equal(denied.json?.error?.code, 'AuthorizationFailed', denied.text);
  assert.match(denied.json.error.message, new RegExp(`^The client '${sp.appId}' with object id '${sp.objectId}' does not have authorization to perform action '${SCORE_ACTION.replace(/\//g, '\\/')}' over scope '${created.id.replace(/\//g, '\\/')}' or the scope is invalid\\.`, 'i'));

  // Reader on the workspace lets the service principal sign in and read the endpoint, but not score.
  await assignRole(p, wsId, ROLES.Reader, sp.objectId);
  assert.equal((await score(agent, uri, mlToken, { id: 'aad-reader' })).status, 403);
  await azOk(p, 'login', '--service-principal', '--username', sp.appId, '--password', sp.secret, '--tenant', p.runtime.tenantId);
  const refused = await az(p, 'ml', 'online-endpoint', 'invoke', '--name', 'ep-aad', '--request-file', join(dir, 'request.json'));
  assert.notEqual(refused.code, 0, refused.stdout);
  assert.match(refused.stderr, /\(403\).*does not have authorization to perform action/, refused.stderr);

  await assignRole(p, wsId, AZUREML_DATA_SCIENTIST, sp.objectId);
  const allowed = await score(agent, uri, mlToken, { id: 'aad-allowed' });
  assert.equal(allowed.status, 200, allowed.text);
  assert.equal(allowed.json.id, 'aad-allowed');
  assert.equal(allowed.headers['azureml-model-deployment'], 'blue');

  const invoked = await azOk(p, 'ml', 'online-endpoint', 'invoke', '--name', 'ep-aad', '--request-file', join(dir, 'request.json'));
  const answer = JSON.parse(JSON.parse(invoked));
  assert.equal(answer.id, 'from-cli');
  assert.equal(answer.deployment, 'blue');

  // get-credentials does not hand out keys for an aad_token endpoint.
  assert.notEqual((await az(p, 'ml', 'online-endpoint', 'get-credentials', '--name', 'ep-aad')).code, 0);
  const listKeys = await arm(p, 'POST', `${created.id}/listKeys`);
  assert.equal(listKeys.status, 400, listKeys.text);
});
