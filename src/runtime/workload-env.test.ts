import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkloadEnv } from './workload-env.js';
import type { Workload } from './workload-registry.js';

const workload: Workload = {
  id: 'w0123456789ab',
  secret: 'S3cr-et_x',
  pathSecret: 'abcdef',
  identities: [
    { resourceId: '/x/a', clientId: 'client-a', principalId: 'p', tenantId: 't', kind: 'userAssigned' },
    { resourceId: '/x/b', clientId: 'client-b', principalId: 'q', tenantId: 't', kind: 'userAssigned' },
  ],
  description: 'exec',
  createdAt: 0,
};
const sandbox = { dir: '/d/w', home: '/d/w/home', tmp: '/d/w/tmp', azureConfig: '/d/w/home/.azure' };
const base = {
  PATH: '/usr/bin',
  HOME: '/root',
  TMPDIR: '/tmp',
  AZURE_CONFIG_DIR: '/root/.azure',
  https_proxy: 'http://elsewhere',
  MSI_SECRET: 'stale',
  IDENTITY_ENDPOINT: 'http://stale',
  LANG: 'C.UTF-8',
};
const common = { base, workload, sandbox, msiEndpoint: 'http://127.0.0.1:4000/msi/token', proxyUrl: 'http://127.0.0.1:3000', caBundle: '/ca/bundle.pem', caCert: '/ca/ca.pem' };

test('Azure ML compute variables, the sandbox and the workload proxy credentials', () => {
  const env = buildWorkloadEnv(common);
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.LANG, 'C.UTF-8');
  assert.equal(env.HOME, '/d/w/home');
  assert.equal(env.TMPDIR, '/d/w/tmp');
  assert.equal(env.AZURE_CONFIG_DIR, '/d/w/home/.azure');
  assert.equal(env.MSI_ENDPOINT, 'http://127.0.0.1:4000/msi/token');
  assert.equal(env.MSI_SECRET, 'S3cr-et_x');
  assert.equal(env.DEFAULT_IDENTITY_CLIENT_ID, 'client-a');
  assert.equal(env.APPSETTING_WEBSITE_SITE_NAME, 'AMLComputeInstance');
  for (const k of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) assert.equal(env[k], 'http://w0123456789ab:S3cr-et_x@127.0.0.1:3000');
  assert.equal(env.NO_PROXY, 'localhost,127.0.0.1');
  assert.equal(env.REQUESTS_CA_BUNDLE, '/ca/bundle.pem');
  assert.equal(env.SSL_CERT_FILE, '/ca/bundle.pem');
  assert.equal(env.CURL_CA_BUNDLE, '/ca/bundle.pem');
  assert.equal(env.NODE_EXTRA_CA_CERTS, '/ca/ca.pem');
  assert.equal(env.IDENTITY_ENDPOINT, undefined);
  assert.equal(env.IDENTITY_HEADER, undefined);
});

test('IMDS-only workloads get no MSI variables; App Service variables on request', () => {
  const imds = buildWorkloadEnv({ ...common, imds: true });
  for (const k of ['MSI_ENDPOINT', 'MSI_SECRET', 'DEFAULT_IDENTITY_CLIENT_ID', 'APPSETTING_WEBSITE_SITE_NAME', 'IDENTITY_ENDPOINT']) assert.equal(imds[k], undefined, k);
  assert.equal(imds.HTTP_PROXY, 'http://w0123456789ab:S3cr-et_x@127.0.0.1:3000');
  const app = buildWorkloadEnv({ ...common, appService: true });
  assert.equal(app.IDENTITY_ENDPOINT, 'http://127.0.0.1:4000/msi/token');
  assert.equal(app.IDENTITY_HEADER, 'S3cr-et_x');
});
