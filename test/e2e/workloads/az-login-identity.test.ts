/**
 * Debian's az 2.45 inside a workload: `az login --identity --username <client id>` (the Azure ML compute-instance
 * path: GET {MSI_ENDPOINT}/?resource=…&api-version=2017-09-01&clientid=… with header `secret`), then ARM calls
 * with the identity's token. Only ever run inside a workload Cerulean started.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { assignRole, ROLES } from '../../support/azure-http.js';
import { createGroup, createUai, ceruleanExec, type Uai } from './fixtures/workloads-setup.js';

const haveAz = existsSync('/usr/bin/az');
let p: PlatformProcess;
let uai: Uai;

before(async () => {
  if (!haveAz) return;
  p = await startPlatformProcess();
  await createGroup(p, 'azmi');
  uai = await createUai(p, 'azmi', 'az-identity');
  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}`, ROLES.Reader, uai.properties.principalId);
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('az login --identity inside cerulean exec, then ARM with the identity', { skip: !haveAz && 'az is not installed', timeout: 180_000 }, async () => {
  const script = [
    `az login --identity --username ${uai.properties.clientId} --query "[0].user" -o json`,
    'az account get-access-token --resource https://storage.azure.com/ --query tokenType -o tsv',
    'az group list --query "[].name" -o tsv',
  ].join(' && ');
  const r = await ceruleanExec(p, ['--identity', uai.id, '--', '/bin/sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  const [user, rest] = [r.stdout.slice(0, r.stdout.indexOf('}') + 1), r.stdout.slice(r.stdout.indexOf('}') + 1)];
  assert.deepEqual(JSON.parse(user), { assignedIdentityInfo: `MSIClient-${uai.properties.clientId}`, name: 'userAssignedIdentity', type: 'servicePrincipal' });
  assert.deepEqual(rest.trim().split('\n'), ['Bearer', 'azmi']);
});
