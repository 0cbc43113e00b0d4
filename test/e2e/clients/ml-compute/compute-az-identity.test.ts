/**
 * Debian's az inside a compute instance, as the Azure ML compute-instance doc uses it:
 * `az login --identity --username $DEFAULT_IDENTITY_CLIENT_ID`, then `az storage blob download --auth-mode login`
 * from the workspace's default storage. It works when the instance's identity holds Storage Blob Data Reader and
 * fails with 403 AuthorizationPermissionMismatch when it holds only Reader on the workspace.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../../support/platform-process.js';
import { assignRole, ROLES } from '../../../support/azure-http.js';
import { az, cerulean, json, ok } from '../../ml-compute/fixtures/compute-cli.js';

const haveAz = existsSync('/usr/bin/az');
if (!haveAz && process.env.CI) throw new Error('Debian az (/usr/bin/az) is required in CI: apt-get install azure-cli');
const skip = !haveAz && 'az is not installed';
const scope = ['-g', 'ciaz', '-w', 'ws1'];
let p: PlatformProcess;
let account: string;
let container: string;
let workspaceId: string;

before(async () => {
  if (!haveAz) return;
  p = await startPlatformProcess();
  ok(await az(p, 'group', 'create', '-n', 'ciaz', '-l', 'eastus'));
  const ws = json(await az(p, 'ml', 'workspace', 'create', '-n', 'ws1', '-g', 'ciaz'));
  workspaceId = ws.id;
  account = String(ws.storage_account).split('/').pop()!;
  const store = json(await az(p, 'ml', 'datastore', 'show', '-n', 'workspaceblobstore', ...scope));
  container = store.container_name;
  const dir = mkdtempSync(join(tmpdir(), 'ci-blob-'));
  writeFileSync(join(dir, 'hello.txt'), 'hello from the workspace storage\n');
  ok(await az(p, 'storage', 'blob', 'upload', '--account-name', account, '-c', container, '-n', 'data/hello.txt', '-f', join(dir, 'hello.txt'), '--auth-mode', 'key'));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

async function instanceWithIdentity(name: string, role: string, roleScope: () => string): Promise<void> {
  const uai = json(await az(p, 'identity', 'create', '-n', `${name}-id`, '-g', 'ciaz'));
  await assignRole(p, roleScope(), role, uai.principalId);
  if (role !== ROLES.Reader) await assignRole(p, workspaceId, ROLES.Reader, uai.principalId);
  ok(await az(p, 'ml', 'compute', 'create', '-n', name, '--type', 'computeinstance', '--identity-type', 'user_assigned', '--user-assigned-identities', uai.id, ...scope));
}

function downloadInside(name: string) {
  const script = [
    'az login --identity --username "$DEFAULT_IDENTITY_CLIENT_ID" -o none',
    `az storage blob download --account-name ${account} -c ${container} -n data/hello.txt -f "$HOME/hello.txt" --auth-mode login -o none`,
    'cat "$HOME/hello.txt"',
  ].join(' && ');
  return cerulean(p, ['compute', 'exec', name, ...scope, '--', '/bin/sh', '-c', script]);
}

test('with Storage Blob Data Reader the instance identity downloads the blob', { skip, timeout: 240_000 }, async () => {
  await instanceWithIdentity('ci-reader', ROLES.StorageBlobDataReader, () => `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/ciaz/providers/Microsoft.Storage/storageAccounts/${account}`);
  const r = await downloadInside('ci-reader');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'hello from the workspace storage');
});

test('with only Reader on the workspace, az login works and the download fails with AuthorizationPermissionMismatch', { skip, timeout: 240_000 }, async () => {
  await instanceWithIdentity('ci-noread', ROLES.Reader, () => workspaceId);
  const r = await downloadInside('ci-noread');
  assert.notEqual(r.code, 0);
  // az 2.45 prints this text only for a 403 whose error code is AuthorizationPermissionMismatch
  // (azure/cli/command_modules/storage/__init__.py).
  assert.match(r.stderr, /You do not have the required permissions needed to perform this operation\.[\s\S]*"Storage Blob Data Reader"/);
  assert.doesNotMatch(r.stderr, /No subscriptions found/);
});
