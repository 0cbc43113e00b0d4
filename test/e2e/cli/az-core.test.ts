/**
 * `cerulean az` against a running platform: a pure HTTP client that finds the platform through the data home.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatformProcess, removeHome, entry, type PlatformProcess } from '../../support/platform-process.js';
import { runProcess, type RunResult } from '../../support/run-node.js';

let p: PlatformProcess;
before(async () => {
  p = await startPlatformProcess();
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function cerulean(args: string[]): Promise<RunResult> {
  return runProcess(process.execPath, ['--import', 'tsx', entry, ...args], { env: { CERULEAN_HOME: p.home }, timeoutMs: 60_000 });
}
const az = (...args: string[]) => cerulean(['az', ...args]);

function ok(r: RunResult): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

test('cerulean env prints the exports real clients need', async () => {
  const out = ok(await cerulean(['env']));
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'AZURE_CORE_COLLECT_TELEMETRY']) {
    assert.match(out, new RegExp(`^export ${name}=`, 'm'), name);
  }
  assert.match(out, /NO_PROXY='?localhost,127\.0\.0\.1'?$/m);
  assert.doesNotMatch(out, /169\.254\.169\.254/);
  const unset = ok(await cerulean(['env', '--unset']));
  assert.match(unset, /unset .*HTTPS_PROXY/);
});

test('admin by default: account, groups, queries and output formats', async () => {
  const account = JSON.parse(ok(await az('account', 'show')));
  assert.equal(account.id, p.runtime.subscriptionId);
  assert.equal(account.tenantId, p.runtime.tenantId);
  assert.equal(account.user.name, p.admin.username);
  assert.equal(account.user.type, 'user');

  const rg = JSON.parse(ok(await az('group', 'create', '-n', 'cli-rg', '-l', 'westus2', '--tags', 'env=dev')));
  assert.equal(rg.name, 'cli-rg');
  assert.equal(rg.properties.provisioningState, 'Succeeded');
  assert.deepEqual(rg.tags, { env: 'dev' });
  assert.equal(ok(await az('group', 'show', '-n', 'cli-rg', '--query', 'location', '-o', 'tsv')).trim(), 'westus2');
  assert.equal(ok(await az('group', 'exists', '-n', 'cli-rg')).trim(), 'true');
  const table = ok(await az('group', 'list', '-o', 'table'));
  assert.match(table, /^Name\s+Location\s+Status/m);
  assert.match(table, /^cli-rg\s+westus2\s+Succeeded/m);
  const yaml = ok(await az('group', 'show', '-n', 'cli-rg', '-o', 'yaml'));
  assert.match(yaml, /^name: cli-rg$/m);
  assert.equal(ok(await az('group', 'show', '-n', 'cli-rg', '-o', 'none')), '');

  const missing = await az('group', 'show', '-n', 'nope');
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /\(ResourceGroupNotFound\) Resource group 'nope' could not be found\./);

  ok(await az('configure', '--defaults', 'group=cli-rg', 'workspace=ws1', 'location=eastus'));
  assert.equal(ok(await az('config', 'get', '--query', "defaults[?name == 'workspace'].value", '-o', 'tsv')).trim(), 'ws1');
  // The configured default group fills -g.
  assert.equal(ok(await az('group', 'show', '--query', 'name', '-o', 'tsv')).trim(), 'cli-rg');

  const rest = JSON.parse(ok(await az('rest', '--url', '/subscriptions/{subscriptionId}/resourcegroups?api-version=2021-04-01')));
  assert.ok(rest.value.some((g: { name: string }) => g.name === 'cli-rg'));
  const token = JSON.parse(ok(await az('account', 'get-access-token', '--resource', 'https://storage.azure.com/')));
  const claims = JSON.parse(Buffer.from(token.accessToken.split('.')[1], 'base64url').toString());
  assert.equal(claims.aud, 'https://storage.azure.com/');
});

test('service principals, role assignments by name and assignee, and denials', async () => {
  const sp = JSON.parse(ok(await az('ad', 'sp', 'create-for-rbac', '-n', 'cli-sp')));
  assert.equal(sp.displayName, 'cli-sp');
  assert.equal(sp.tenant, p.runtime.tenantId);
  const scope = `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/cli-rg`;
  ok(await az('group', 'create', '-n', 'cli-rg', '-l', 'westus2'));

  const created = JSON.parse(ok(await az('role', 'assignment', 'create', '--assignee', sp.appId, '--role', 'contributor', '--scope', scope)));
  assert.equal(created.scope, scope);
  assert.equal(created.principalType, 'ServicePrincipal');
  assert.equal(created.roleDefinitionId, `/subscriptions/${p.runtime.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`);
  // Idempotent: the same assignment again returns the existing one.
  const again = JSON.parse(ok(await az('role', 'assignment', 'create', '--assignee', sp.appId, '--role', 'Contributor', '--scope', scope)));
  assert.equal(again.name, created.name);

  // A role name typed without spaces is resolved by the CLI, which says which role it chose.
  const loose = await az('role', 'assignment', 'create', '--assignee', sp.appId, '--role', 'managedidentityoperator', '--scope', scope);
  ok(loose);
  assert.match(loose.stderr, /Managed Identity Operator/);
  assert.equal(JSON.parse(loose.stdout).roleDefinitionId.endsWith('f1a07417-d97a-45cb-824c-7a7467783830'), true);

  const list = JSON.parse(ok(await az('role', 'assignment', 'list', '--scope', scope)));
  const names = list.filter((a: { principalId: string }) => a.principalId === created.principalId).map((a: { roleDefinitionName: string }) => a.roleDefinitionName).sort();
  assert.deepEqual(names, ['Contributor', 'Managed Identity Operator']);
  assert.ok(list.every((a: { principalName: string }) => a.principalName === sp.appId));

  const def = JSON.parse(ok(await az('role', 'definition', 'list', '--name', 'Storage Blob Data Reader')));
  assert.equal(def[0].name, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1');

  // Sign in as the service principal: it may read its group but not create groups at the subscription.
  ok(await az('login', '--service-principal', '-u', sp.appId, '-p', sp.password, '--tenant', p.runtime.tenantId));
  assert.equal(ok(await az('group', 'show', '-n', 'cli-rg', '--query', 'name', '-o', 'tsv')).trim(), 'cli-rg');
  const denied = await az('group', 'create', '-n', 'sp-made', '-l', 'eastus');
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /\(AuthorizationFailed\) The client '.+' with object id '.+' does not have authorization to perform action 'Microsoft\.Resources\/subscriptions\/resourcegroups\/write'/);

  // Back to admin; delete the assignments.
  ok(await az('login'));
  ok(await az('role', 'assignment', 'delete', '--assignee', sp.appId, '--scope', scope));
  assert.deepEqual(JSON.parse(ok(await az('role', 'assignment', 'list', '--scope', scope, '--assignee', sp.appId))), []);
});
