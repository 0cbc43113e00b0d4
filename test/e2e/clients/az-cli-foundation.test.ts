/**
 * Debian's azure-cli 2.45 against Cerulean with only the exports of `cerulean env` and a fresh AZURE_CONFIG_DIR.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { createServicePrincipal, assignRole, ROLES } from '../../support/azure-http.js';
import { runProcess, type RunResult } from '../../support/run-node.js';
import { cliEnvExports } from '../../support/cli-env.js';

const AZ = '/usr/bin/az';
const haveAz = existsSync(AZ);
const mustHave = process.env.CI === 'true';

let p: PlatformProcess;
let baseEnv: Record<string, string>;

before(async () => {
  if (!haveAz) {
    if (mustHave) throw new Error('Debian azure-cli (/usr/bin/az) is required in CI: apt-get install -y azure-cli');
    return;
  }
  p = await startPlatformProcess();
  baseEnv = { ...(await cliEnvExports(p)), PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function az(args: string[], configDir: string): Promise<RunResult> {
  return runProcess(AZ, args, { env: { ...baseEnv, AZURE_CONFIG_DIR: configDir }, timeoutMs: 120_000 });
}

function freshConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'azcfg-'));
}

test('az login --service-principal, account show, group create|list|delete', { skip: !haveAz && !mustHave }, async () => {
  const sp = await createServicePrincipal(p, 'az-sp');
  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}`, ROLES.Contributor, sp.objectId);
  const cfg = freshConfigDir();
  let r = await az(['login', '--service-principal', '-u', sp.appId, '-p', sp.secret, '--tenant', p.runtime.tenantId], cfg);
  assert.equal(r.code, 0, r.stderr);
  const accounts = JSON.parse(r.stdout);
  assert.equal(accounts[0].id, p.runtime.subscriptionId);
  assert.equal(accounts[0].user.type, 'servicePrincipal');

  r = await az(['account', 'show'], cfg);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).tenantId, p.runtime.tenantId);

  r = await az(['group', 'create', '-n', 'az-rg', '-l', 'eastus'], cfg);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).properties.provisioningState, 'Succeeded');
  r = await az(['group', 'list', '--query', '[].name', '-o', 'tsv'], cfg);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.split('\n').includes('az-rg'));
  r = await az(['group', 'delete', '-n', 'az-rg', '--yes'], cfg);
  assert.equal(r.code, 0, r.stderr);
  r = await az(['group', 'exists', '-n', 'az-rg'], cfg);
  assert.equal(r.stdout.trim(), 'false');
});

test('az login -u -p as a user, ad sp create-for-rbac, ad sp show, role assignments through az rest', { skip: !haveAz && !mustHave }, async () => {
  const cfg = freshConfigDir();
  let r = await az(['login', '-u', p.admin.username, '-p', p.admin.password], cfg);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout)[0].user.name, p.admin.username);

  r = await az(['ad', 'sp', 'create-for-rbac', '-n', 'az-made-sp'], cfg);
  assert.equal(r.code, 0, r.stderr);
  const made = JSON.parse(r.stdout);
  assert.equal(made.displayName, 'az-made-sp');
  assert.equal(made.tenant, p.runtime.tenantId);
  assert.ok(made.password.length >= 32);

  r = await az(['ad', 'sp', 'show', '--id', made.appId], cfg);
  assert.equal(r.code, 0, r.stderr);
  const shown = JSON.parse(r.stdout);
  assert.equal(shown.appId, made.appId);
  assert.equal(shown.servicePrincipalType, 'Application');

  const scope = `/subscriptions/${p.runtime.subscriptionId}`;
  const name = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
  const body = join(cfg, 'ra.json');
  writeFileSync(
    body,
    JSON.stringify({
      properties: {
        roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Reader}`,
        principalId: shown.id,
        principalType: 'ServicePrincipal',
      },
    }),
  );
  const url = `https://management.azure.com${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`;
  r = await az(['rest', '--method', 'put', '--url', url, '--body', `@${body}`], cfg);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).properties.principalId, shown.id);
  r = await az(['rest', '--url', `https://management.azure.com${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`], cfg);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout).value.some((a: any) => a.name === name));

  // The new service principal signs in with az and sees the subscription through its Reader role.
  const cfg2 = freshConfigDir();
  r = await az(['login', '--service-principal', '-u', made.appId, '-p', made.password, '--tenant', p.runtime.tenantId], cfg2);
  assert.equal(r.code, 0, r.stderr);
  r = await az(['group', 'create', '-n', 'nope-rg', '-l', 'eastus'], cfg2);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /AuthorizationFailed/);

  r = await az(['rest', '--method', 'delete', '--url', url], cfg);
  assert.equal(r.code, 0, r.stderr);
});
