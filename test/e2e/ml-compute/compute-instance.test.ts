/**
 * Compute instances with managed identities through `cerulean az ml compute` and `cerulean compute exec`, as the
 * Azure ML compute-instance doc uses them: system-assigned (`--identity-type SystemAssigned`) and user-assigned (the
 * doc's compute.yaml, bare schema URL first line included); inside the instance the doc's Python snippet gets a token
 * for the instance's identity; a stopped instance refuses commands and ends those it was running.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { az, cerulean, computeExecInBackground, json, ok } from './fixtures/compute-cli.js';

const snippet = readFileSync(new URL('./fixtures/msi_token.py', import.meta.url), 'utf8');
let p: PlatformProcess;
let uai: { id: string; clientId: string; principalId: string };
const scope = ['-g', 'mlci', '-w', 'ws1'];
/** The uid myinstance's commands ran as (set by the user-assigned test). */
let instanceUid: string | undefined;

before(async () => {
  p = await startPlatformProcess();
  ok(await az(p, 'group', 'create', '-n', 'mlci', '-l', 'eastus'));
  ok(await az(p, 'ml', 'workspace', 'create', '-n', 'ws1', '-g', 'mlci'));
  uai = json(await az(p, 'identity', 'create', '-n', 'ci-identity', '-g', 'mlci'));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function runSnippet(name: string) {
  return cerulean(p, ['compute', 'exec', name, ...scope, '--', '/usr/bin/python3', '-c', snippet]);
}

test('system-assigned: created by az ml compute create, shown with its identity, principal named /ws1/computes/<name>', { timeout: 120_000 }, async () => {
  const created = json(await az(p, 'ml', 'compute', 'create', '--name', 'ci-sai', '--identity-type', 'SystemAssigned', '--type', 'ComputeInstance', '--resource-group', 'mlci', '--workspace-name', 'ws1'));
  assert.equal(created.type, 'computeinstance');
  assert.equal(created.state, 'Running');
  assert.equal(created.provisioning_state, 'Succeeded');
  assert.equal(created.identity.type, 'system_assigned');
  assert.equal(created.identity.tenant_id, p.runtime.tenantId);
  const shown = json(await az(p, 'ml', 'compute', 'show', '-n', 'ci-sai', ...scope));
  assert.equal(shown.identity.principal_id, created.identity.principal_id);
  assert.equal(shown.resourceGroup, 'mlci');
  const sp = json(await az(p, 'ad', 'sp', 'show', '--id', created.identity.principal_id));
  assert.equal(sp.displayName, '/ws1/computes/ci-sai');
  assert.equal(sp.servicePrincipalType, 'ManagedIdentity');

  const claims = JSON.parse(ok(await runSnippet('ci-sai')).trim());
  assert.equal(claims.appid, sp.appId);
  assert.equal(claims.oid, created.identity.principal_id);
  assert.equal(claims.client, sp.appId);
  assert.equal(claims.site, 'AMLComputeInstance');
  assert.match(claims.home, /\/computes\/[0-9a-f]+\/home$/);
  assert.equal(claims.cwd, claims.home);
});

test('user-assigned from the doc compute.yaml (bare schema URL line) ; HOME is the instance home across commands', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-yaml-'));
  writeFileSync(
    join(dir, 'compute.yaml'),
    `https://azuremlschemas.azureedge.net/latest/computeInstance.schema.json\nname: myinstance\ntype: computeinstance\nidentity:\n  type: user_assigned\n  user_assigned_identities: \n    - resource_id: ${uai.id}\n`,
  );
  const r = await cerulean(p, ['az', 'ml', 'compute', 'create', '--file', 'compute.yaml', ...scope], { cwd: dir });
  const created = JSON.parse(ok(r));
  assert.match(r.stderr, /WARNING: compute\.yaml:1: .*'\$schema: https:\/\/azuremlschemas\.azureedge\.net\/latest\/computeInstance\.schema\.json'/);
  assert.equal(created.identity.type, 'user_assigned');
  assert.deepEqual(created.identity.user_assigned_identities, [{ client_id: uai.clientId, principal_id: uai.principalId, resource_id: uai.id }]);
  const claims = JSON.parse(ok(await runSnippet('myinstance')).trim());
  assert.equal(claims.appid, uai.clientId);
  assert.equal(claims.client, uai.clientId);

  ok(await cerulean(p, ['compute', 'exec', 'myinstance', ...scope, '--', '/bin/sh', '-c', 'echo kept > "$HOME/notes.txt"']));
  assert.equal(ok(await cerulean(p, ['compute', 'exec', 'myinstance', ...scope, '--', '/bin/cat', 'notes.txt'])).trim(), 'kept');

  // One user per instance, as on the machine: every command runs as the same uid, which owns the home (0700), and
  // files are created with umask 022.
  const whoami = `id -u; echo "$HOME"; stat -c '%a %u' "$HOME" "$HOME/notes.txt"`;
  const first = ok(await cerulean(p, ['compute', 'exec', 'myinstance', ...scope, '--', '/bin/sh', '-c', whoami])).trim().split('\n');
  const second = ok(await cerulean(p, ['compute', 'exec', 'myinstance', ...scope, '--', '/bin/sh', '-c', whoami])).trim().split('\n');
  assert.deepEqual(second, first);
  const [uid, home] = first;
  instanceUid = uid;
  assert.deepEqual(first.slice(2), [`700 ${uid}`, `644 ${uid}`]);
  if (process.getuid?.() === 0) {
    // Isolated workloads: the uid comes from the instances' own range; neither another instance nor an `exec`
    // workload can read the instance's files, even knowing where they are.
    assert.ok(Number(uid) >= 300000, `instance uid ${uid}`);
    const probe = `id -u; cat "$0" || echo refused`;
    const notes = join(home, 'notes.txt');
    const fromInstance = ok(await cerulean(p, ['compute', 'exec', 'ci-sai', ...scope, '--', '/bin/sh', '-c', probe, notes])).trim().split('\n');
    assert.notEqual(fromInstance[0], uid);
    assert.equal(fromInstance.at(-1), 'refused');
    const fromExec = ok(await cerulean(p, ['exec', '--', '/bin/sh', '-c', probe, notes])).trim().split('\n');
    assert.ok(Number(fromExec[0]) < 300000);
    assert.equal(fromExec.at(-1), 'refused');
  }
  const list = json(await az(p, 'ml', 'compute', 'list', ...scope));
  assert.deepEqual(list.map((c: any) => c.name).sort(), ['ci-sai', 'myinstance']);
});

test('custom_applications is refused and nothing is created', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-yaml-'));
  writeFileSync(join(dir, 'apps.yml'), 'name: ci-apps\ntype: ComputeInstance\ncustom_applications:\n  - name: rstudio\n    type: docker\n');
  const r = await cerulean(p, ['az', 'ml', 'compute', 'create', '-f', 'apps.yml', ...scope], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /apps\.yml:3:1 custom_applications: .*no container engine/);
  assert.equal((await az(p, 'ml', 'compute', 'show', '-n', 'ci-apps', ...scope)).code, 3);
});

