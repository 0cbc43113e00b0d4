/**
 * Seed 000 (workspace identity, Managed Identity Operator, container_registry connection, private-registry
 * environment), its commands in the document's order with its YAML as printed (placeholders filled), through
 * `cerulean az`. Before them, the "previous step" the document refers to: a user-assigned identity attached to the
 * workspace, holding AcrPull on a private registry with a base image.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../support/platform-process.js';
import { az as azIn, json, ok } from '../ml-compute/fixtures/compute-cli.js';
import { pushBaseImage } from '../ml-env/fixtures/base-image.js';

const MIO = 'f1a07417-d97a-45cb-824c-7a7467783830';
const RG = 'seed0-rg';
const WS = 'seed0-ws';
const REGISTRY = 'seed0privateacr';
const LOGIN_SERVER = `${REGISTRY}.azurecr.io`;
let p: PlatformProcess;
let dir: string;
let uai: { id: string; clientId: string; principalId: string; name: string };
const az = (...args: string[]) => azIn(p, ...args);

before(async () => {
  p = await startPlatformProcess();
  dir = mkdtempSync(join(tmpdir(), 'seed-000-'));
  ok(await az('group', 'create', '-n', RG, '-l', 'eastus'));
  uai = await json(await az('identity', 'create', '-n', 'acr-identity', '-g', RG));
  const acrId = (await json(await az('acr', 'create', '-n', REGISTRY, '-g', RG, '--sku', 'Basic'))).id;
  await pushBaseImage(p, LOGIN_SERVER, 'pytorch/pytorch', 'latest');
  ok(await az('role', 'assignment', 'create', '--assignee-object-id', uai.principalId, '--assignee-principal-type', 'ServicePrincipal', '--role', 'AcrPull', '--scope', acrId));
  ok(await az('ml', 'workspace', 'create', '-n', WS, '-g', RG));
  ok(await az('ml', 'workspace', 'update', '-n', WS, '-g', RG, '--identity-type', 'SystemAssigned, UserAssigned', '--user-assigned-identities', uai.id));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

let principalId: string;

test('az ml workspace show -w <workspace> -g <group> --query identityPrincipalId prints the system-assigned principal id', async () => {
  const r = await az('ml', 'workspace', 'show', '-w', WS, '-g', RG, '--query', 'identityPrincipalId');
  principalId = JSON.parse(ok(r));
  assert.match(principalId, /^[0-9a-f-]{36}$/);
  const shown = await json(await az('ml', 'workspace', 'show', '-n', WS, '-g', RG));
  assert.equal(shown.identity.principal_id, principalId);
  assert.equal(shown.identityPrincipalId, principalId);
  assert.equal(shown.identityTenantId, p.runtime.tenantId);
  assert.equal(shown.identityType, 'SystemAssigned,UserAssigned');
  assert.equal(ok(await az('ml', 'workspace', 'show', '--workspace-name', WS, '--resource-group', RG, '--query', 'identityPrincipalId', '-o', 'tsv')).trim(), principalId);
  // The ARM REST shape stays Azure's: no flat fields there.
  const rest = await json(await az('rest', '--method', 'get', '--url', `${shown.id}?api-version=2024-04-01`));
  assert.equal(rest.identity.principalId, principalId);
  assert.equal(rest.identityPrincipalId, undefined);
});

test('az role assignment create --assignee <principal ID> --role managedidentityoperator --scope <identity id>', async () => {
  const r = await az('role', 'assignment', 'create', '--assignee', principalId, '--role', 'managedidentityoperator', '--scope', uai.id);
  const a = JSON.parse(ok(r));
  assert.equal(a.roleDefinitionId, `/subscriptions/${p.runtime.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${MIO}`);
  assert.equal(a.principalId, principalId);
  assert.equal(a.principalType, 'ServicePrincipal');
  assert.equal(a.scope.toLowerCase(), uai.id.toLowerCase());
  assert.match(r.stderr, new RegExp(`WARNING: Role 'managedidentityoperator' is taken to mean 'Managed Identity Operator' \\(${MIO}\\)`));
  const listed = await json(await az('role', 'assignment', 'list', '--assignee', principalId, '--scope', uai.id));
  assert.deepEqual(listed.map((x: any) => x.roleDefinitionName), ['Managed Identity Operator']);
  // Exact names print nothing; a name matching no role fails.
  const exact = await az('role', 'assignment', 'create', '--assignee', principalId, '--role', 'Managed Identity Operator', '--scope', uai.id);
  ok(exact);
  assert.doesNotMatch(exact.stderr, /taken to mean/);
  const none = await az('role', 'assignment', 'create', '--assignee', principalId, '--role', 'managedidentityoperater', '--scope', uai.id);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /ERROR: Role 'managedidentityoperater' doesn't exist\./);
});

test('--assignee as people type it: object id, managed identity client id, service principal name, UPN', async () => {
  const group = `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/${RG}`;
  const user = await json(await az('ad', 'user', 'create', '--display-name', 'Seed Reader', '--password', 'Seed-Passw0rd!0', '--user-principal-name', 'seedreader@cerulean.onmicrosoft.com'));
  const cases: Array<[string, string, string]> = [
    [uai.principalId, uai.principalId, 'ServicePrincipal'],
    [uai.clientId, uai.principalId, 'ServicePrincipal'],
    [uai.id, uai.principalId, 'ServicePrincipal'],
    ['seedreader@cerulean.onmicrosoft.com', user.id, 'User'],
  ];
  for (const [assignee, objectId, type] of cases) {
    const r = await az('role', 'assignment', 'create', '--assignee', assignee, '--role', 'reader', '--scope', group);
    const a = JSON.parse(ok(r));
    assert.match(r.stderr, /WARNING: Role 'reader' is taken to mean 'Reader' \(acdd72a7-3385-48ef-bd42-f606fba81ae7\)/);
    assert.equal(a.principalId, objectId, assignee);
    assert.equal(a.principalType, type, assignee);
  }
  const unknown = await az('role', 'assignment', 'create', '--assignee', 'nobody@cerulean.onmicrosoft.com', '--role', 'Reader', '--scope', group);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /Cannot find user or service principal in graph database for 'nobody@cerulean.onmicrosoft.com'/);
});

test('the connection YAML as printed, then az ml connection create --file <yml> --resource-group <rg> --workspace-name <ws>', async () => {
  // The document's YAML with its placeholders filled: the registry as target, the identity's client and resource ids.
  const yml = join(dir, 'connection.yml');
  writeFileSync(yml, `name: test_ws_conn_cr_managed\ntype: container_registry\ntarget: https://${LOGIN_SERVER}\ncredentials:\n  type: managed_identity\n  client_id: ${uai.clientId}\n  resource_id: ${uai.id}\n`);
  const conn = await json(await az('ml', 'connection', 'create', '--file', yml, '--resource-group', RG, '--workspace-name', WS));
  assert.equal(conn.name, 'test_ws_conn_cr_managed');
  assert.deepEqual(conn.credentials, { type: 'managed_identity', client_id: uai.clientId, resource_id: uai.id });
});

test('the environment YAML as printed (image: <acr url>/pytorch/pytorch:latest) builds from the private registry', async () => {
  const yml = join(dir, 'environment.yml');
  writeFileSync(
    yml,
    `$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\nname: private-acr-example\nimage: ${LOGIN_SERVER}/pytorch/pytorch:latest\ndescription: Environment created from private ACR.\n`,
  );
  const env = await json(await az('ml', 'environment', 'create', '--file', yml, '--resource-group', RG, '--workspace-name', WS));
  assert.equal(env.name, 'private-acr-example');
  assert.equal(env.image_build.status, 'Succeeded');
  assert.equal(env.image_build.connection, 'test_ws_conn_cr_managed');
});
