/**
 * Online deployments end to end through REST: assets uploaded to the workspace blob datastore, a system-assigned
 * endpoint, a stdlib-Python deployment doing what the sample's scoring script does on the wire (token by REST from
 * MSI_ENDPOINT, blob GET) and a Node deployment using @azure/identity + @azure/storage-blob; invoke through the
 * scoring router (key auth, pinning, traffic), logs, failures that name the missing role, and deletion stopping
 * the instances.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { adminToken, assignRole, call, ROLES } from '../../support/azure-http.js';
import {
  ARM,
  arm,
  createEndpoint,
  createWorkspace,
  deploy,
  deploymentLogs,
  endpointKey,
  fixtures,
  invoke,
  putAsset,
  setTraffic,
  uploadBlob,
  uploadFolder,
  type Workspace,
} from './fixtures/ml-setup.js';
import { acrAccessToken, acrRefreshToken, raw } from '../registry/fixtures/registry-setup.js';

const REQUEST = { data: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]] };
// linear.json: coef [0.5,-1,2,0,1,0,0,0,0,1], intercept 10.
const EXPECTED = [0.5 - 2 + 6 + 5 + 10 + 10, 5 - 9 + 16 + 6 + 1 + 10];

let p: PlatformProcess;
let ws: Workspace;
let code: string;
let nodeCode: string;
let model: string;
let env: string;
let storageEnv: Record<string, string>;

/** Scoring-host processes of this platform (their working directory is below its data home). */
function hostPids(home: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!/cerulean_scoring_host\.py|node-host\.mjs/.test(cmd)) continue;
      if (readlinkSync(`/proc/${d}/cwd`).startsWith(home)) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

