import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { getRegistry } from '../../registry/arm/registry-records.js';
import { ImageStore } from './image-store.js';
import { RG, ROLE, WS, startEnvHarness, type EnvHarness } from './env-test-harness.js';

let h: EnvHarness;
let ws: any;
let uai: any;
const REG = `${RG}/providers/Microsoft.ContainerRegistry/registries/ceruleanpriv01`;
const LS = 'ceruleanpriv01.azurecr.io';
let baseDigest: string;
let n = 0;

before(async () => {
  h = await startEnvHarness();
  ws = (await h.put(WS, { location: 'eastus', properties: {} })).json;
  uai = (await h.put(`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai1?api-version=2023-01-31`, { location: 'eastus' })).json;
  assert.equal((await h.put(`${REG}?api-version=2023-07-01`, { location: 'eastus', sku: { name: 'Basic' } })).status, 201);
  baseDigest = await h.pushBase(REG, 'pytorch/pytorch', 'latest');
  const conn = await h.put(`${WS}/connections/test_ws_conn_cr_managed`, {
    properties: { category: 'ContainerRegistry', target: `https://${LS}`, authType: 'ManagedIdentity', credentials: { clientId: uai.properties.clientId, resourceId: uai.id } },
  });
  assert.equal(conn.status, 200, conn.text);
});
after(() => h?.close());

/** Creates the next version of env `e` and waits for its build; returns the final version JSON and operation status. */
async function build(properties: Record<string, unknown>): Promise<{ put: any; status: any; version: any }> {
  const v = String(++n);
  const put = await h.put(`${WS}/environments/e/versions/${v}`, { properties });
  assert.equal(put.status, 201, put.text);
  const url = put.headers.get('azure-asyncoperation');
  const status = url ? (await h.poll(url)).json : undefined;
  return { put: put.json, status, version: (await h.get(`${WS}/environments/e/versions/${v}`)).json };
}

test('without Managed Identity Operator for the workspace identity the build fails naming the role and the UAI', async () => {
  const r = await build({ image: `${LS}/pytorch/pytorch:latest` });
  assert.equal(r.put.properties.provisioningState, 'Creating');
  assert.equal(r.status.status, 'Failed');
  assert.equal(r.status.error.code, 'AuthorizationFailed');
  assert.match(r.status.error.message, /'Managed Identity Operator' role on the user-assigned identity/);
  assert.ok(r.status.error.message.includes(`scope '${uai.id}'`));
  assert.ok(r.status.error.message.includes(ws.identity.principalId));
  assert.equal(r.version.properties.provisioningState, 'Failed');
  assert.equal(r.version.properties.imageBuild.status, 'Failed');
  assert.match(r.version.properties.imageBuild.log.join('\n'), /Using workspace connection 'test_ws_conn_cr_managed'[\s\S]*ERROR \(AuthorizationFailed\)/);
});

test('then without AcrPull for the UAI on the private registry it fails naming AcrPull and the registry', async () => {
  await h.grant(uai.id, ROLE.managedIdentityOperator, ws.identity.principalId);
  const r = await build({ image: `${LS}/pytorch/pytorch:latest` });
  assert.equal(r.status.status, 'Failed');
  assert.match(r.status.error.message, /does not have the 'AcrPull' role on the container registry/);
  assert.ok(r.status.error.message.includes(`at scope '${REG}'`));
  assert.ok(r.status.error.message.includes(uai.properties.principalId));
});

test('with both grants the image is built into the workspace registry', async () => {
  await h.grant(REG, ROLE.acrPull, uai.properties.principalId);
  const r = await build({ image: `${LS}/pytorch/pytorch:latest`, condaFile: 'name: env\ndependencies:\n  - python=3.10\n' });
  assert.equal(r.status.status, 'Succeeded', JSON.stringify(r.version.properties.imageBuild));
  const b = r.version.properties.imageBuild;
  assert.equal(r.version.properties.provisioningState, 'Succeeded');
  assert.equal(b.baseImageDigest, baseDigest);
  assert.equal(b.connection, 'test_ws_conn_cr_managed');
  const wsRegistry = getRegistry(h.ctx.store, ws.properties.containerRegistry)!;
  const wsLs = wsRegistry.properties.loginServer;
  assert.match(b.image, new RegExp(`^${wsLs}/azureml/azureml_[0-9a-f]{32}:latest$`));
  const store = new ImageStore(h.ctx);
  const repo = b.image.slice(wsLs.length + 1, -':latest'.length);
  const m = store.manifest(wsLs, repo, 'latest');
  assert.ok('found' in m);
  assert.equal(m.found.digest, b.imageDigest);
  const layers = m.found.json.layers as Array<{ digest: string }>;
  assert.equal(layers.length, 3);
  for (const l of layers) assert.ok(store.hasLinkedBlob(wsLs, repo, l.digest), `layer ${l.digest} is served by the workspace registry`);
  const config = JSON.parse((await store.blob(wsLs, repo, (m.found.json.config as { digest: string }).digest))!.toString());
  assert.equal(config.rootfs.diff_ids.length, 3);
  assert.equal(config.config.Labels['azureml.base.digest'], baseDigest);
  const top = gunzipSync((await store.blob(wsLs, repo, layers[2].digest))!).toString('latin1');
  assert.ok(top.includes('azureml-environment-setup/mutated_conda_dependencies.yml') && top.includes('python=3.10'));
});

