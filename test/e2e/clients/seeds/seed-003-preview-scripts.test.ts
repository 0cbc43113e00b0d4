/**
 * Seed 003 renders the 2021 revisions of the sample's scripts, written for the preview CLI (`az ml endpoint
 * create|update --deployment|show|get-logs|invoke|delete`, one YAML holding the endpoint and its deployments).
 * Both scripts run here unchanged with bash, `az` being `cerulean az`, from a `cli/` directory holding the 2021
 * YAML, conda file and scoring script (./sample-2021) over today's sample tree (model trained at test time).
 * Their `sleep 60` (identity propagation in Azure) is shortened: `sleep` is a no-op on the scripts' PATH.
 * (`git clone https://github.com/Azure/azureml-examples` cannot run offline: the tree is rebuilt locally.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry, removeHome, startPlatformProcess, type PlatformProcess } from '../../../support/platform-process.js';
import { runProcess, type RunResult } from '../../../support/run-node.js';
import { azRunner, capture, missingPrerequisite, prepareSample, type Az } from '../ml-walkthrough/walkthrough-support.js';

const missing = missingPrerequisite();
if (missing && process.env.CI) throw new Error(`walkthrough prerequisites missing in CI: ${missing}`);
const skip = missing ? `skipped: ${missing}` : false;

const SAMPLE_2021 = new URL('./sample-2021/cli', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');

describe('seed 003: the 2021 preview scripts and their YAML, to the prediction', { skip, timeout: 900_000 }, () => {
  let p: PlatformProcess;
  let az: Az;
  let cliDir: string;
  let binDir: string;
  let expected: string;
  const log: string[] = [];

  before(async () => {
    p = await startPlatformProcess();
    ({ cliDir, expected } = prepareSample());
    cpSync(SAMPLE_2021, cliDir, { recursive: true });
    binDir = mkdtempSync(join(tmpdir(), 'seed-003-bin-'));
    const shim = `#!/bin/sh\nexec "${process.execPath}" --import "${TSX}" "${entry}" az "$@"\n`;
    writeFileSync(join(binDir, 'az'), shim);
    writeFileSync(join(binDir, 'sleep'), '#!/bin/sh\nexit 0\n');
    for (const f of ['az', 'sleep']) chmodSync(join(binDir, f), 0o755);
    az = azRunner(p, cliDir, log);
    // The document's "Set the defaults" section (spelled right on this page) and a workspace, as cli/setup.sh does.
    await az('account', 'set', '--subscription', p.runtime.subscriptionId);
    await az('group', 'create', '--name', 'azureml-examples', '--location', 'eastus', '-o', 'none');
    await az('configure', '--defaults', 'workspace=main', 'group=azureml-examples', 'location=eastus');
    await az('ml', 'workspace', 'create', '--name', 'main', '-o', 'none');
  });

  after(async () => {
    await p?.stop();
    if (p) removeHome(p.home);
  });

  function runScript(name: string): Promise<RunResult> {
    return runProcess('/bin/bash', [name], {
      cwd: cliDir,
      env: { CERULEAN_HOME: p.home, NODE_OPTIONS: undefined, PATH: `${binDir}:${process.env.PATH}` },
      timeoutMs: 600_000,
    });
  }

  function checkRun(r: RunResult, endpointPrefix: string): void {
    assert.equal(r.code, 0, `script failed\nstdout: ${r.stdout.slice(-4000)}\nstderr: ${r.stderr.slice(-4000)}`);
    assert.match(r.stdout, /^Succeeded\nDeployment completed successfully$/m);
    assert.match(r.stdout, /root - Blob containts: Hello world!/, 'get-logs shows the 2021 init() reading the blob');
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes(JSON.stringify(expected)), `the prediction ${JSON.stringify(expected)} is printed:\n${r.stdout.slice(-2000)}`);
    for (const cmd of ['create', 'show', 'get-logs', 'invoke', 'delete']) {
      assert.match(r.stderr, new RegExp(`WARNING: 'az ml endpoint ${cmd}' is the 2021 preview command; ran as: az ml online-`), cmd);
    }
    assert.match(r.stderr, new RegExp(`ran as: az ml online-deployment get-logs --endpoint-name ${endpointPrefix}-\\d+ --name blue`));
  }

  test('deploy-managed-online-endpoint-access-resource-sai.sh (create, then update --deployment blue --set deployments[0]…)', async () => {
    const r = await runScript('deploy-managed-online-endpoint-access-resource-sai.sh');
    checkRun(r, 'endpt-sai');
    assert.match(r.stdout, /^Endpoint created successfully$/m);
    assert.match(r.stderr, /'az ml endpoint update' is the 2021 preview command; ran as: az ml online-deployment create --endpoint-name endpt-sai-\d+ --name blue ; az ml online-endpoint update --name endpt-sai-\d+ --traffic "blue=100"/);
    assert.match(r.stderr, /scale_settings min_instances\/max_instances not kept/);
    assert.equal(await capture(az, 'ml', 'online-endpoint', 'list', '--query', "[?starts_with(name, 'endpt-sai')].name", '-o', 'tsv'), '');
  });

  test('deploy-managed-online-endpoint-access-resource-uai.sh (create with deployments[], --assignee $uai_clientid)', async () => {
    const r = await runScript('deploy-managed-online-endpoint-access-resource-uai.sh');
    checkRun(r, 'endpt-uai');
    assert.match(r.stderr, /'az ml endpoint create' is the 2021 preview command; ran as: az ml online-endpoint create --name endpt-uai-\d+ ; az ml online-deployment create --endpoint-name endpt-uai-\d+ --name blue ; az ml online-endpoint update --name endpt-uai-\d+ --traffic "blue=100"/);
    // The role assignments by client id landed on the identity's service principal.
    assert.match(r.stdout, /"principalType": "ServicePrincipal"/);
    assert.equal(await capture(az, 'identity', 'list', '--query', "[?starts_with(name, 'oep-user-identity')].id", '-o', 'tsv'), '');
  });
});
