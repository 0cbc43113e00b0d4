/**
 * The 2021 preview commands without deployments running: create/show/list/delete of an endpoint from the 2021
 * YAML, the note naming today's command, and the failures that say exactly what to run instead (what has no
 * counterpart today, a missing endpoint, a deployment not in the file, errors at file:line:col).
 * The scripts with deployments to the prediction: test/e2e/clients/seeds/seed-003-preview-scripts.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../support/platform-process.js';
import { cerulean, json, ok } from '../ml-compute/fixtures/compute-cli.js';

const SAMPLE_2021 = new URL('../clients/seeds/sample-2021/cli', import.meta.url).pathname;
const MI = 'endpoints/online/managed/managed-identities';
const W = ['-g', 'prev-rg', '-w', 'prev-ws'];
let p: PlatformProcess;
let dir: string;
const az = (...args: string[]) => cerulean(p, ['az', ...args], { cwd: dir });

before(async () => {
  p = await startPlatformProcess();
  dir = join(mkdtempSync(join(tmpdir(), 'seed-003-')), 'cli');
  cpSync(SAMPLE_2021, dir, { recursive: true });
  ok(await az('group', 'create', '-n', 'prev-rg', '-l', 'eastus'));
  ok(await az('ml', 'workspace', 'create', '-n', 'prev-ws', '-g', 'prev-rg'));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('az ml endpoint create --name N -f 1-sai-create-endpoint.yml; show (deployments inline); list; delete --yes', async () => {
  const r = await az('ml', 'endpoint', 'create', '--name', 'Prev-Sai-1', '-f', `${MI}/1-sai-create-endpoint.yml`, ...W);
  const created = JSON.parse(ok(r));
  assert.equal(r.stderr, "WARNING: 'az ml endpoint create' is the 2021 preview command; ran as: az ml online-endpoint create --name prev-sai-1\n");
  assert.equal(created.name, 'prev-sai-1');
  assert.equal(created.type, 'online');
  assert.equal(created.auth_mode, 'key');
  assert.equal(created.identity.type, 'system_assigned');
  assert.deepEqual(created.deployments, []);
  const show = await az('ml', 'endpoint', 'show', '--name', 'prev-sai-1', '--query', 'provisioning_state', '-o', 'tsv', ...W);
  assert.equal(ok(show).trim(), 'Succeeded');
  assert.match(show.stderr, /ran as: az ml online-endpoint show --name prev-sai-1 ; az ml online-deployment list --endpoint-name prev-sai-1/);
  assert.deepEqual((await json(await az('ml', 'endpoint', 'list', ...W))).map((e: any) => e.name), ['prev-sai-1']);
  assert.equal((await json(await az('ml', 'online-endpoint', 'show', '-n', 'prev-sai-1', ...W))).provisioning_state, 'Succeeded');

  const again = await az('ml', 'endpoint', 'create', '--name', 'prev-sai-1', '-f', `${MI}/1-sai-create-endpoint.yml`, ...W);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /An endpoint with this name already exists\. To add or change deployments, use `az ml endpoint update --name prev-sai-1/);

  const del = await az('ml', 'endpoint', 'delete', '--name', 'prev-sai-1', '--yes', ...W);
  ok(del);
  assert.match(del.stderr, /ran as: az ml online-endpoint delete --name prev-sai-1 --yes/);
  assert.equal((await az('ml', 'endpoint', 'show', '--name', 'prev-sai-1', ...W)).code, 3);
});

test('scale_type: auto cannot be mapped: the error gives today\'s YAML and commands, and nothing is created', async () => {
  const text = readFileSync(join(dir, MI, '1-uai-create-endpoint-with-deployment.yml'), 'utf8').replace('scale_type: manual', 'scale_type: auto');
  writeFileSync(join(dir, MI, 'auto.yml'), text);
  const r = await az('ml', 'endpoint', 'create', '--name', 'prev-auto', '-f', `${MI}/auto.yml`, '--set', 'identity.user_assigned_identities[0].resource_id=/x', ...W);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ERROR: endpoints\/online\/managed\/managed-identities\/auto\.yml cannot run as a 2021 preview file:\n {2}- deployments 'blue': scale_settings\.scale_type: auto has no counterpart/);
  assert.match(r.stderr, /--- endpoint\.yml\n\$schema: https:\/\/azuremlschemas\.azureedge\.net\/latest\/managedOnlineEndpoint\.schema\.json\nname: prev-auto\n/);
  assert.match(r.stderr, /--- blue-deployment\.yml\n[\s\S]*instance_count: 1\n[\s\S]*conda_file: \.\.\/\.\.\/model-1\/environment\/conda\.yml/);
  assert.match(r.stderr, /\naz ml online-endpoint create --name prev-auto --file endpoint\.yml\naz ml online-deployment create --endpoint-name prev-auto --name blue --file blue-deployment\.yml\naz ml online-endpoint update --name prev-auto --traffic "blue=100"\n$/);
  assert.equal((await az('ml', 'online-endpoint', 'show', '-n', 'prev-auto', ...W)).code, 3);

  const batch = await az('ml', 'endpoint', 'create', '--type', 'batch', '--name', 'prev-batch', '-f', `${MI}/1-sai-create-endpoint.yml`, ...W);
  assert.equal(batch.code, 1);
  assert.match(batch.stderr, /az ml batch-endpoint create/);
});

test('errors: unknown keys at file:line:col, a deployment not in the file, an endpoint that does not exist', async () => {
  writeFileSync(join(dir, 'typo.yml'), 'name: prev-typo\ntype: online\ndeployments:\n  - name: blue\n    environment: azureml:env:1\n    scale_settings:\n      scale_typ: manual\n');
  const typo = await az('ml', 'endpoint', 'create', '-f', 'typo.yml', ...W);
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /ERROR: typo\.yml:7:7 deployments\[0\]\.scale_settings\.scale_typ: Unrecognized key "scale_typ"\. Allowed keys: instance_count, max_instances, min_instances, polling_interval, scale_type, target_utilization_percentage/);

  const missing = await az('ml', 'endpoint', 'update', '--name', 'nope', '--deployment', 'blue', '--file', `${MI}/2-sai-deployment.yml`, ...W);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /Endpoint nope does not exist\. Create it first with `az ml endpoint create --name nope --file <yaml>`/);

  ok(await az('ml', 'endpoint', 'create', '--name', 'prev-upd', '-f', `${MI}/1-sai-create-endpoint.yml`, ...W));
  const green = await az('ml', 'endpoint', 'update', '--name', 'prev-upd', '--deployment', 'green', '--file', `${MI}/2-sai-deployment.yml`, ...W);
  assert.equal(green.code, 1);
  assert.match(green.stderr, /Deployment 'green' is not in endpoints\/online\/managed\/managed-identities\/2-sai-deployment\.yml: it has 'blue'\./);
  const logs = await az('ml', 'endpoint', 'get-logs', '--name', 'prev-upd', '--deployment', 'blue', ...W);
  assert.equal(logs.code, 3);
  assert.match(logs.stderr, /ran as: az ml online-deployment get-logs --endpoint-name prev-upd --name blue/);
});
