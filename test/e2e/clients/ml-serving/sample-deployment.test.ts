/**
 * The Azure ML sample "access Azure resources from a managed online endpoint with a managed identity", deployed
 * through REST and served by the Python host under /usr/bin/python3 with Debian's packages: requests, azure-identity,
 * azure-storage-blob (python3-azure), scikit-learn and joblib. The model is trained here; invoke must return its
 * prediction, and the logs must show both blob reads.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../../support/platform-process.js';
import { createEndpoint, createWorkspace, deploy, deploymentLogs, endpointKey, invoke, putAsset, setTraffic, uploadBlob, uploadFolder } from '../../ml-serving/fixtures/ml-setup.js';

const here = new URL('./fixtures/', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import sklearn, joblib, numpy, requests, azure.identity, azure.storage.blob'], { encoding: 'utf8' });
const missing = probe.status !== 0 ? `Debian's python3-sklearn, python3-joblib, python3-requests and python3-azure are needed under ${PYTHON} (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})` : undefined;
if (missing && process.env.CI) throw new Error(missing);

let p: PlatformProcess;
let work: string;

before(async () => {
  if (missing) return;
  p = await startPlatformProcess();
  work = mkdtempSync(join(tmpdir(), 'cerulean-sample-'));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the sample deployment (system-assigned identity): Succeeded, invoke returns the trained model\'s prediction', { skip: missing, timeout: 180_000 }, async () => {
  const trained = spawnSync(PYTHON, [join(here, 'train_model.py'), work], { encoding: 'utf8' });
  assert.equal(trained.status, 0, trained.stderr);
  const expected = JSON.parse(trained.stdout.trim().split('\n').pop()!);

  const ws = await createWorkspace(p, 'samplerg', 'samplews');
  await uploadBlob(p, ws, 'hellocontainer/hello.txt', 'Hello world!');
  const model = await putAsset(p, ws, 'models', 'sklearn-regression', { modelUri: await uploadFolder(p, ws, join(work, 'model'), 'LocalUpload/m') });
  const code = await putAsset(p, ws, 'codes', 'onlinescoring', { codeUri: await uploadFolder(p, ws, join(here, 'onlinescoring'), 'LocalUpload/c') });
  const env = await putAsset(p, ws, 'environments', 'CliV2AnonymousEnvironment', {
    image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest',
    condaFile: readFileSync(join(here, 'conda-managedidentity.yaml'), 'utf8'),
  });
  const ep = await createEndpoint(p, ws, 'endpt-sai-1234');
  const t0 = Date.now();
  const d = await deploy(
    p,
    ep.id,
    'blue',
    { model, code, scoringScript: 'score_managedidentity.py', environment: env, environmentVariables: { STORAGE_ACCOUNT_NAME: ws.account, STORAGE_CONTAINER_NAME: ws.container, FILE_NAME: 'hellocontainer/hello.txt' } },
    120_000,
  );
  const logs = await deploymentLogs(p, d.id);
  assert.equal(d.properties.provisioningState, 'Succeeded', logs);
  assert.ok(Date.now() - t0 < 60_000);
  assert.match(logs, /root - Blob contains: Hello world!/);
  assert.match(logs, /root - Blob contains \(SDK\): Hello world!/);
  assert.match(logs, /W \[\d+\] azmlinfsrv - The environment asks for python=3\.12/);
  assert.match(logs, /Package scikit-learn=1\.7\.0: installed version is/);

  await setTraffic(p, ep.id, { blue: 100 });
  const r = await invoke(p, ep, await endpointKey(p, ep.id), { data: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, expected);
  assert.equal(r.headers['azureml-model-deployment'], 'blue');
});
