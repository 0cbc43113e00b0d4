/**
 * `az ml workspace create` with az ml's identity options (and ARM's spellings), and with the YAML equivalents.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const az = (...args: string[]): Promise<RunResult> =>
  runProcess(process.execPath, ['--import', 'tsx', entry, 'az', ...args], { env: { CERULEAN_HOME: p.home }, timeoutMs: 90_000 });
function ok(r: RunResult): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

test('workspace create takes --identity-type, --user-assigned-identities, --primary-user-assigned-identity and the YAML form', async () => {
  ok(await az('group', 'create', '-n', 'wsid-rg', '-l', 'eastus'));
  const uai = JSON.parse(ok(await az('identity', 'create', '-n', 'ws-uai', '-g', 'wsid-rg')));

  const both = JSON.parse(
    ok(
      await az('ml', 'workspace', 'create', '-n', 'ws-both', '-g', 'wsid-rg', '--identity-type', 'SystemAssigned, UserAssigned',
        '--user-assigned-identities', uai.id, '--primary-user-assigned-identity', uai.id),
    ),
  );
  assert.equal(both.identity.type, 'system_assigned,user_assigned');
  assert.ok(both.identity.principal_id);
  assert.equal(both.identity.user_assigned_identities[0].client_id, uai.clientId);
  assert.equal(both.primary_user_assigned_identity, uai.id);

  const dir = mkdtempSync(join(tmpdir(), 'ws-yaml-'));
  const file = join(dir, 'workspace.yml');
  writeFileSync(file, `$schema: https://azuremlschemas.azureedge.net/latest/workspace.schema.json\nname: ws-yaml\nidentity:\n  type: user_assigned\n  user_assigned_identities:\n    - resource_id: ${uai.id}\nprimary_user_assigned_identity: ${uai.id}\n`);
  const fromYaml = JSON.parse(ok(await az('ml', 'workspace', 'create', '-n', 'ws-yaml', '-g', 'wsid-rg', '--file', file)));
  assert.equal(fromYaml.identity.type, 'user_assigned');
  assert.equal(fromYaml.identity.user_assigned_identities[0].resource_id.toLowerCase(), uai.id.toLowerCase());

  const bad = join(dir, 'bad.yml');
  writeFileSync(bad, 'name: ws-bad\nidentiy:\n  type: system_assigned\n');
  const r = await az('ml', 'workspace', 'create', '-n', 'ws-bad', '-g', 'wsid-rg', '--file', bad);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /bad\.yml:2:1/);
});
