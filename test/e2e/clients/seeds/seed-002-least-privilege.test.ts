/**
 * Seed 002's prerequisites, then the sample walkthrough (both variants) under least privilege: a user made with
 * `az ad user create`, signed in with its password (`az login -u -p`), holding exactly User Access Administrator
 * and Contributor on the group and nothing elsewhere, runs `az account set`, the document's
 * `az configure --defaults gitworkspace=… group=…` (a typo: stored as given, with a warning naming `workspace`),
 * creates the workspace and deploys to the prediction. With Contributor alone the role assignment fails with
 * AuthorizationFailed naming Microsoft.Authorization/roleAssignments/write and the storage account's scope.
 * (The document's `git clone` cannot run offline: the sample comes from ../ml-walkthrough/sample.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { entry, removeHome, startPlatformProcess, type PlatformProcess } from '../../../support/platform-process.js';
import { runProcess, type RunResult } from '../../../support/run-node.js';
import { azRunner, capture, missingPrerequisite, prepareSample, type Az } from '../ml-walkthrough/walkthrough-support.js';
import { createStorage, MI, systemAssignedVariant, userAssignedVariant } from './fixtures/walkthrough-steps.js';

const missing = missingPrerequisite();
if (missing && process.env.CI) throw new Error(`walkthrough prerequisites missing in CI: ${missing}`);
const skip = missing ? `skipped: ${missing}` : false;

const GROUP = 'lp-examples';
const WORKSPACE = 'lpws';
const USER = 'mlperson@cerulean.onmicrosoft.com';
const PASSWORD = 'Ml-Person-Passw0rd!';
const CONTRIBUTOR = 'contributoronly@cerulean.onmicrosoft.com';
const TSX = import.meta.resolve('tsx');

describe('seed 002: the walkthrough with exactly User Access Administrator + Contributor on the group', { skip, timeout: 900_000 }, () => {
  let p: PlatformProcess;
  let az: Az;
  let cliDir: string;
  let expected: string;
  const log: string[] = [];
  /** Like az, without throwing on a non-zero exit. */
  const raw = (...args: string[]): Promise<RunResult> =>
    runProcess(process.execPath, ['--import', TSX, entry, 'az', ...args], { cwd: cliDir, env: { CERULEAN_HOME: p.home, NODE_OPTIONS: undefined }, timeoutMs: 240_000 });

  before(async () => {
    p = await startPlatformProcess();
    ({ cliDir, expected } = prepareSample());
    az = azRunner(p, cliDir, log);
    // The platform admin prepares the group and the person.
    await az('group', 'create', '--name', GROUP, '--location', 'eastus', '-o', 'none');
    for (const [upn, name] of [[USER, 'ML Person'], [CONTRIBUTOR, 'Contributor Only']]) {
      await az('ad', 'user', 'create', '--display-name', name, '--password', PASSWORD, '--user-principal-name', upn, '-o', 'none');
    }
    await az('role', 'assignment', 'create', '--assignee', USER, '--role', 'User Access Administrator', '--resource-group', GROUP, '-o', 'none');
    await az('role', 'assignment', 'create', '--assignee', USER, '--role', 'Contributor', '--resource-group', GROUP, '-o', 'none');
    await az('role', 'assignment', 'create', '--assignee', CONTRIBUTOR, '--role', 'Contributor', '--resource-group', GROUP, '-o', 'none');
  });

  after(async () => {
    await p?.stop();
    if (p) removeHome(p.home);
  });

  test('the person holds exactly the two roles, on the group only', async () => {
    const all = JSON.parse((await az('role', 'assignment', 'list', '--assignee', USER, '--all')).stdout);
    assert.deepEqual(all.map((a: any) => a.roleDefinitionName).sort(), ['Contributor', 'User Access Administrator']);
    for (const a of all) assert.equal(a.scope, `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/${GROUP}`);
  });

  test('prerequisites as printed: az login -u -p, az account set, az configure --defaults gitworkspace=… group=…', async () => {
    const subs = JSON.parse((await az('login', '-u', USER, '-p', PASSWORD)).stdout);
    assert.deepEqual(subs.map((s: any) => s.user.name), [USER]);
    await az('account', 'set', '--subscription', p.runtime.subscriptionId);
    assert.equal(await capture(az, 'account', 'show', '--query', 'user.name', '-o', 'tsv'), USER);
    const bad = await raw('account', 'set', '--subscription', 'No Such Subscription');
    assert.equal(bad.code, 1);

    const typo = await az('configure', '--defaults', `gitworkspace=${WORKSPACE}`, `group=${GROUP}`);
    assert.match(typo.stderr, new RegExp(`WARNING: Unknown default 'gitworkspace'.*Did you mean 'workspace'\\? Write: az configure --defaults workspace=${WORKSPACE}`));
    assert.equal(await capture(az, 'config', 'get', 'defaults.gitworkspace', '--query', 'value', '-o', 'tsv'), WORKSPACE);
    assert.equal(await capture(az, 'config', 'get', '--query', "defaults[?name == 'workspace'].value", '-o', 'tsv'), '');
    const noWorkspace = await raw('ml', 'online-endpoint', 'list');
    assert.equal(noWorkspace.code, 2);
    assert.match(noWorkspace.stderr, /the following arguments are required: --workspace-name\/-w/);
    // What the warning says to write (and what the sample's setup.sh sets).
    await az('configure', '--defaults', `workspace=${WORKSPACE}`, 'location=eastus');
    await az('ml', 'workspace', 'create', '--name', WORKSPACE, '-o', 'none');
  });

  test('system-assigned variant to the prediction', async () => {
    assert.equal(await systemAssignedVariant(az), JSON.stringify(expected) + '\n');
  });

  test('user-assigned variant to the prediction', async () => {
    assert.equal(await userAssignedVariant(az), JSON.stringify(expected) + '\n');
  });

  test('with Contributor alone the role assignment fails with AuthorizationFailed on the storage account scope', async () => {
    await az('login', '-u', CONTRIBUTOR, '-p', PASSWORD, '-o', 'none');
    const account = `oepstorage${10000 + Math.floor(Math.random() * 20000)}`;
    const storage_id = await createStorage(az, account);
    const endpoint = `endpt-co-${account.slice(-5)}`;
    await az('ml', 'online-endpoint', 'create', '--name', endpoint, '-f', `${MI}/1-sai-create-endpoint.yml`, '-o', 'none');
    const principal = await capture(az, 'ml', 'online-endpoint', 'show', '--name', endpoint, '--query', 'identity.principal_id', '-o', 'tsv');
    const r = await raw('role', 'assignment', 'create', '--assignee-object-id', principal, '--assignee-principal-type', 'ServicePrincipal', '--role', 'Storage Blob Data Reader', '--scope', storage_id);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ERROR: \(AuthorizationFailed\) The client 'contributoronly@cerulean\.onmicrosoft\.com' with object id '[0-9a-f-]{36}' does not have authorization or an ABAC condition not fulfilled to perform action 'Microsoft\.Authorization\/roleAssignments\/write' over scope '/);
    assert.ok(r.stderr.includes(`over scope '${storage_id}/providers/Microsoft.Authorization/roleAssignments/`), r.stderr);
    await az('ml', 'online-endpoint', 'delete', '--name', endpoint, '--yes');
    await az('storage', 'account', 'delete', '--name', account, '--yes');
  });
});
