/**
 * Inside `cerulean exec --identity <uai>`: a stdlib Python script (MSI_ENDPOINT + urllib through https_proxy), Debian's
 * python3-azure (ManagedIdentityCredential + azure-storage-blob) and @azure/identity + @azure/storage-blob read a blob
 * on `{account}.blob.core.windows.net` with the identity's token. Without a Storage Blob Data role every call is a 403
 * AuthorizationPermissionMismatch; right after the role assignment the same calls succeed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../../support/platform-process.js';
import { assignRole, ROLES } from '../../../support/azure-http.js';
import { createGroup, createUai, ceruleanExec, lastJsonLine, type Uai } from '../../workloads/fixtures/workloads-setup.js';
import { createAccountAndContainer, debianClients, fixtures, putBlob, STORAGE_BLOB_DATA_CONTRIBUTOR, writerToken, type BlobFixture } from './fixtures/blob-setup.js';

const PY = '/usr/bin/python3';
const skip = debianClients([PY], ['azure.identity', 'azure.storage.blob']);
const SEED = 'seeded through the data plane\n';

let p: PlatformProcess;
let uai: Uai;
let f: BlobFixture;

before(async () => {
  if (skip) return;
  p = await startPlatformProcess();
  const groupId = await createGroup(p, 'mi-blob');
  uai = await createUai(p, 'mi-blob', 'reader-id');
  f = await createAccountAndContainer(p, groupId, `mib${randomBytes(4).toString('hex')}`, 'models');
  await putBlob(p, await writerToken(p, f), f, 'hello.txt', SEED);
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

const id = () => ['--identity', uai.id];

async function urllibScript(): Promise<any> {
  const r = await ceruleanExec(p, [...id(), '--', PY, join(fixtures, 'msi-blob-urllib.py'), uai.properties.clientId, `${f.accountUrl}/${f.container}/hello.txt`]);
  assert.equal(r.code, 0, r.stderr);
  return lastJsonLine(r);
}

async function pythonSdk(imds = false): Promise<any> {
  const args = [join(fixtures, 'msi-blob-sdk.py'), f.accountUrl, f.container, 'hello.txt', uai.properties.clientId];
  const r = await ceruleanExec(p, [...(imds ? ['--imds'] : []), ...id(), '--', PY, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return lastJsonLine(r);
}

async function nodeSdk(credential: 'mi' | 'dac', upload?: string): Promise<any> {
  const cfg = { credential, clientId: uai.properties.clientId, account: f.account, container: f.container, blob: 'hello.txt', upload };
  const r = await ceruleanExec(p, [...id(), '--', process.execPath, join(fixtures, 'node-blob.mjs'), JSON.stringify(cfg)]);
  assert.equal(r.code, 0, r.stderr);
  return lastJsonLine(r);
}

function assertMismatch(out: any, what: string): void {
  assert.equal(out.status, 403, `${what}: ${JSON.stringify(out)}`);
  assert.equal(out.code, 'AuthorizationPermissionMismatch', what);
  if ('header' in out) assert.equal(out.header, 'AuthorizationPermissionMismatch', what);
}

test('without a Storage Blob Data role: 403 AuthorizationPermissionMismatch for urllib, python3-azure and the JS SDK', { skip, timeout: 120_000 }, async () => {
  const raw = await urllibScript();
  assert.equal(raw.tokenStatus, 200);
  assertMismatch(raw, 'urllib');
  assert.match(raw.body, /<Code>AuthorizationPermissionMismatch<\/Code><Message>This request is not authorized to perform this operation using this permission\.\n/);
  const py = await pythonSdk();
  assert.deepEqual(py.msi_vars, ['MSI_ENDPOINT', 'MSI_SECRET']);
  assert.equal(py.appid, uai.properties.clientId);
  assertMismatch(py, 'python3-azure');
  assertMismatch(await nodeSdk('mi'), 'ManagedIdentityCredential');
  assertMismatch(await nodeSdk('dac'), 'DefaultAzureCredential');
});

test('after Storage Blob Data Reader is assigned, the same calls read at once; writes stay denied', { skip, timeout: 120_000 }, async () => {
  await assignRole(p, f.accountId, ROLES.StorageBlobDataReader, uai.properties.principalId);
  const raw = await urllibScript();
  assert.equal(raw.status, 200, JSON.stringify(raw));
  assert.equal(raw.content, SEED);
  assert.equal(raw.server, 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0');

  const py = await pythonSdk();
  assert.deepEqual({ status: py.status, content: py.content, names: py.names }, { status: 200, content: SEED, names: ['hello.txt'] });
  assert.equal(py.xms_mirid.toLowerCase(), uai.id.toLowerCase());

  for (const cred of ['mi', 'dac'] as const) {
    const out = await nodeSdk(cred);
    assert.deepEqual(out, { content: SEED, names: ['hello.txt'], status: 200 }, cred);
  }
  assertMismatch(await nodeSdk('mi', 'denied write'), 'upload with Reader only');
});

test('with Storage Blob Data Contributor the JS SDK uploads, downloads and lists with both credentials', { skip, timeout: 120_000 }, async () => {
  await assignRole(p, f.accountId, STORAGE_BLOB_DATA_CONTRIBUTOR, uai.properties.principalId);
  const mi = await nodeSdk('mi', 'written by ManagedIdentityCredential');
  assert.deepEqual(mi, { uploaded: 'written by ManagedIdentityCredential', content: SEED, names: ['hello.txt', 'hello.txt.node'], status: 200 });
  const dac = await nodeSdk('dac', 'written by DefaultAzureCredential');
  assert.equal(dac.status, 200, JSON.stringify(dac));
  assert.equal(dac.uploaded, 'written by DefaultAzureCredential');
  // The Python SDK sees the blob the JS SDK wrote.
  const py = await pythonSdk();
  assert.deepEqual(py.names, ['hello.txt', 'hello.txt.node']);
});

test('--imds (no MSI_* variables): python3-azure ManagedIdentityCredential gets the token through HTTP_PROXY and reads', { skip, timeout: 60_000 }, async () => {
  const py = await pythonSdk(true);
  assert.deepEqual(py.msi_vars, []);
  assert.equal(py.status, 200, JSON.stringify(py));
  assert.equal(py.content, SEED);
  assert.equal(py.appid, uai.properties.clientId);
  assert.equal(py.xms_mirid.toLowerCase(), uai.id.toLowerCase());
});
