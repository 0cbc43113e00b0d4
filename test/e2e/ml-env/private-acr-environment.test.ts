/**
 * The first seed's flow through `cerulean az`: a user-assigned identity; a workspace with a system-assigned
 * identity and the user-assigned one attached; Managed Identity Operator for the workspace identity on the UAI;
 * AcrPull for the UAI on a private registry holding a base image; the connection YAML; an environment from
 * `image: <private>.azurecr.io/pytorch/pytorch:latest` whose build succeeds — and fails, naming what is missing,
 * when each grant (and the connection) is taken away in turn.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, entry, type PlatformProcess } from '../../support/platform-process.js';
import { runProcess, type RunResult } from '../../support/run-node.js';
import { raw } from '../registry/fixtures/registry-setup.js';
import { pushBaseImage, registryToken } from './fixtures/base-image.js';

let p: PlatformProcess;
let dir: string;
const G = ['-g', 'envrg'];
const W = ['-g', 'envrg', '-w', 'envws'];
const REGISTRY = 'ceruleanprivacr01';
const LS = `${REGISTRY}.azurecr.io`;
let uai: { id: string; clientId: string; principalId: string };
let acrId: string;
let wsPrincipal: string;
let baseDigest: string;
let version = 0;

function az(...args: string[]): Promise<RunResult> {
  return runProcess(process.execPath, ['--import', 'tsx', entry, 'az', ...args], { env: { CERULEAN_HOME: p.home }, timeoutMs: 90_000 });
}
function ok(r: RunResult): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}
const json = async (...args: string[]) => JSON.parse(ok(await az(...args)));

before(async () => {
  p = await startPlatformProcess();
  dir = mkdtempSync(join(tmpdir(), 'ml-env-e2e-'));
  ok(await az('group', 'create', '-n', 'envrg', '-l', 'eastus'));
  uai = await json('identity', 'create', '-n', 'acr-pull-identity', ...G);
  acrId = (await json('acr', 'create', '-n', REGISTRY, ...G, '--sku', 'Basic')).id;
  baseDigest = (await pushBaseImage(p, LS, 'pytorch/pytorch', 'latest')).manifestDigest;
  ok(await az('ml', 'workspace', 'create', '-n', 'envws', ...G));
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

async function createEnv(extra: string[] = []): Promise<RunResult> {
  version += 1;
  return az('ml', 'environment', 'create', '--file', join(dir, 'env.yml'), '--version', String(version), ...W, ...extra);
}

test('the workspace gets the user-assigned identity beside its system-assigned one', async () => {
  const ws = await json('ml', 'workspace', 'update', '-n', 'envws', ...G, '--identity-type', 'SystemAssigned, UserAssigned', '--user-assigned-identities', uai.id, '--primary-user-assigned-identity', uai.id);
  assert.equal(ws.identity.type, 'system_assigned,user_assigned');
  assert.deepEqual(ws.identity.user_assigned_identities.map((u: any) => [u.resource_id.toLowerCase(), u.client_id]), [[uai.id.toLowerCase(), uai.clientId]]);
  assert.equal(ws.primary_user_assigned_identity, uai.id);
  wsPrincipal = ok(await az('ml', 'workspace', 'show', '-n', 'envws', ...G, '--query', 'identity.principal_id', '-o', 'tsv')).trim();
  assert.equal(wsPrincipal, ws.identity.principal_id);
});

test('grants, the connection YAML and a build from the private registry', async () => {
  ok(await az('role', 'assignment', 'create', '--assignee', wsPrincipal, '--role', 'managedidentityoperator', '--scope', uai.id));
  ok(await az('role', 'assignment', 'create', '--assignee-object-id', uai.principalId, '--assignee-principal-type', 'ServicePrincipal', '--role', 'AcrPull', '--scope', acrId));
  writeFileSync(
    join(dir, 'connection.yml'),
    `name: test_ws_conn_cr_managed\ntype: container_registry\ntarget: https://${LS}\ncredentials:\n  type: managed_identity\n  client_id: ${uai.clientId}\n  resource_id: ${uai.id}\n`,
  );
  const created = await az('ml', 'connection', 'create', '--file', join(dir, 'connection.yml'), ...W);
  const conn = JSON.parse(ok(created));
  assert.doesNotMatch(created.stderr, /WARNING/);
  assert.deepEqual(conn.credentials, { type: 'managed_identity', client_id: uai.clientId, resource_id: uai.id });
  assert.equal(conn.type, 'container_registry');

  writeFileSync(join(dir, 'feed.yml'), 'name: test_feed\ntype: container_registry\ntarget: https://test-feed.com\ncredentials:\n  type: username_password\n  username: u\n  password: hunter2\n');
  const feed = await az('ml', 'connection', 'create', '--file', join(dir, 'feed.yml'), ...W);
  assert.match(feed.stderr, /WARNING: The connection target 'https:\/\/test-feed.com' is not the login server of any Cerulean container registry/);
  assert.doesNotMatch(ok(feed) + ok(await az('ml', 'connection', 'show', '-n', 'test_feed', ...W)), /hunter2/);

  writeFileSync(
    join(dir, 'env.yml'),
    `$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\nname: private-acr-example\nimage: ${LS}/pytorch/pytorch:latest\ndescription: Environment created from private ACR.\n`,
  );
  const env = JSON.parse(ok(await createEnv()));
  assert.equal(env.image_build.status, 'Succeeded');
  assert.equal(env.image_build.base_image_digest, baseDigest);
  assert.equal(env.image_build.connection, 'test_ws_conn_cr_managed');
  assert.match(env.image_build.log.join('\n'), /Managed Identity Operator[\s\S]*AcrPull[\s\S]*Build succeeded/);

  const [host, rest] = [env.image_build.image.split('/')[0], env.image_build.image.slice(env.image_build.image.indexOf('/') + 1)];
  const [repo, tag] = rest.split(':');
  assert.match(repo, /^azureml\/azureml_[0-9a-f]{32}$/);
  const token = await registryToken(p, host, `repository:${repo}:pull`);
  const m = await raw(p, 'GET', `https://${host}/v2/${repo}/manifests/${tag}`, { token, headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(m.status, 200, m.body.toString());
  assert.equal(m.headers['docker-content-digest'], env.image_build.image_digest);
  assert.equal(m.json.layers.length, 2);
  const blob = await raw(p, 'GET', `https://${host}/v2/${repo}/blobs/${m.json.layers[0].digest}`, { token });
  assert.equal(blob.status, 200);

  const latest = await json('ml', 'environment', 'show', '-n', 'private-acr-example', '-l', 'latest', ...W);
  assert.equal(latest.version, String(version));
});

async function failsNaming(pattern: RegExp): Promise<string> {
  const r = await createEnv();
  assert.notEqual(r.code, 0, `expected a failed build:\n${r.stdout}`);
  assert.match(r.stderr, pattern);
  assert.match(r.stderr, /Image build log:/);
  const shown = await json('ml', 'environment', 'show', '-n', 'private-acr-example', '-v', String(version), ...W);
  assert.equal(shown.image_build.status, 'Failed');
  assert.match(shown.image_build.log.join('\n'), /Build failed/);
  return r.stderr;
}

test('each grant removed in turn fails the build, naming the role and its scope', async () => {
  ok(await az('role', 'assignment', 'delete', '--assignee', wsPrincipal, '--role', 'Managed Identity Operator', '--scope', uai.id));
  const e1 = await failsNaming(/'Managed Identity Operator' role on the user-assigned identity/);
  assert.ok(e1.includes(uai.id) && e1.includes(wsPrincipal), e1);
  ok(await az('role', 'assignment', 'create', '--assignee', wsPrincipal, '--role', 'Managed Identity Operator', '--scope', uai.id));

  ok(await az('role', 'assignment', 'delete', '--assignee', uai.principalId, '--role', 'AcrPull', '--scope', acrId));
  const e2 = await failsNaming(/does not have the 'AcrPull' role on the container registry/);
  assert.ok(e2.includes(acrId), e2);
  ok(await az('role', 'assignment', 'create', '--assignee-object-id', uai.principalId, '--assignee-principal-type', 'ServicePrincipal', '--role', 'AcrPull', '--scope', acrId));

  ok(await az('ml', 'connection', 'delete', '-n', 'test_ws_conn_cr_managed', ...W));
  await failsNaming(/\(ConnectionNotFound\) No container registry connection of workspace 'envws' has the target 'ceruleanprivacr01.azurecr.io'/);

  ok(await az('ml', 'connection', 'create', '--file', join(dir, 'connection.yml'), ...W));
  writeFileSync(join(dir, 'env.yml'), `name: private-acr-example\nimage: ${LS}/pytorch/pytorch:v9\n`);
  await failsNaming(/\(ManifestUnknown\) The base image 'ceruleanprivacr01.azurecr.io\/pytorch\/pytorch' has no tag 'v9'/);
});

test('listing, --no-wait and archive', async () => {
  writeFileSync(join(dir, 'env.yml'), `name: private-acr-example\nimage: ${LS}/pytorch/pytorch:latest\n`);
  const queued = JSON.parse(ok(await createEnv(['--no-wait'])));
  assert.ok(['Creating', 'Succeeded'].includes(queued.provisioning_state), queued.provisioning_state);
  const versions = await json('ml', 'environment', 'list', '-n', 'private-acr-example', ...W);
  assert.equal(versions.length, version);
  const names = (await json('ml', 'environment', 'list', ...W)).map((e: any) => e.name);
  assert.ok(names.includes('private-acr-example'));
  ok(await az('ml', 'environment', 'archive', '-n', 'private-acr-example', '-v', '2', ...W));
  assert.equal((await json('ml', 'environment', 'list', '-n', 'private-acr-example', ...W)).length, version - 1);
});