test('an unknown tag fails with manifest unknown; no connection fails naming the login server', async () => {
  const r = await build({ image: `${LS}/pytorch/pytorch:nope` });
  assert.deepEqual([r.status.status, r.status.error.code], ['Failed', 'ManifestUnknown']);
  assert.match(r.status.error.message, /has no tag 'nope'/);
  const other = `${RG}/providers/Microsoft.ContainerRegistry/registries/ceruleanpriv02`;
  await h.put(`${other}?api-version=2023-07-01`, { location: 'eastus', sku: { name: 'Basic' } });
  const r2 = await build({ image: 'ceruleanpriv02.azurecr.io/pytorch/pytorch:latest' });
  assert.equal(r2.status.error.code, 'ConnectionNotFound');
  assert.match(r2.status.error.message, /No container registry connection of workspace 'ws1' has the target 'ceruleanpriv02.azurecr.io'/);
});

test('a base outside Cerulean is recorded by reference at once; invalid references are refused before storing', async () => {
  const put = await h.put(`${WS}/environments/ext/versions/1`, { properties: { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', condaFile: 'x: 1' } });
  assert.equal(put.status, 201);
  assert.equal(put.headers.get('azure-asyncoperation'), null);
  assert.equal(put.json.properties.provisioningState, 'Succeeded');
  assert.equal(put.json.properties.imageBuild.baseSource, 'external');
  assert.match(put.json.properties.imageBuild.log.join('\n'), /recorded by reference only/);
  // No base layers, but the environment image (config + the conda layer) is in the workspace registry.
  const wsLs = getRegistry(h.ctx.store, ws.properties.containerRegistry)!.properties.loginServer.toLowerCase();
  const image: string = put.json.properties.imageDetails.image;
  assert.match(image, new RegExp(`^${wsLs.replace(/\./g, '\\.')}/azureml/azureml_[0-9a-f]{32}:latest$`));
  const repo = image.slice(wsLs.length + 1, -':latest'.length);
  const store = new ImageStore(h.ctx);
  const found = store.manifest(wsLs, repo, 'latest');
  assert.ok('found' in found);
  assert.equal(found.found.digest, put.json.properties.imageDetails.digest);
  const layers = found.found.json.layers as Array<{ digest: string }>;
  assert.equal(layers.length, 1);
  const config = JSON.parse((await store.blob(wsLs, repo, (found.found.json.config as { digest: string }).digest))!.toString());
  assert.equal(config.config.Labels['azureml.base.image'], 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest');
  assert.equal(config.rootfs.diff_ids.length, 1);
  const tar = gunzipSync((await store.blob(wsLs, repo, layers[0].digest))!).toString('latin1');
  assert.match(tar, /azureml-environment-setup\/mutated_conda_dependencies\.yml/);
  assert.match(tar, /x: 1/);
  const bad = await h.put(`${WS}/environments/ext/versions/2`, { properties: { image: 'mcr.microsoft.com/Bad Name' } });
  assert.deepEqual([bad.status, bad.json.error.code], [400, 'UserError']);
  assert.equal((await h.get(`${WS}/environments/ext/versions/2`)).status, 404);
});

test('archiving keeps the build state of a failed version', async () => {
  const r = await h.put(`${WS}/environments/e/versions/1`, { properties: { image: `${LS}/pytorch/pytorch:latest`, isArchived: true } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.properties.isArchived, r.json.properties.provisioningState, r.json.properties.imageBuild.status], [true, 'Failed', 'Failed']);
});

test('a Dockerfile build context from the datastore: FROM the private image, other instructions recorded', async () => {
  const { BlobRecords } = await import('../../storage/blob/blob-records.js');
  const { ContentFiles } = await import('../../storage/blob/content-files.js');
  const ds = (await h.get(`${WS}/datastores/workspaceblobstore`)).json.properties;
  const files = new ContentFiles(h.ctx.paths.blobsDir);
  files.init();
  const records = new BlobRecords(h.ctx.store);
  const put = async (name: string, text: string) => {
    const { fileId } = await files.write((async function* () {
      yield Buffer.from(text);
    })(), 1 << 20);
    records.putBlob({ account: ds.accountName, container: ds.containerName, name, fileId, size: Buffer.byteLength(text), etag: '"1"', createdOn: 0, lastModified: 0, metadata: {} });
  };
  await put('LocalUpload/h1/ctx/Dockerfile', `FROM ${LS}/pytorch/pytorch:latest\nRUN pip install torchvision\nCOPY app /app\n`);
  await put('LocalUpload/h1/ctx/app/main.py', 'print(1)\n');
  const uri = `https://${ds.accountName}.blob.core.windows.net/${ds.containerName}/LocalUpload/h1/ctx`;
  const r = await build({ build: { contextUri: uri, dockerfilePath: 'Dockerfile' } });
  assert.equal(r.status.status, 'Succeeded', JSON.stringify(r.version.properties.imageBuild));
  const log = r.version.properties.imageBuild.log.join('\n');
  assert.match(log, /Step \(line 2\): RUN pip install torchvision -- recorded, not executed/);
  assert.match(log, /context\/app\/main\.py/);
});
