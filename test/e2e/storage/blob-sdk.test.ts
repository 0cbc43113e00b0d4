/**
 * @azure/storage-blob against a running Cerulean on `{account}.blob.core.windows.net`: bearer tokens of a service
 * principal (RBAC data actions: denied without a Storage Blob Data role, allowed with Contributor), and Shared Key
 * with keys from listKeys. Accounts and containers are made through ARM.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { adminToken, assignRole, call, createServicePrincipal, type TestServicePrincipal } from '../../support/azure-http.js';
import { runNodeScript } from '../../support/run-node.js';

const STORAGE_BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const script = join(new URL('.', import.meta.url).pathname, 'fixtures', 'blob-client.ts');
const V = 'api-version=2022-09-01';
let p: PlatformProcess;
let sp: TestServicePrincipal;
let env: Record<string, string>;
let accountId: string;
const account = `e2e${randomBytes(4).toString('hex')}`;

async function runClient(cfg: Record<string, unknown>): Promise<any> {
  const r = await runNodeScript(script, env, [JSON.stringify({ account, container: 'data', ...cfg })]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

before(async () => {
  p = await startPlatformProcess();
  env = { HTTPS_PROXY: p.runtime.proxyUrl, NODE_EXTRA_CA_CERTS: p.runtime.caCert };
  const token = await adminToken(p);
  const rg = `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/storage-e2e`;
  const mg = (path: string) => `https://management.azure.com${path}`;
  assert.equal((await call(p, 'PUT', mg(`${rg}?api-version=2021-04-01`), { token, body: { location: 'eastus' } })).status, 201);
  accountId = `${rg}/providers/Microsoft.Storage/storageAccounts/${account}`;
  const acct = await call(p, 'PUT', mg(`${accountId}?${V}`), { token, body: { location: 'eastus', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' } });
  assert.equal(acct.status, 200, acct.text);
  const c = await call(p, 'PUT', mg(`${accountId}/blobServices/default/containers/data?${V}`), { token, body: {} });
  assert.equal(c.status, 201, c.text);
  sp = await createServicePrincipal(p, 'blob-e2e');
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('without a Storage Blob Data role the SDK gets 403 AuthorizationPermissionMismatch', async () => {
  const out = await runClient({ mode: 'denied', tenant: p.runtime.tenantId, appId: sp.appId, secret: sp.secret });
  assert.equal(out.error.status, 403);
  assert.equal(out.error.code, 'AuthorizationPermissionMismatch');
  assert.match(out.error.explanation, /Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/blobs\/write/);
});

const expected = (mode: string) => ({
  small: 'hello blob',
  blocks: [5, 5],
  bigMatches: true,
  streamMatches: true,
  rangeMatches: true,
  flat: [`blob:${mode}/big-stream.bin`, `blob:${mode}/dir/big-file.bin`, `blob:${mode}/dir/small.txt`],
  hierarchy: [`blob:${mode}/big-stream.bin`, `prefix:${mode}/dir/`],
  afterDelete: [`blob:${mode}/big-stream.bin`, `blob:${mode}/dir/big-file.bin`],
  smallExists: false,
});

test('with Storage Blob Data Contributor: upload (single shot and blocks), download, list, delete with a bearer token', async () => {
  await assignRole(p, accountId, STORAGE_BLOB_DATA_CONTRIBUTOR, sp.objectId);
  const out = await runClient({ mode: 'contributor', tenant: p.runtime.tenantId, appId: sp.appId, secret: sp.secret });
  assert.deepEqual(out, expected('contributor'));
});

test('Shared Key with a key from listKeys', async () => {
  const token = await adminToken(p);
  const keys = await call(p, 'POST', `https://management.azure.com${accountId}/listKeys?${V}`, { token });
  assert.equal(keys.status, 200);
  const out = await runClient({ mode: 'sharedKey', key: keys.json.keys[0].value });
  assert.deepEqual(out, expected('sharedKey'));
});
