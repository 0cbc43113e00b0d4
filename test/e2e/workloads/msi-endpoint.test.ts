/**
 * `cerulean exec --identity <uai>`: the Azure ML token protocol (MSI_ENDPOINT + MSI_SECRET) as a stdlib Python
 * script calls it, the workload's environment, its exit code and stdio, secrets that die with the workload, and
 * the linked access check on the identities.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { assignRole, call, createServicePrincipal, ROLES } from '../../support/azure-http.js';
import { execOverUpgrade } from '../../../src/cli/exec-command.js';
import { runProcess } from '../../support/run-node.js';
import { createGroup, createUai, ceruleanExec, fixtures, lastJsonLine, type Uai } from './fixtures/workloads-setup.js';

let p: PlatformProcess;
let held: Uai;
let other: Uai;

before(async () => {
  p = await startPlatformProcess();
  await createGroup(p, 'wl');
  held = await createUai(p, 'wl', 'held-id');
  other = await createUai(p, 'wl', 'other-id');
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('a stdlib Python script gets a managed-identity token from MSI_ENDPOINT with its secret', async () => {
  const r = await ceruleanExec(p, ['--identity', held.id, '--', '/usr/bin/python3', join(fixtures, 'msi-claims.py'), held.properties.clientId]);
  assert.equal(r.code, 0, r.stderr);
  const out = lastJsonLine(r);
  assert.equal(out.status, 200);
  for (const k of ['access_token', 'client_id', 'expires_in', 'expires_on', 'ext_expires_in', 'not_before', 'resource', 'token_type']) {
    assert.equal(typeof out.body[k], 'string', k);
  }
  assert.equal(out.body.resource, 'https://storage.azure.com/');
  assert.equal(out.body.client_id, held.properties.clientId);
  assert.equal(out.body.token_type, 'Bearer');
  assert.equal(Number(out.body.expires_on), out.claims.exp);
  assert.ok(out.claims.exp - out.claims.iat >= 86000);
  assert.equal(out.claims.appid, held.properties.clientId);
  assert.equal(out.claims.oid, held.properties.principalId);
  assert.equal(out.claims.tid, p.runtime.tenantId);
  assert.equal(out.claims.aud, 'https://storage.azure.com/');
  assert.equal(out.claims.xms_mirid.toLowerCase(), held.id.toLowerCase());
});

test('the workload has the compute-instance variables, its own HOME/TMPDIR/AZURE_CONFIG_DIR, stdin and exit code', async () => {
  const script = 'cat; echo "ENV $APPSETTING_WEBSITE_SITE_NAME $DEFAULT_IDENTITY_CLIENT_ID $HOME $TMPDIR $AZURE_CONFIG_DIR $HTTPS_PROXY $NO_PROXY $REQUESTS_CA_BUNDLE $NODE_EXTRA_CA_CERTS $CALLER_VAR"; echo oops >&2; exit 42';
  const r = await ceruleanExec(p, ['--identity', held.properties.clientId, '--', '/bin/sh', '-c', script], { input: 'from-stdin\n', env: { CALLER_VAR: 'kept' } });
  assert.equal(r.code, 42, r.stderr);
  assert.match(r.stderr, /oops/);
  const [first, envLine] = r.stdout.trim().split('\n');
  assert.equal(first, 'from-stdin');
  const [, site, clientId, home, tmp, azureDir, proxy, noProxy, bundle, nodeCa, caller] = envLine.split(' ');
  assert.equal(site, 'AMLComputeInstance');
  assert.equal(clientId, held.properties.clientId);
  const workloads = join(p.home, 'workloads') + '/';
  for (const d of [home, tmp, azureDir]) assert.ok(d.startsWith(workloads), d);
  assert.match(proxy, /^http:\/\/w[0-9a-f]+:[^@]+@127\.0\.0\.1:\d+$/);
  assert.equal(noProxy, 'localhost,127.0.0.1');
  assert.equal(bundle, p.runtime.caBundle);
  assert.equal(nodeCa, p.runtime.caCert);
  assert.equal(caller, 'kept');
});

test('an identity the workload does not hold is a 400, and a secret dies with its workload', async () => {
  const r = await ceruleanExec(p, [
    '--identity',
    held.id,
    '--',
    '/bin/sh',
    '-c',
    `/usr/bin/python3 ${join(fixtures, 'msi-claims.py')} ${other.properties.clientId}; echo "$MSI_ENDPOINT $MSI_SECRET"`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const refused = JSON.parse(lines[0]);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.error, { error: 'invalid_request', error_description: 'Identity not found' });
  const [endpoint, secret] = lines[1].split(' ');
  const after = await runProcess('/usr/bin/curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `secret: ${secret}`, `${endpoint}?resource=https://storage.azure.com/`], {
    env: { NO_PROXY: '*' },
  });
  assert.equal(after.stdout, '401');
});

test('without assign permission on the identity, exec is refused with LinkedAuthorizationFailed', async () => {
  const sp = await createServicePrincipal(p, 'no-assign');
  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/wl`, ROLES.Reader, sp.objectId);
  const tok = await call(p, 'POST', `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: sp.appId, client_secret: sp.secret, scope: 'https://management.azure.com/.default' },
  });
  assert.equal(tok.status, 200, tok.text);
  const stdin = new PassThrough();
  stdin.end();
  await assert.rejects(
    execOverUpgrade({
      url: p.runtime.direct.runtime,
      ca: readFileSync(p.runtime.caCert, 'utf8'),
      token: tok.json.access_token,
      identities: [held.id],
      imds: false,
      argv: ['/bin/true'],
      cwd: '/tmp',
      env: {},
      stdin,
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      forwardSignals: false,
    }),
    (e: any) => {
      assert.equal(e.status, 403);
      assert.equal(e.code, 'LinkedAuthorizationFailed');
      assert.equal(
        e.serviceMessage,
        `The client '${sp.appId}' with object id '${sp.objectId}' has permission to perform action 'Cerulean.Runtime/workloads/write' on scope ` +
          `'/subscriptions/${p.runtime.subscriptionId}/providers/Cerulean.Runtime/workloads'; however, it does not have permission to perform action ` +
          `'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked scope(s) '${held.id}' or the linked scope(s) are invalid.`,
      );
      return true;
    },
  );
});
