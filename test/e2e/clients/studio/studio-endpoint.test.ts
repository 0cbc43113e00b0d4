/**
 * The studio over the Azure ML sample deployed by CLI (system-assigned endpoint identity reading a blob in init()):
 * the endpoint page shows Succeeded and the identity, the Test tab returns the model's prediction, the Logs tab shows
 * the blob text init() printed, and traffic set to 0/100 in the UI is what `az ml online-endpoint show` reports.
 * Then the identity loses Storage Blob Data Reader: the redeploy fails, the denial appears in the Denials view with
 * its explanation, the one-click grant creates the assignment (seen in Access control and `az role assignment list`),
 * and the redeploy succeeds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../../support/platform-process.js';
import { artifactsDir, browserAvailable, launchStudioBrowser, signInToStudio, STUDIO, type StudioBrowser } from '../../../support/studio-browser.js';
import { azRunner, capture, missingPrerequisite, prepareSample, type Az } from '../ml-walkthrough/walkthrough-support.js';

const missing = !browserAvailable() ? 'chromium or certutil is not installed' : missingPrerequisite();
if (missing && process.env.CI) throw new Error(`studio endpoint test prerequisites missing in CI: ${missing}`);
const skip = missing ? `skipped: ${missing}` : false;

const MI = 'endpoints/online/managed/managed-identities';
const G = 'azureml-examples';
const W = 'main';
const EP = 'endpt-studio';
const ACCOUNT = 'oepstoragestudio';
const CONTAINER = 'hellocontainer';

describe('studio: the managed-identity sample endpoint', { skip, timeout: 900_000 }, () => {
  let p: PlatformProcess;
  let az: Az;
  let b: StudioBrowser;
  let expected: string;
  let cliDir: string;
  let storageId: string;
  let principalId: string;
  const log: string[] = [];

  const deploy = (name: string, extra: string[] = [], verb = 'create') =>
    az('ml', 'online-deployment', verb, '--endpoint-name', EP, '--name', name, '--file', `${MI}/2-sai-deployment.yml`, ...extra,
      '--set', `environment_variables.STORAGE_ACCOUNT_NAME=${ACCOUNT}`, `environment_variables.STORAGE_CONTAINER_NAME=${CONTAINER}`, 'environment_variables.FILE_NAME=hello.txt');

  before(async () => {
    p = await startPlatformProcess();
    const sample = prepareSample();
    expected = sample.expected;
    cliDir = sample.cliDir;
    az = azRunner(p, sample.cliDir, log);
    await az('group', 'create', '--name', G, '--location', 'eastus', '-o', 'none');
    await az('configure', '--defaults', `group=${G}`, `workspace=${W}`, 'location=eastus');
    await az('ml', 'workspace', 'create', '--name', W, '-o', 'none');
    await az('storage', 'account', 'create', '--name', ACCOUNT, '--location', 'eastus', '-o', 'none');
    storageId = await capture(az, 'storage', 'account', 'show', '--name', ACCOUNT, '--query', 'id', '-o', 'tsv');
    await az('storage', 'container', 'create', '--account-name', ACCOUNT, '--name', CONTAINER, '-o', 'none');
    await az('storage', 'blob', 'upload', '--account-name', ACCOUNT, '--container-name', CONTAINER, '--name', 'hello.txt', '--file', `${MI}/hello.txt`, '-o', 'none');
    await az('ml', 'online-endpoint', 'create', '--name', EP, '-f', `${MI}/1-sai-create-endpoint.yml`, '-o', 'none');
    principalId = await capture(az, 'ml', 'online-endpoint', 'show', '--name', EP, '--query', 'identity.principal_id', '-o', 'tsv');
    await az('role', 'assignment', 'create', '--assignee-object-id', principalId, '--assignee-principal-type', 'ServicePrincipal', '--role', 'Storage Blob Data Reader', '--scope', storageId, '-o', 'none');
    await deploy('blue', ['--all-traffic']);
    await deploy('green');
    b = await launchStudioBrowser(p);
  });

  after(async () => {
    await b?.close();
    await p?.stop();
    if (p) removeHome(p.home);
  });

  test('endpoint page: Succeeded, identity, Test, Logs, traffic', async () => {
    const { page, errors } = await b.open();
    await signInToStudio(page, p.admin.username, p.admin.password, `/endpoints/${G}/${W}/${EP}`);
    await page.getByText('Succeeded').first().waitFor();
    await page.getByText(principalId).first().waitFor();
    await page.screenshot({ path: join(artifactsDir(), 'endpoint-details.png') });

    await page.getByRole('tab', { name: 'Test' }).click();
    await page.getByLabel('Request body').fill(readFileSync(join(cliDir, 'endpoints/online/model-1/sample-request.json'), 'utf8'));
    await page.getByLabel('Deployment').selectOption('blue');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const response = page.getByRole('region', { name: 'Response' });
    await page.getByRole('region', { name: 'Test result' }).getByText('Status 200').waitFor();
    const first = String(JSON.parse(expected)[0]);
    await response.getByText(first, { exact: false }).first().waitFor();
    await page.screenshot({ path: join(artifactsDir(), 'endpoint-test.png') });

    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByLabel('Deployment', { exact: true }).selectOption('blue');
    const logs = page.getByRole('region', { name: 'Deployment logs' });
    await logs.getByText('Blob contains: Hello world!').first().waitFor();
    await page.screenshot({ path: join(artifactsDir(), 'endpoint-logs.png') });

    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByLabel('Traffic for blue', { exact: true }).fill('0');
    await page.getByLabel('Traffic for green', { exact: true }).fill('100');
    await page.getByRole('button', { name: 'Update traffic' }).click();
    for (let i = 0; i < 100; i++) {
      const t = JSON.parse(await capture(az, 'ml', 'online-endpoint', 'show', '--name', EP, '--query', 'traffic'));
      if (t.green === 100) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(JSON.parse(await capture(az, 'ml', 'online-endpoint', 'show', '--name', EP, '--query', 'traffic')), { blue: 0, green: 100 });
    assert.deepEqual(errors, []);
  });

  test('a missing role: failed redeploy, the denial explained, one-click grant, redeploy succeeds', async () => {
    await az('role', 'assignment', 'delete', '--assignee', principalId, '--role', 'Storage Blob Data Reader', '--scope', storageId);
    await assert.rejects(deploy('green', [], 'update'), /Failed|AuthorizationPermissionMismatch|not authorized/i);

    const { page } = await b.open();
    await signInToStudio(page, p.admin.username, p.admin.password, '/denials');
    const row = page.locator('tr', { hasText: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' }).filter({ hasText: ACCOUNT }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Storage Blob Data Reader/);
    await page.screenshot({ path: join(artifactsDir(), 'denials.png') });
    await row.getByRole('button', { name: /^Grant Storage Blob Data Reader/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Create role assignment' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /create|grant|assign/i }).click();
    await dialog.waitFor({ state: 'detached' });

    const listed = JSON.parse((await az('role', 'assignment', 'list', '--assignee', principalId, '--all')).stdout) as Array<{ roleDefinitionName: string; scope: string }>;
    const granted = listed.find((a) => a.roleDefinitionName === 'Storage Blob Data Reader' && a.scope.toLowerCase().startsWith(storageId.toLowerCase()));
    assert.ok(granted, `az role assignment list shows the grant: ${JSON.stringify(listed)}`);
    assert.ok(granted.scope.toLowerCase().startsWith(storageId.toLowerCase()), `granted at the account or below: ${granted.scope}`);

    await page.goto(`${STUDIO}/access?scope=${encodeURIComponent(granted.scope)}`);
    await page.locator('tr', { hasText: 'Storage Blob Data Reader' }).first().waitFor();
    await page.screenshot({ path: join(artifactsDir(), 'access-control.png') });

    await deploy('green', [], 'update');
    assert.equal(await capture(az, 'ml', 'online-deployment', 'show', '--endpoint-name', EP, '--name', 'green', '--query', 'provisioning_state', '-o', 'tsv'), 'Succeeded');
  });
});
