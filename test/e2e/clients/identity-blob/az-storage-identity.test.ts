/**
 * Debian's azure-cli 2.45 with only the exports of `cerulean env` and a fresh AZURE_CONFIG_DIR: identity, storage
 * account, container and blobs (`--auth-mode login`). Then, inside `cerulean exec --identity <uai>`, `az login
 * --identity --username <client id>` downloads the same blob; inside `cerulean exec --imds --identity <uai>` (no MSI_*
 * variables) `az login --identity` gets the workload's token from IMDS through HTTP_PROXY.
 * `az login --identity` only ever runs inside a workload Cerulean started.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../../support/platform-process.js';
import { assignRole, ROLES } from '../../../support/azure-http.js';
import { runProcess, type RunResult } from '../../../support/run-node.js';
import { cliEnvExports } from '../../../support/cli-env.js';
import { ceruleanExec } from '../../workloads/fixtures/workloads-setup.js';
import { debianClients, STORAGE_BLOB_DATA_CONTRIBUTOR } from './fixtures/blob-setup.js';

const AZ = '/usr/bin/az';
const skip = debianClients([AZ]);
const account = `azb${randomBytes(4).toString('hex')}`;
const CONTENT = `az wrote this ${randomBytes(8).toString('hex')}\n`;

let p: PlatformProcess;
let baseEnv: Record<string, string>;
let cfg: string;
let uai: { id: string; clientId: string; principalId: string };

before(async () => {
  if (skip) return;
  p = await startPlatformProcess();
  baseEnv = { ...(await cliEnvExports(p)), PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
  cfg = mkdtempSync(join(tmpdir(), 'azcfg-'));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function az(args: string[]): Promise<RunResult> {
  return runProcess(AZ, args, { env: { ...baseEnv, AZURE_CONFIG_DIR: cfg }, timeoutMs: 90_000 });
}

async function azJson(args: string[]): Promise<any> {
  const r = await az([...args, '-o', 'json']);
  assert.equal(r.code, 0, `az ${args.join(' ')}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const blobArgs = (file: string) => ['--account-name', account, '-c', 'box', '-n', 'hello.txt', '-f', file, '--auth-mode', 'login'];

function claims(token: string): any {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

test('az: login, identity create, storage account create, container create, blob upload|download (--auth-mode login)', { skip, timeout: 150_000 }, async () => {
  const login = await azJson(['login', '-u', p.admin.username, '-p', p.admin.password]);
  assert.equal(login[0].user.name, p.admin.username);
  await azJson(['group', 'create', '-n', 'az-blob', '-l', 'eastus']);

  const identity = await azJson(['identity', 'create', '-g', 'az-blob', '-n', 'az-uai']);
  assert.equal(identity.type, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  assert.equal(identity.tenantId, p.runtime.tenantId);
  uai = { id: identity.id, clientId: identity.clientId, principalId: identity.principalId };

  const acct = await azJson(['storage', 'account', 'create', '-n', account, '-g', 'az-blob', '-l', 'eastus', '--sku', 'Standard_LRS']);
  assert.equal(acct.provisioningState, 'Succeeded');
  assert.equal(acct.primaryEndpoints.blob, `https://${account}.blob.core.windows.net/`);
  // Data-plane access for the signed-in user, as on Azure (Owner alone holds no data actions).
  await assignRole(p, acct.id, STORAGE_BLOB_DATA_CONTRIBUTOR, p.admin.objectId, 'User');

  const created = await azJson(['storage', 'container', 'create', '-n', 'box', '--account-name', account, '--auth-mode', 'login']);
  assert.deepEqual(created, { created: true });

  const src = join(cfg, 'hello.txt');
  writeFileSync(src, CONTENT);
  const up = await azJson(['storage', 'blob', 'upload', ...blobArgs(src)]);
  assert.equal(typeof up.etag, 'string');
  const dst = join(cfg, 'down.txt');
  const down = await azJson(['storage', 'blob', 'download', ...blobArgs(dst)]);
  assert.equal(down.name, 'hello.txt');
  assert.equal(readFileSync(dst, 'utf8'), CONTENT);
  const names = await azJson(['storage', 'blob', 'list', '--account-name', account, '-c', 'box', '--auth-mode', 'login', '--query', '[].name']);
  assert.deepEqual(names, ['hello.txt']);

  await assignRole(p, acct.id, ROLES.StorageBlobDataReader, uai.principalId);
});

test('inside cerulean exec --identity: az login --identity --username <client id>, then the same download', { skip, timeout: 120_000 }, async () => {
  assert.ok(uai, 'the identity was created by the previous test');
  const script = [
    `az login --identity --username ${uai.clientId} --query "[0].user.assignedIdentityInfo" -o tsv`,
    `az storage blob download --account-name ${account} -c box -n hello.txt -f "$TMPDIR/out.txt" --auth-mode login -o none`,
    'cat "$TMPDIR/out.txt"',
  ].join(' && ');
  const r = await ceruleanExec(p, ['--identity', uai.id, '--', '/bin/sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  const [info, ...rest] = r.stdout.split('\n');
  assert.equal(info, `MSIClient-${uai.clientId}`);
  assert.equal(rest.join('\n'), CONTENT);
});

test('inside cerulean exec --imds --identity (no MSI_* variables): az login --identity reaches IMDS through HTTP_PROXY', { skip, timeout: 120_000 }, async () => {
  assert.ok(uai, 'the identity was created by the previous test');
  const script = [
    "env | grep -c '^MSI_' || true",
    'echo "$HTTP_PROXY" | grep -c "@127.0.0.1:"',
    'az login --identity --query "[0].user.name" -o tsv',
    'az account get-access-token --resource https://storage.azure.com/ --query accessToken -o tsv',
    `az storage blob download --account-name ${account} -c box -n hello.txt -f "$TMPDIR/out.txt" --auth-mode login -o none`,
    'cat "$TMPDIR/out.txt"',
  ].join(' && ');
  const r = await ceruleanExec(p, ['--imds', '--identity', uai.id, '--', '/bin/sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  const [msiVars, proxied, user, token, ...rest] = r.stdout.split('\n');
  assert.equal(msiVars, '0');
  assert.equal(proxied, '1');
  assert.equal(user, 'systemAssignedIdentity');
  const c = claims(token);
  assert.equal(c.appid, uai.clientId);
  assert.equal(c.oid, uai.principalId);
  assert.equal(c.xms_mirid.toLowerCase(), uai.id.toLowerCase());
  assert.equal(rest.join('\n'), CONTENT);
});
