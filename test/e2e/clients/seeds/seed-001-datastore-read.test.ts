/**
 * Seed 001: "grant the managed identity at least Storage Blob Data Reader role on the storage account of the
 * datastore … then, when you work on the compute instance, the managed identity is used automatically to
 * authenticate against datastores." An identity-based datastore (`az ml datastore create --file`, no credentials)
 * is read from inside `cerulean compute exec` with the instance's system-assigned identity, by a Python
 * standard-library script and by azure-identity + azure-storage-blob (Debian python3-azure): the datastore is
 * resolved through ARM with the identity's management token (needs read on the workspace: AzureML Data Scientist),
 * and the blob read gets Azure's 403 until the identity holds Storage Blob Data Reader on the account.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../../support/platform-process.js';
import { cerulean, json, ok } from '../../ml-compute/fixtures/compute-cli.js';

const PY = '/usr/bin/python3';
const probe = spawnSync(PY, ['-c', 'import azure.identity, azure.storage.blob, requests'], { encoding: 'utf8' });
const missing = probe.error ? `${PY} is not installed` : probe.status !== 0 ? `${PY} lacks python3-azure/python3-requests` : undefined;
if (missing && process.env.CI) throw new Error(missing);

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const RG = 'dsread-rg';
const W = ['-g', RG, '-w', 'dsread-ws'];

describe('a compute instance reads an identity-based datastore with its identity', { skip: missing ? `skipped: ${missing}` : false, timeout: 300_000 }, () => {
  let p: PlatformProcess;
  let principal: string;
  let workspaceId: string;
  let accountId: string;
  const az = (...args: string[]) => cerulean(p, ['az', ...args]);
  const read = (script: string) =>
    cerulean(p, ['compute', 'exec', 'reader-ci', ...W, '--', PY, join(FIXTURES, script), p.runtime.subscriptionId, RG, 'dsread-ws', 'identity_store', 'data/hello.txt']);

  before(async () => {
    p = await startPlatformProcess();
    const dir = mkdtempSync(join(tmpdir(), 'dsread-'));
    ok(await az('group', 'create', '-n', RG, '-l', 'eastus'));
    workspaceId = (await json(await az('ml', 'workspace', 'create', '-n', 'dsread-ws', '-g', RG))).id;
    accountId = (await json(await az('storage', 'account', 'create', '-n', 'dsreadacct', '-g', RG, '-l', 'eastus'))).id;
    ok(await az('storage', 'container', 'create', '--account-name', 'dsreadacct', '-n', 'training'));
    writeFileSync(join(dir, 'hello.txt'), 'rows from the datastore');
    ok(await az('storage', 'blob', 'upload', '--account-name', 'dsreadacct', '-c', 'training', '-n', 'data/hello.txt', '-f', join(dir, 'hello.txt')));
    writeFileSync(join(dir, 'store.yml'), 'name: identity_store\ntype: azure_blob\naccount_name: dsreadacct\ncontainer_name: training\n');
    ok(await az('ml', 'datastore', 'create', '--file', join(dir, 'store.yml'), ...W));
    const ci = await json(await az('ml', 'compute', 'create', '--name', 'reader-ci', '--identity-type', 'SystemAssigned', '--type', 'ComputeInstance', ...W));
    principal = ci.identity.principal_id;
  });

  after(async () => {
    await p?.stop();
    if (p) removeHome(p.home);
  });

  test('no role: resolving the datastore through ARM is refused', async () => {
    for (const script of ['datastore_read_stdlib.py', 'datastore_read_sdk.py']) {
      const r = await read(script);
      assert.equal(r.code, 2, `${script}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /^ARM 403 .*"AuthorizationFailed".*'Microsoft\.MachineLearningServices\/workspaces\/datastores\/read'/);
    }
  });

  test('AzureML Data Scientist on the workspace, no data role: the blob read gets 403 AuthorizationPermissionMismatch', async () => {
    ok(await az('role', 'assignment', 'create', '--assignee', principal, '--role', 'AzureML Data Scientist', '--scope', workspaceId));
    const stdlib = await read('datastore_read_stdlib.py');
    assert.equal(stdlib.code, 3, stdlib.stdout + stdlib.stderr);
    assert.match(stdlib.stdout, /^BLOB 403 .*<Code>AuthorizationPermissionMismatch<\/Code>/);
    const sdk = await read('datastore_read_sdk.py');
    assert.equal(sdk.code, 3, sdk.stdout + sdk.stderr);
    assert.equal(sdk.stdout.trim(), 'BLOB 403 AuthorizationPermissionMismatch');
  });

  test('with Storage Blob Data Reader on the datastore account both read the blob', async () => {
    ok(await az('role', 'assignment', 'create', '--assignee', principal, '--role', 'Storage Blob Data Reader', '--scope', accountId));
    for (const script of ['datastore_read_stdlib.py', 'datastore_read_sdk.py']) {
      const r = await read(script);
      assert.equal(r.code, 0, `${script}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout.trim(), 'rows from the datastore');
    }
  });
});
