/**
 * The denial log end to end: a refused request shows up in `GET {scope}/providers/Cerulean.Authorization/denials`
 * with its explanation and the narrowest role that would have allowed it, only for principals allowed to read
 * role assignments there, after a restart too, and through `cerulean denials`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startPlatformProcess, removeHome, entry, type PlatformProcess } from '../support/platform-process.js';
import { adminToken, assignRole, call, createServicePrincipal, ROLES, type TestServicePrincipal } from '../support/azure-http.js';
import { runProcess, type RunResult } from '../support/run-node.js';

const DENIALS = '/providers/Cerulean.Authorization/denials';
const V = 'api-version=2026-01-01';
const WRITE = 'Microsoft.Storage/storageAccounts/write';

let p: PlatformProcess;
let sub: string;
let rg: string;
let accountId: string;
let reader: TestServicePrincipal;
let nobody: TestServicePrincipal;

const mg = (path: string) => `https://management.azure.com${path}`;

async function spToken(sp: TestServicePrincipal): Promise<string> {
  const r = await call(p, 'POST', `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: sp.appId, client_secret: sp.secret, scope: 'https://management.azure.com/.default' },
  });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

function cerulean(args: string[]): Promise<RunResult> {
  return runProcess(process.execPath, ['--import', 'tsx', entry, ...args], { env: { CERULEAN_HOME: p.home }, timeoutMs: 60_000 });
}

function ok(r: RunResult): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  p = await startPlatformProcess();
  sub = `/subscriptions/${p.runtime.subscriptionId}`;
  rg = `${sub}/resourceGroups/denials-e2e`;
  accountId = `${rg}/providers/Microsoft.Storage/storageAccounts/dn${randomBytes(4).toString('hex')}`;
  const token = await adminToken(p);
  const g = await call(p, 'PUT', mg(`${rg}?api-version=2021-04-01`), { token, body: { location: 'eastus' } });
  assert.equal(g.status, 201, g.text);
  reader = await createServicePrincipal(p, 'denials-reader');
  nobody = await createServicePrincipal(p, 'denials-nobody');
  await assignRole(p, rg, ROLES.Reader, reader.objectId);
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('a Reader creating a storage account is refused, and the admin sees the denial explained at the group', async () => {
  const token = await spToken(reader);
  const put = await call(p, 'PUT', mg(`${accountId}?api-version=2022-09-01`), {
    token,
    body: { location: 'eastus', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' },
  });
  assert.equal(put.status, 403, put.text);
  assert.equal(put.json.error.code, 'AuthorizationFailed');

  const admin = await adminToken(p);
  const list = await call(p, 'GET', mg(`${rg}${DENIALS}?${V}`), { token: admin });
  assert.equal(list.status, 200, list.text);
  const mine = list.json.value.filter((d: any) => d.properties.principalId === reader.objectId);
  assert.equal(mine.length, 1, list.text);
  const d = mine[0];
  assert.equal(d.type, 'Cerulean.Authorization/denials');
  assert.equal(d.id, `${accountId}${DENIALS}/${d.name}`);
  assert.equal(d.properties.principalName, reader.appId);
  assert.equal(d.properties.principalType, 'ServicePrincipal');
  assert.equal(d.properties.action, WRITE);
  assert.equal(d.properties.isDataAction, false);
  assert.equal(d.properties.scope, accountId);
  assert.equal(d.properties.plane, 'arm');
  assert.equal(d.properties.enforced, true);
  assert.match(d.properties.explanation, new RegExp(`grants action '${WRITE}'.*Reader at ${rg} \\(action not in role\\)`, 'i'));
  assert.deepEqual(d.properties.suggestions[0], {
    roleName: 'Contributor',
    roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Contributor}`,
    scope: accountId,
  });

  // Filtered by principal and capped by $top, newest first.
  const filtered = await call(p, 'GET', mg(`${sub}${DENIALS}?${V}&$top=5&$filter=${encodeURIComponent(`principalId eq '${reader.objectId}'`)}`), { token: admin });
  assert.equal(filtered.status, 200, filtered.text);
  assert.deepEqual(filtered.json.value.map((x: any) => x.name), [d.name]);
});

test('who may read denials: Reader at the group may; a principal without any role gets AuthorizationFailed', async () => {
  const asReader = await call(p, 'GET', mg(`${rg}${DENIALS}?${V}`), { token: await spToken(reader) });
  assert.equal(asReader.status, 200, asReader.text);
  assert.ok(asReader.json.value.some((x: any) => x.properties.action === WRITE));

  const r = await call(p, 'GET', mg(`${rg}${DENIALS}?${V}`), { token: await spToken(nobody) });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json.error.code, 'AuthorizationFailed');
  assert.equal(
    r.json.error.message,
    `The client '${nobody.appId}' with object id '${nobody.objectId}' does not have authorization to perform action ` +
      `'Microsoft.Authorization/roleAssignments/read' over scope '${rg}' or the scope is invalid. ` +
      'If access was recently granted, please refresh your credentials.',
  );

  const wrongVersion = await call(p, 'GET', mg(`${rg}${DENIALS}?api-version=2022-04-01`), { token: await adminToken(p) });
  assert.equal(wrongVersion.status, 400);
  assert.equal(wrongVersion.json.error.code, 'NoRegisteredProviderFound');
});

test('denials survive a restart', async () => {
  await p.stop();
  p = await startPlatformProcess({ home: p.home });
  const list = await call(p, 'GET', mg(`${rg}${DENIALS}?${V}`), { token: await adminToken(p) });
  assert.equal(list.status, 200, list.text);
  const actions = list.json.value.map((x: any) => `${x.properties.principalId} ${x.properties.action}`);
  assert.ok(actions.includes(`${reader.objectId} ${WRITE}`), actions.join('\n'));
  assert.ok(actions.includes(`${nobody.objectId} Microsoft.Authorization/roleAssignments/read`), actions.join('\n'));
});

test('cerulean denials: json, principal by application id, table', async () => {
  const json = JSON.parse(ok(await cerulean(['denials', '--scope', rg, '-o', 'json'])));
  const d = json.find((x: any) => x.properties.principalId === reader.objectId);
  assert.ok(d, JSON.stringify(json));
  assert.equal(d.properties.action, WRITE);
  assert.equal(d.properties.suggestions[0].roleName, 'Contributor');

  const byApp = JSON.parse(ok(await cerulean(['denials', '--scope', rg, '--principal', reader.appId, '-o', 'json'])));
  assert.deepEqual(byApp.map((x: any) => x.properties.principalId), [reader.objectId]);

  const table = ok(await cerulean(['denials', '--scope', rg, '--principal', reader.objectId, '-o', 'table']));
  assert.match(table, /^Time\s+Principal\s+Action\s+Scope\s+Explanation\s+Suggested role @ scope$/m);
  assert.match(table, new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\s+${reader.appId}\\s+Microsoft\\.Storage/storageAccounts/write\\s+`, 'm'));
  assert.match(table, /Contributor @ \/subscriptions\//);

  const all = JSON.parse(ok(await cerulean(['denials', '--top', '1'])));
  assert.equal(all.length, 1);
});
