/**
 * `az ml datastore create|show|list|delete` for Azure Blob datastores: identity-based (no credentials), account
 * key and SAS token. Secrets are stored apart and appear in no output of any format; only listSecrets returns
 * them, and it needs its own action (Reader, who may show and list, is refused).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../support/platform-process.js';
import { cerulean, json, ok } from '../ml-compute/fixtures/compute-cli.js';
import type { RunResult } from '../../support/run-node.js';

const RG = 'dsrg';
const W = ['-g', RG, '-w', 'dsws'];
const SAS = 'sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig=c2VjcmV0LXNhcy1zaWduYXR1cmU%3D';
let p: PlatformProcess;
let dir: string;
let key: string;
const outputs: string[] = [];
const az = async (...args: string[]): Promise<RunResult> => {
  const r = await cerulean(p, ['az', ...args], { cwd: dir });
  outputs.push(r.stdout, r.stderr);
  return r;
};

before(async () => {
  p = await startPlatformProcess();
  dir = mkdtempSync(join(tmpdir(), 'datastores-'));
  ok(await az('group', 'create', '-n', RG, '-l', 'eastus'));
  ok(await az('ml', 'workspace', 'create', '-n', 'dsws', '-g', RG));
  ok(await az('storage', 'account', 'create', '-n', 'dsdataacct', '-g', RG, '-l', 'eastus'));
  key = (await json(await az('storage', 'account', 'keys', 'list', '-n', 'dsdataacct', '-g', RG)))[0].value;
  writeFileSync(join(dir, 'identity.yml'), '$schema: https://azuremlschemas.azureedge.net/latest/azureBlob.schema.json\nname: identity_store\ntype: azure_blob\ndescription: Identity-based.\naccount_name: dsdataacct\ncontainer_name: data\n');
  writeFileSync(join(dir, 'key.yml'), `name: key_store\ntype: azure_blob\naccount_name: dsdataacct\ncontainer_name: data\ncredentials:\n  account_key: ${key}\n`);
  writeFileSync(join(dir, 'sas.yml'), `name: sas_store\ntype: azure_blob\naccount_name: dsdataacct\ncontainer_name: data\ncredentials:\n  sas_token: "?${SAS}"\n`);
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('create identity-based, account-key and SAS datastores; show and list print az ml snake_case', async () => {
  const id = await json(await az('ml', 'datastore', 'create', '--file', 'identity.yml', ...W));
  assert.deepEqual(
    { ...id, id: undefined },
    {
      account_name: 'dsdataacct',
      container_name: 'data',
      credentials: { type: 'none' },
      description: 'Identity-based.',
      endpoint: 'core.windows.net',
      id: undefined,
      name: 'identity_store',
      protocol: 'https',
      resourceGroup: RG,
      service_data_access_auth_identity: 'none',
      tags: {},
      type: 'azure_blob',
    },
  );
  assert.match(id.id, /\/workspaces\/dsws\/datastores\/identity_store$/);
  assert.deepEqual((await json(await az('ml', 'datastore', 'create', '--file', 'key.yml', ...W))).credentials, { type: 'account_key' });
  assert.deepEqual((await json(await az('ml', 'datastore', 'create', '-f', 'sas.yml', '--name', 'sas_store', ...W))).credentials, { type: 'sas' });
  assert.deepEqual(await json(await az('ml', 'datastore', 'show', '-n', 'identity_store', ...W)), id);
  const names = (await json(await az('ml', 'datastore', 'list', ...W))).map((d: any) => d.name).sort();
  assert.deepEqual(names, ['identity_store', 'key_store', 'sas_store', 'workspaceartifactstore', 'workspaceblobstore']);
  for (const fmt of ['yaml', 'table', 'tsv', 'jsonc']) ok(await az('ml', 'datastore', 'list', ...W, '-o', fmt));
  // --debug logs the request bodies: the secrets are masked there.
  const debug = await az('ml', 'datastore', 'create', '--file', 'key.yml', ...W, '--debug');
  assert.match(ok(debug) && debug.stderr, /"key":"<redacted>"/);
  assert.match((await az('ml', 'datastore', 'create', '--file', 'sas.yml', ...W, '--debug')).stderr, /"sasToken":"<redacted>"/);
  for (const n of ['key_store', 'sas_store']) for (const fmt of ['json', 'yaml', 'tsv']) ok(await az('ml', 'datastore', 'show', '-n', n, ...W, '-o', fmt));
});

test('listSecrets returns the stored secrets to the owner; Reader may show but not list secrets', async () => {
  const storeId = (name: string) => `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/dsws/datastores/${name}`;
  const secrets = async (name: string) => (await cerulean(p, ['az', 'rest', '--method', 'post', '--url', `${storeId(name)}/listSecrets?api-version=2024-04-01`])).stdout;
  assert.deepEqual(JSON.parse(await secrets('key_store')), { secretsType: 'AccountKey', key });
  assert.deepEqual(JSON.parse(await secrets('sas_store')), { secretsType: 'Sas', sasToken: SAS });
  const none = await cerulean(p, ['az', 'rest', '--method', 'post', '--url', `${storeId('identity_store')}/listSecrets?api-version=2024-04-01`]);
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /has no secrets/);

  ok(await az('ad', 'user', 'create', '--display-name', 'DS Reader', '--password', 'Ds-Passw0rd!0', '--user-principal-name', 'dsreader@cerulean.onmicrosoft.com'));
  ok(await az('role', 'assignment', 'create', '--assignee', 'dsreader@cerulean.onmicrosoft.com', '--role', 'Reader', '-g', RG));
  ok(await az('login', '-u', 'dsreader@cerulean.onmicrosoft.com', '-p', 'Ds-Passw0rd!0'));
  assert.equal((await json(await az('ml', 'datastore', 'show', '-n', 'key_store', ...W))).name, 'key_store');
  const refused = await az('rest', '--method', 'post', '--url', `${storeId('key_store')}/listSecrets?api-version=2024-04-01`);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /AuthorizationFailed.*'Microsoft\.MachineLearningServices\/workspaces\/datastores\/listsecrets\/action'/i);
  const denied = await az('ml', 'datastore', 'create', '--file', 'key.yml', '--name', 'other_store', ...W);
  assert.match(denied.stderr, /AuthorizationFailed.*datastores\/write/);
  ok(await az('login'));
});

test('delete; deleting again or the default datastore fails; other types and bad credentials name the line', async () => {
  ok(await az('ml', 'datastore', 'delete', '-n', 'sas_store', ...W));
  ok(await az('ml', 'datastore', 'delete', '--name', 'key_store', ...W));
  const again = await az('ml', 'datastore', 'delete', '-n', 'key_store', ...W);
  assert.equal(again.code, 3);
  const dflt = await az('ml', 'datastore', 'delete', '-n', 'workspaceblobstore', ...W);
  assert.equal(dflt.code, 1);
  assert.match(dflt.stderr, /default datastore 'workspaceblobstore' of the workspace cannot be deleted/);

  writeFileSync(join(dir, 'file.yml'), 'name: files\ntype: azure_file\naccount_name: dsdataacct\nfile_share_name: share\n');
  const other = await az('ml', 'datastore', 'create', '--file', 'file.yml', ...W);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /ERROR: file\.yml:2:7 type: Cerulean keeps only azure_blob datastores/);
  writeFileSync(join(dir, 'both.yml'), `name: both\ntype: azure_blob\naccount_name: dsdataacct\ncontainer_name: data\ncredentials:\n  account_key: ${key}\n  sas_token: x\n`);
  const both = await az('ml', 'datastore', 'create', '--file', 'both.yml', ...W);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /both\.yml:6:\d+ credentials: One of credentials\.account_key or credentials\.sas_token is required/);
  assert.equal((await az('ml', 'datastore', 'show', '-n', 'both', ...W)).code, 3);
});

test('no output of any command above carried a secret', () => {
  assert.ok(outputs.length > 20);
  const all = outputs.join('\n');
  // The key appears only where the test itself read it with `az storage account keys list` (first outputs).
  const afterKeys = outputs.slice(outputs.findIndex((o) => o.includes(key)) + 2).join('\n');
  assert.ok(!afterKeys.includes(key), 'an account key was printed');
  assert.ok(!all.includes('c2VjcmV0LXNhcy1zaWduYXR1cmU'), 'a SAS signature was printed');
});