test('stop ends running commands and refuses new ones; start brings the instance back; delete removes the identity', { timeout: 120_000 }, async () => {
  const bg = computeExecInBackground(p, ['ci-sai', ...scope, '--', '/bin/sleep', '60']);
  await new Promise((r) => setTimeout(r, 1500));
  ok(await az(p, 'ml', 'compute', 'stop', '-n', 'ci-sai', ...scope));
  const ended = await bg.done;
  assert.notEqual(ended.code, 0);
  assert.match(ended.stderr, /Stopped/);
  assert.equal(json(await az(p, 'ml', 'compute', 'show', '-n', 'ci-sai', ...scope)).state, 'Stopped');
  const refused = await cerulean(p, ['compute', 'exec', 'ci-sai', ...scope, '--', '/bin/true']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Compute instance 'ci-sai' is Stopped; .*az ml compute start/);
  const again = await az(p, 'ml', 'compute', 'stop', '-n', 'ci-sai', ...scope);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /UserError|state 'Stopped'/);

  ok(await az(p, 'ml', 'compute', 'start', '-n', 'ci-sai', ...scope));
  assert.equal(ok(await cerulean(p, ['compute', 'exec', 'ci-sai', ...scope, '--', '/bin/echo', 'back'])).trim(), 'back');

  const principalId = json(await az(p, 'ml', 'compute', 'show', '-n', 'ci-sai', ...scope)).identity.principal_id;
  ok(await az(p, 'ml', 'compute', 'delete', '-n', 'ci-sai', '--yes', ...scope));
  assert.equal((await az(p, 'ml', 'compute', 'show', '-n', 'ci-sai', ...scope)).code, 3);
  assert.notEqual((await az(p, 'ad', 'sp', 'show', '--id', principalId)).code, 0);
});

test('an instance keeps its uid and its files across a platform restart; exec uids carry on where they were', { timeout: 120_000 }, async () => {
  assert.ok(instanceUid, 'the user-assigned test ran first');
  const execUid = () => cerulean(p, ['exec', '--', '/usr/bin/id', '-u']).then((r) => Number(ok(r).trim()));
  const before = await execUid();
  await p.stop();
  p = await startPlatformProcess({ home: p.home });
  const out = ok(await cerulean(p, ['compute', 'exec', 'myinstance', ...scope, '--', '/bin/sh', '-c', 'id -u; cat notes.txt'])).trim().split('\n');
  assert.deepEqual(out, [instanceUid, 'kept']);
  if (process.getuid?.() === 0) assert.ok((await execUid()) > before, 'a restart does not hand out recent exec uids again');
});
