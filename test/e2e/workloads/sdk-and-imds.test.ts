/**
 * Real clients inside `cerulean exec`: @azure/identity (ManagedIdentityCredential, DefaultAzureCredential) on the
 * Azure ML protocol, and IMDS (`--imds`) reached by Python `requests` through the workload's proxy URL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { runProcess } from '../../support/run-node.js';
import { createGroup, createUai, ceruleanExec, fixtures, lastJsonLine, type Uai } from './fixtures/workloads-setup.js';

let p: PlatformProcess;
let first: Uai;
let second: Uai;

before(async () => {
  p = await startPlatformProcess();
  await createGroup(p, 'sdk');
  first = await createUai(p, 'sdk', 'first-id');
  second = await createUai(p, 'sdk', 'second-id');
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('@azure/identity ManagedIdentityCredential and DefaultAzureCredential get tokens inside a workload', async () => {
  const r = await ceruleanExec(p, ['--identity', first.id, '--identity', second.id, '--', process.execPath, join(fixtures, 'node-credentials.mjs'), second.properties.clientId]);
  assert.equal(r.code, 0, r.stderr);
  const out = lastJsonLine(r);
  assert.equal(out.mi.claims.appid, second.properties.clientId);
  assert.equal(out.mi.claims.aud, 'https://storage.azure.com');
  assert.equal(out.mi.claims.xms_mirid.toLowerCase(), second.id.toLowerCase());
  assert.ok(out.mi.expiresOnTimestamp > Date.now() + 3600_000);
  // DefaultAzureCredential falls to the managed identity and takes the default (first) identity.
  assert.equal(out.dac.claims.appid, first.properties.clientId);
  assert.equal(out.dac.claims.aud, 'https://management.azure.com');
});

test('with --imds, Python requests gets a token from 169.254.169.254 through the proxy', async () => {
  const r = await ceruleanExec(p, ['--imds', '--identity', first.id, '--', '/bin/sh', '-c', `env | grep -c '^MSI_' ; /usr/bin/python3 ${join(fixtures, 'imds-requests.py')}`]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], '0');
  const out = lastJsonLine(r);
  assert.equal(out.probe, 400);
  assert.equal(out.probe_body.error, 'bad_request_102');
  assert.equal(out.status, 200);
  assert.equal(out.body.resource, 'https://management.azure.com/');
  assert.equal(typeof out.body.expires_in, 'string');
  assert.equal(out.claims.appid, first.properties.clientId);
  assert.equal(out.claims.xms_mirid.toLowerCase(), first.id.toLowerCase());

  const notHeld = await ceruleanExec(p, ['--imds', '--identity', first.id, '--', '/usr/bin/python3', join(fixtures, 'imds-requests.py'), 'https://management.azure.com/', second.properties.clientId]);
  const refused = lastJsonLine(notHeld);
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error, 'invalid_request');
});

test('IMDS answers callers that are not workloads as unreachable', async () => {
  const url = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/';
  for (const proxy of [p.runtime.proxyUrl, p.runtime.proxyUrl.replace('http://', 'http://wfake:guess@')]) {
    const r = await runProcess('/usr/bin/curl', ['-s', '-x', proxy, '-H', 'Metadata: true', '-w', '\n%{http_code}', url]);
    const [body, status] = r.stdout.split('\n');
    assert.equal(status, '403');
    assert.match(JSON.parse(body).error_description, /unreachable/);
  }
});
