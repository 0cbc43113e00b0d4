/**
 * Real registry clients against the registry plane: Debian's skopeo copies an OCI layout into `<name>.azurecr.io` and
 * back, authenticated with `az acr login --expose-token` tokens from `cerulean az` and from Debian's az, and with
 * the `/oauth2/exchange` + `/oauth2/token` flow; principals without AcrPull/AcrPush are refused.
 * Only the exports of `cerulean env` point the clients at the platform; the CA is trusted through a cert dir.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry, removeHome, startPlatformProcess, type PlatformProcess } from '../../../support/platform-process.js';
import { ROLES, assignRole, createServicePrincipal, type TestServicePrincipal } from '../../../support/azure-http.js';
import { runProcess, type RunResult } from '../../../support/run-node.js';
import { cliEnvExports } from '../../../support/cli-env.js';
import { ACR_ROLES, acrAccessToken, acrRefreshToken, createRegistryThroughArm, spEntraToken, type TestRegistry } from '../../registry/fixtures/registry-setup.js';
import { readOciLayout, writeOciLayout, type LayoutImage } from './fixtures/oci-layout.js';

const SKOPEO = '/usr/bin/skopeo';
const AZ = '/usr/bin/az';
const mustHave = process.env.CI === 'true';
const haveSkopeo = existsSync(SKOPEO);
const haveAz = existsSync(AZ);
const NULL_GUID = '00000000-0000-0000-0000-000000000000';

let p: PlatformProcess;
let reg: TestRegistry;
let env: Record<string, string>;
let work: string;
let certDir: string;
let src: string;
let image: LayoutImage;
let pusher: TestServicePrincipal;
let puller: TestServicePrincipal;
let nobody: TestServicePrincipal;

before(async () => {
  if (!haveSkopeo) {
    if (mustHave) throw new Error('skopeo is required in CI: apt-get install -y skopeo');
    console.log('# skopeo not installed (apt-get install -y skopeo): registry client tests skipped');
    return;
  }
  p = await startPlatformProcess();
  work = mkdtempSync(join(tmpdir(), 'cerulean-skopeo-'));
  env = { ...(await cliEnvExports(p)), PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work };
  certDir = join(work, 'certs');
  mkdirSync(certDir);
  copyFileSync(p.runtime.caCert, join(certDir, 'ca.crt'));
  src = join(work, 'src');
  image = writeOciLayout(src, 'v1', 'skopeo');
  reg = await createRegistryThroughArm(p, 'skopeo-rg', 'ceruleanskopeo01');
  [pusher, puller, nobody] = await Promise.all([createServicePrincipal(p, 'sk-pusher'), createServicePrincipal(p, 'sk-puller'), createServicePrincipal(p, 'sk-nobody')]);
  await assignRole(p, reg.id, ACR_ROLES.AcrPush, pusher.objectId);
  // az finds the registry through the subscription's resource list, which needs read access there.
  await assignRole(p, `/subscriptions/${p.runtime.subscriptionId}`, ROLES.Reader, pusher.objectId);
  await assignRole(p, reg.id, ACR_ROLES.AcrPull, puller.objectId);
});
after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
  if (work) rmSync(work, { recursive: true, force: true });
});

function ok(r: RunResult): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

function skopeo(args: string[]): Promise<RunResult> {
  return runProcess(SKOPEO, ['--insecure-policy', ...args], { env, timeoutMs: 120_000, cwd: work });
}

type Auth = { creds: string } | { token: string } | 'none';
function authArgs(side: 'src' | 'dest', auth: Auth): string[] {
  if (auth === 'none') return [`--${side}-no-creds`];
  return 'creds' in auth ? [`--${side}-creds`, auth.creds] : [`--${side}-registry-token`, auth.token];
}

const push = (repo: string, auth: Auth) =>
  skopeo(['copy', '--dest-cert-dir', certDir, ...authArgs('dest', auth), `oci:${src}:v1`, `docker://${reg.loginServer}/${repo}:v1`]);

async function pullAndCompare(repo: string, auth: Auth): Promise<void> {
  const dst = mkdtempSync(join(work, 'dst-'));
  ok(await skopeo(['copy', '--src-cert-dir', certDir, ...authArgs('src', auth), `docker://${reg.loginServer}/${repo}:v1`, `oci:${dst}:v1`]));
  const back = readOciLayout(dst, 'v1');
  assert.equal(back.manifestDigest, image.manifestDigest);
  assert.deepEqual(back.layers, [image.layerDigest]);
}

const cerulean = (args: string[]) => runProcess(process.execPath, ['--import', 'tsx', entry, ...args], { env: { CERULEAN_HOME: p.home }, timeoutMs: 60_000 });

test('cerulean az acr login --expose-token: skopeo pushes and pulls; repository list and show-tags', { skip: !haveSkopeo && !mustHave }, async () => {
  ok(await cerulean(['az', 'login', '--service-principal', '-u', pusher.appId, '-p', pusher.secret, '--tenant', p.runtime.tenantId]));
  const r = await cerulean(['az', 'acr', 'login', '--name', reg.name, '--expose-token']);
  const token = JSON.parse(ok(r));
  assert.deepEqual(Object.keys(token), ['accessToken', 'loginServer']);
  assert.equal(token.loginServer, reg.loginServer);
  assert.match(r.stderr, /^WARNING: You can perform manual login using the provided access token below, for example: 'docker login loginServer -u 00000000-0000-0000-0000-000000000000 -p accessToken'$/m);
  ok(await push('cli/app', { creds: `${NULL_GUID}:${token.accessToken}` }));
  await pullAndCompare('cli/app', { creds: `${NULL_GUID}:${token.accessToken}` });
  assert.ok(JSON.parse(ok(await cerulean(['az', 'acr', 'repository', 'list', '-n', reg.name]))).includes('cli/app'));
  assert.deepEqual(JSON.parse(ok(await cerulean(['az', 'acr', 'repository', 'show-tags', '-n', reg.name, '--repository', 'cli/app']))), ['v1']);
});

test("Debian's az acr login --expose-token: skopeo pushes and pulls; az acr repository list|show-tags", { skip: (!haveSkopeo || !haveAz) && !mustHave }, async () => {
  const azEnv = { ...env, AZURE_CONFIG_DIR: mkdtempSync(join(work, 'azcfg-')) };
  const az = (args: string[]) => runProcess(AZ, args, { env: azEnv, timeoutMs: 180_000 });
  ok(await az(['login', '--service-principal', '-u', pusher.appId, '-p', pusher.secret, '--tenant', p.runtime.tenantId]));
  const r = await az(['acr', 'login', '--name', reg.name, '--expose-token']);
  const token = JSON.parse(ok(r));
  assert.equal(token.loginServer, reg.loginServer);
  assert.match(r.stderr, /You can perform manual login using the provided access token below/);
  ok(await push('debian/app', { creds: `${NULL_GUID}:${token.accessToken}` }));
  await pullAndCompare('debian/app', { creds: `${NULL_GUID}:${token.accessToken}` });
  const repos = JSON.parse(ok(await az(['acr', 'repository', 'list', '-n', reg.name, '-o', 'json'])));
  assert.ok(repos.includes('debian/app'), JSON.stringify(repos));
  assert.deepEqual(JSON.parse(ok(await az(['acr', 'repository', 'show-tags', '-n', reg.name, '--repository', 'debian/app', '-o', 'json']))), ['v1']);
});

test('/oauth2/exchange + /oauth2/token with a service principal Entra token: skopeo with registry tokens', { skip: !haveSkopeo && !mustHave }, async () => {
  const rt = await acrRefreshToken(p, reg.loginServer, await spEntraToken(p, pusher));
  const token = await acrAccessToken(p, reg.loginServer, rt, 'repository:oauth/app:pull,push');
  ok(await push('oauth/app', { token }));
  await pullAndCompare('oauth/app', { token });
});

test('refusals: AcrPull cannot push (denied), no roles cannot pull (denied), no credentials (unauthorized)', { skip: !haveSkopeo && !mustHave }, async () => {
  const pusherRt = await acrRefreshToken(p, reg.loginServer, await spEntraToken(p, pusher));
  ok(await push('refusal/app', { creds: `${NULL_GUID}:${pusherRt}` }));
  const pullerRt = await acrRefreshToken(p, reg.loginServer, await spEntraToken(p, puller));
  await pullAndCompare('refusal/app', { creds: `${NULL_GUID}:${pullerRt}` });
  let r = await push('puller/app', { creds: `${NULL_GUID}:${pullerRt}` });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /initiating layer upload to \/v2\/puller\/app\/blobs\/uploads\/ in [^:]+: denied/);
  const nobodyRt = await acrRefreshToken(p, reg.loginServer, await spEntraToken(p, nobody));
  const dst = mkdtempSync(join(work, 'refused-'));
  r = await skopeo(['copy', '--src-cert-dir', certDir, '--src-creds', `${NULL_GUID}:${nobodyRt}`, `docker://${reg.loginServer}/refusal/app:v1`, `oci:${dst}:v1`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /reading manifest v1 in [^:]+\/refusal\/app: denied/);
  r = await skopeo(['copy', '--src-cert-dir', certDir, '--src-no-creds', `docker://${reg.loginServer}/refusal/app:v1`, `oci:${dst}:v1`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /unauthorized|authentication required/);
});