before(async () => {
  p = await startPlatformProcess();
  ws = await createWorkspace(p, 'mlrg', 'mlws');
  await uploadBlob(p, ws, 'data/hello.txt', 'Hello world!');
  storageEnv = { STORAGE_ACCOUNT_NAME: ws.account, STORAGE_CONTAINER_NAME: ws.container, FILE_NAME: 'data/hello.txt' };
  code = await putAsset(p, ws, 'codes', 'stdlib-code', { codeUri: await uploadFolder(p, ws, join(fixtures, 'stdlib/onlinescoring'), 'LocalUpload/c1') });
  nodeCode = await putAsset(p, ws, 'codes', 'node-code', { codeUri: await uploadFolder(p, ws, join(fixtures, 'node/onlinescoring'), 'LocalUpload/c2') });
  model = await putAsset(p, ws, 'models', 'linear', { modelUri: await uploadFolder(p, ws, join(fixtures, 'stdlib/model'), 'LocalUpload/m1') });
  env = await putAsset(p, ws, 'environments', 'stdlib-env', {
    image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest',
    condaFile: readFileSync(join(fixtures, 'env-stdlib.yml'), 'utf8'),
  });
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('a sample-like deployment: Succeeded, invoke returns the prediction, logs show the blob read with the endpoint identity', { timeout: 120_000 }, async () => {
  const ep = await createEndpoint(p, ws, 'endpt-sai');
  const d = await deploy(p, ep.id, 'blue', { model, code, scoringScript: 'score_stdlib.py', environment: env, environmentVariables: storageEnv });
  assert.equal(d.properties.provisioningState, 'Succeeded', await deploymentLogs(p, `${ep.id}/deployments/blue`));
  await setTraffic(p, ep.id, { blue: 100 });
  const key = await endpointKey(p, ep.id);
  assert.match(ep.properties.scoringUri, /^https:\/\/endpt-sai\.eastus\.inference\.ml\.azure\.com\/score$/);

  const r = await invoke(p, ep, key, REQUEST);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, EXPECTED);
  assert.equal(r.headers['azureml-model-deployment'], 'blue');
  assert.match(String(r.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  assert.ok(r.headers['x-ms-request-id']);

  assert.equal((await invoke(p, ep, 'not-a-key', REQUEST)).status, 401);
  const unknown = await invoke(p, ep, key, REQUEST, { 'azureml-model-deployment': 'nosuch' });
  assert.equal(unknown.status, 404);
  const pinned = await invoke(p, ep, key, REQUEST, { 'azureml-model-deployment': 'blue' });
  assert.equal(pinned.status, 200);
  const broken = await invoke(p, ep, key, { nodata: true });
  assert.equal(broken.status, 424);
  assert.equal(broken.headers['ms-azureml-model-error-statuscode'], '500');

  const logs = await deploymentLogs(p, d.id);
  assert.match(logs, /azmlinfsrv\.print - Blob contains: Hello world!/);
  assert.match(logs, /root - Retrieved token successfully\./);
  const envVersion = await arm(p, 'GET', env);
  const image: string = envVersion.json.properties.imageDetails?.image ?? '';
  assert.match(image, /^[a-z0-9]+\.azurecr\.io\/azureml\/azureml_[0-9a-f]{32}:latest$/, envVersion.text);
  const quoted = image.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  assert.match(logs, new RegExp(`Environment image: ${quoted}@sha256:[0-9a-f]{64} \\(base mcr\\.microsoft\\.com/azureml/openmpi4\\.1\\.0-ubuntu22\\.04:latest`));
  // The image is real registry content: an authenticated manifest GET returns config + the conda layer, base named in the config.
  const [loginServer, repoTag] = [image.split('/')[0], image.slice(image.indexOf('/') + 1)];
  const repo = repoTag.split(':')[0];
  const rt = await acrRefreshToken(p, loginServer, await adminToken(p));
  const at = await acrAccessToken(p, loginServer, rt, `repository:${repo}:pull`);
  const manifest = await raw(p, 'GET', `https://${loginServer}/v2/${repo}/manifests/latest`, { token: at, headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(manifest.status, 200, manifest.body.toString());
  assert.equal(manifest.json.layers.length, 1);
  const config = await raw(p, 'GET', `https://${loginServer}/v2/${repo}/blobs/${manifest.json.config.digest}`, { token: at });
  assert.equal(config.status, 200);
  assert.equal(JSON.parse(config.body.toString()).config.Labels['azureml.base.image'], 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest');
  const si = await deploymentLogs(p, d.id, 'StorageInitializer');
  assert.match(si, new RegExp(`Pulling image ${quoted} with identity [0-9a-f-]{36}\\.`));
  assert.match(si, /Pulled manifest sha256:[0-9a-f]{64}/);
  assert.match(si, /Downloaded LocalUpload\/m1\/model\/linear\.json/);
  assert.match(si, /Storage initializer completed\./);
});

test('a Node deployment with @azure/identity + @azure/storage-blob; traffic split and pinning; deleting the endpoint stops its instances', { timeout: 120_000 }, async () => {
  const ep = await createEndpoint(p, ws, 'endpt-node');
  const others = hostPids(p.home);
  const blue = await deploy(p, ep.id, 'blue', { model, code, scoringScript: 'score_stdlib.py', environment: env });
  assert.equal(blue.properties.provisioningState, 'Succeeded');
  const green = await deploy(p, ep.id, 'green', { code: nodeCode, scoringScript: 'score.mjs', environmentVariables: { ...storageEnv, DEPLOYMENT_TAG: 'green' }, instanceCount: 2 });
  assert.equal(green.properties.provisioningState, 'Succeeded', await deploymentLogs(p, green.id));
  const key = await endpointKey(p, ep.id);

  const none = await invoke(p, ep, key, REQUEST);
  assert.equal(none.status, 404);
  assert.match(none.json.message, /No valid deployments to route to/);

  await setTraffic(p, ep.id, { blue: 50, green: 50 });
  const seen = new Set<string>();
  for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(String((await invoke(p, ep, key, REQUEST)).headers['azureml-model-deployment']));
  assert.deepEqual([...seen].sort(), ['blue', 'green']);

  const g = await invoke(p, ep, key, REQUEST, { 'azureml-model-deployment': 'green' });
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, { sums: [55, 55], blob: 'Hello world!', deployment: 'green' });
  assert.match(await deploymentLogs(p, green.id), /azmlinfsrv\.print - Blob contains: Hello world!/);

  const mine = hostPids(p.home).filter((pid) => !others.includes(pid));
  assert.equal(mine.length, 3, 'blue: 1 instance, green: 2 instances');
  const del = await arm(p, 'DELETE', ep.id);
  assert.equal(del.status, 202);
  const alive = () => hostPids(p.home).filter((pid) => mine.includes(pid));
  for (let i = 0; i < 100 && alive().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(alive(), []);
  assert.deepEqual(hostPids(p.home).sort(), others.sort(), 'other endpoints keep their instances');
});

test('a user-assigned identity without roles: Failed naming Storage Blob Data Reader, then AcrPull; a failing init() shows its error', { timeout: 120_000 }, async () => {
  const uaiId = `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/mlrg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ep-uai`;
  const uai = await call(p, 'PUT', `${ARM}${uaiId}?api-version=2023-01-31`, { token: await adminToken(p), body: { location: 'eastus' } });
  assert.ok(uai.status === 201 || uai.status === 200, uai.text);
  const ep = await createEndpoint(p, ws, 'endpt-uai', { type: 'UserAssigned', userAssignedIdentities: { [uaiId]: {} } });
  const attached = ep.identity.userAssignedIdentities[Object.keys(ep.identity.userAssignedIdentities)[0]];
  const principalId = attached.principalId;

  const noStorage = await deploy(p, ep.id, 'blue', { model, code, scoringScript: 'score_stdlib.py', environment: env });
  assert.equal(noStorage.properties.provisioningState, 'Failed');
  const si = await deploymentLogs(p, noStorage.id, 'StorageInitializer');
  assert.match(si, /lacks the data action 'Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/blobs\/read'.*Storage Blob Data Reader/);

  await assignRole(p, ws.storageId, ROLES.StorageBlobDataReader, principalId);
  const noAcr = await deploy(p, ep.id, 'blue', { model, code, scoringScript: 'score_stdlib.py', environment: env });
  assert.equal(noAcr.properties.provisioningState, 'Failed');
  const noAcrSi = await deploymentLogs(p, noAcr.id, 'StorageInitializer');
  assert.match(noAcrSi, new RegExp(`Pulling image [a-z0-9]+\\.azurecr\\.io/azureml/azureml_[0-9a-f]{32}:latest with identity ${attached.clientId}`));
  assert.match(noAcrSi, /Error response from registry: denied: requested access to the resource is denied \(DENIED; Requires 'AcrPull' \(action 'Microsoft\.ContainerRegistry\/registries\/pull\/read'\) at the registry scope /);
  const noAcrLogs = await deploymentLogs(p, noAcr.id);
  const reason = /Deployment failed: (.*)/.exec(noAcrLogs)?.[1] ?? '';
  assert.match(reason, /could not pull the image '.*': Error response from registry: denied: requested access to the resource is denied/, noAcrLogs);
  assert.match(reason, /Requires 'AcrPull'.*--role "AcrPull"/);
  assert.ok(reason.toLowerCase().includes(`at the registry scope ${ws.registryId.toLowerCase()}`), reason);

  await assignRole(p, ws.registryId, '7f951dda-4ed3-4680-a7ca-43fe172d538d', principalId);
  const initFails = await deploy(p, ep.id, 'blue', { model, code, scoringScript: 'score_stdlib.py', environment: env, environmentVariables: { FAIL_INIT: '1' } });
  assert.equal(initFails.properties.provisioningState, 'Failed');
  assert.match(await deploymentLogs(p, initFails.id), /RuntimeError: init was told to fail/);

  const ok = await deploy(p, ep.id, 'blue', { model, code, scoringScript: 'score_stdlib.py', environment: env, environmentVariables: { ...storageEnv, UAI_CLIENT_ID: attached.clientId } });
  assert.equal(ok.properties.provisioningState, 'Succeeded', await deploymentLogs(p, ok.id));
  assert.match(await deploymentLogs(p, ok.id), /Blob contains: Hello world!/);
});

test('a platform restart brings running deployments back; no scoring host outlives the platform', { timeout: 120_000 }, async () => {
  const ep = (await arm(p, 'GET', `${ws.id}/onlineEndpoints/endpt-sai`)).json;
  const key = await endpointKey(p, ep.id);
  assert.equal((await invoke(p, ep, key, REQUEST)).status, 200);
  assert.ok(hostPids(p.home).length > 0);
  await p.stop('SIGTERM');
  assert.deepEqual(hostPids(p.home), []);
  p = await startPlatformProcess({ home: p.home });
  let r;
  for (let i = 0; i < 200; i++) {
    r = await invoke(p, ep, key, REQUEST);
    if (r.status === 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(r?.status, 200, r?.text);
  assert.deepEqual(r?.json, EXPECTED);
});
