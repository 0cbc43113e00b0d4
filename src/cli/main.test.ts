import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpRequest, HttpResponse } from './http/transport.js';
import { runCli } from './main.js';

const TENANT = '11111111-1111-1111-1111-111111111111';
const SUB = '22222222-2222-2222-2222-222222222222';
const SP_OID = '33333333-3333-3333-3333-333333333333';
const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;

function jwt(claims: Record<string, unknown>): string {
  const b = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'none' })}.${b(claims)}.sig`;
}

/** A fake cloud answering the wire protocol the CLI speaks; records every request. */
function fakeCloud() {
  const seen: Array<{ method: string; url: string; form?: URLSearchParams; body?: unknown }> = [];
  const assignments: Array<Record<string, unknown>> = [];
  const json = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, text: JSON.stringify(body) });
  const transport = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(req.url);
    const text = typeof req.body === 'string' ? req.body : undefined;
    const form = req.headers['Content-Type'] === 'application/x-www-form-urlencoded' ? new URLSearchParams(text) : undefined;
    seen.push({ method: req.method, url: decodeURIComponent(req.url), form, body: form || !text ? undefined : JSON.parse(text) });
    const path = url.pathname;
    if (url.host === 'login.microsoftonline.com') {
      return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: jwt({ tid: TENANT, scp: form?.get('scope') }), refresh_token: `rt-${seen.length}` });
    }
    if (url.host === 'graph.microsoft.com') {
      if (path === '/v1.0/servicePrincipals') return json(200, { value: [] });
      if (path === '/v1.0/directoryObjects/getByIds') {
        return json(200, { value: [{ '@odata.type': '#microsoft.graph.servicePrincipal', id: SP_OID, servicePrincipalNames: ['app-1'] }] });
      }
    }
    if (path === '/subscriptions') return json(200, { value: [{ subscriptionId: SUB, displayName: 'Sub One', state: 'Enabled', tenantId: TENANT }] });
    if (/resourcegroups\/nope$/.test(path)) return json(404, { error: { code: 'ResourceGroupNotFound', message: "Resource group 'nope' could not be found." } });
    if (path.endsWith('/roleDefinitions')) return json(200, { value: [{ id: READER, name: READER.split('/').pop(), properties: { roleName: 'Reader' } }] });
    if (path.includes('/roleAssignments/') && req.method === 'PUT') {
      const props = (JSON.parse(text!) as { properties: Record<string, unknown> }).properties;
      const scope = path.split('/providers/Microsoft.Authorization')[0];
      if (assignments.some((a) => (a.properties as Record<string, unknown>).principalId === props.principalId)) {
        return json(409, { error: { code: 'RoleAssignmentExists', message: 'The role assignment already exists.' } });
      }
      const a = { id: path, name: path.split('/').pop(), type: 'Microsoft.Authorization/roleAssignments', properties: { ...props, scope } };
      assignments.push(a);
      return json(201, a);
    }
    if (path.endsWith('/roleAssignments')) return json(200, { value: assignments });
    return json(404, { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } });
  };
  return { transport, seen };
}

function home(withRuntime = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-home-'));
  if (withRuntime) {
    writeFileSync(join(dir, 'admin-credentials.json'), JSON.stringify({ username: 'admin@contoso.test', password: 'pw', tenantId: TENANT, objectId: 'x' }));
    mkdirSync(join(dir, 'ca'));
    writeFileSync(
      join(dir, 'runtime.json'),
      JSON.stringify({
        pid: process.pid, startedAt: '', proxyUrl: 'http://127.0.0.1:1', direct: {}, caCert: join(dir, 'ca', 'ca.pem'),
        caBundle: join(dir, 'ca', 'bundle.pem'), tenantId: TENANT, subscriptionId: SUB, enforcement: 'strict',
        adminCredentials: join(dir, 'admin-credentials.json'),
      }),
    );
  }
  return dir;
}

async function run(argv: string[], h: string, cloud = fakeCloud(), now = () => Date.UTC(2030, 0, 1)) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: { CERULEAN_HOME: h },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    transport: cloud.transport,
    now,
    newId: () => '44444444-4444-4444-4444-444444444444',
    sleep: async () => {},
  });
  return { code, stdout, stderr, seen: cloud.seen };
}

test('no runtime.json: a clear error and exit 1', async () => {
  const h = home(false);
  const r = await run(['az', 'group', 'list'], h);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `ERROR: Cerulean is not running (no runtime.json in ${h}). Start it with \`cerulean start\`.\n`);
});

test('first use signs in as admin (password grant, az client id), lists subscriptions, then prints ARM errors like az', async () => {
  const h = home();
  const r = await run(['az', 'group', 'show', '-n', 'nope'], h);
  assert.equal(r.code, 3);
  assert.equal(r.stderr, "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'nope' could not be found.\n");
  const [tokenReq, subsReq, groupReq] = r.seen;
  assert.equal(tokenReq.url, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
  assert.equal(tokenReq.form?.get('grant_type'), 'password');
  assert.equal(tokenReq.form?.get('client_id'), '04b07795-8ddb-461a-bbee-02f9e1bf7b46');
  assert.equal(tokenReq.form?.get('scope'), 'https://management.core.windows.net//.default offline_access openid profile');
  assert.equal(subsReq.url, 'https://management.azure.com/subscriptions?api-version=2022-12-01');
  assert.equal(groupReq.url, `https://management.azure.com/subscriptions/${SUB}/resourcegroups/nope?api-version=2021-04-01`);

  const show = await run(['az', 'account', 'show', '--query', '{n:name, u:user.name, t:user.type}', '-o', 'tsv'], h);
  assert.equal(show.stdout, 'Sub One\tadmin@contoso.test\tuser\n');
  assert.equal(show.seen.length, 0, 'account show is local');
});

test('tokens for another audience come from the refresh token; near expiry the ARM token is refreshed', async () => {
  const h = home();
  await run(['az', 'account', 'show'], h);
  const g = await run(['az', 'account', 'get-access-token', '--resource', 'https://storage.azure.com/', '--query', 'tokenType', '-o', 'tsv'], h);
  assert.equal(g.stdout, 'Bearer\n');
  assert.equal(g.seen[0].form?.get('grant_type'), 'refresh_token');
  assert.equal(g.seen[0].form?.get('scope'), 'https://storage.azure.com//.default offline_access openid profile');
  const cached = await run(['az', 'account', 'get-access-token', '--resource', 'https://storage.azure.com/', '-o', 'none'], h);
  assert.equal(cached.seen.length, 0, 'cached token reused');
  const later = await run(['az', 'account', 'get-access-token', '-o', 'none'], h, fakeCloud(), () => Date.UTC(2030, 0, 1) + 58 * 60_000);
  assert.equal(later.seen[0].form?.get('grant_type'), 'refresh_token');
});

test('role assignment create --assignee <guid>: Graph lookups, roleName filter, PUT; a duplicate is idempotent (409)', async () => {
  const h = home();
  const cloud = fakeCloud();
  const scope = `/subscriptions/${SUB}/resourceGroups/rg`;
  const argv = ['az', 'role', 'assignment', 'create', '--assignee', SP_OID, '--role', 'Reader', '--scope', scope];
  const first = await run(argv, h, cloud);
  assert.equal(first.code, 0, first.stderr);
  const out = JSON.parse(first.stdout);
  assert.equal(out.principalType, 'ServicePrincipal');
  assert.equal(out.roleDefinitionId, READER);
  assert.equal(out.resourceGroup, 'rg');
  assert.equal(out.condition, null);
  const urls = cloud.seen.map((s) => `${s.method} ${s.url}`);
  assert.ok(urls.includes(`GET https://graph.microsoft.com/v1.0/servicePrincipals?$filter=servicePrincipalNames/any(c:c eq '${SP_OID}')`));
  assert.ok(urls.includes('POST https://graph.microsoft.com/v1.0/directoryObjects/getByIds'));
  assert.ok(urls.includes(`GET https://management.azure.com${scope}/providers/Microsoft.Authorization/roleDefinitions?$filter=roleName eq 'Reader'&api-version=2022-04-01`));
  const put = cloud.seen.find((s) => s.method === 'PUT')!;
  assert.equal(put.url, `https://management.azure.com${scope}/providers/Microsoft.Authorization/roleAssignments/44444444-4444-4444-4444-444444444444?api-version=2022-04-01`);
  assert.deepEqual(put.body, { properties: { roleDefinitionId: READER, principalId: SP_OID, principalType: 'ServicePrincipal' } });

  const again = await run([...argv, '--query', '{r:roleDefinitionName, p:principalName}', '-o', 'tsv'], h, cloud);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'Reader\tapp-1\n');
});

test('env prints shell exports from runtime.json (NO_PROXY without the IMDS address)', async () => {
  const h = home();
  const r = await run(['env'], h);
  assert.match(r.stdout, /^export HTTPS_PROXY=http:\/\/127\.0\.0\.1:1$/m);
  assert.match(r.stdout, /^export no_proxy=localhost,127\.0\.0\.1$/m);
  assert.match(r.stdout, new RegExp(`^export REQUESTS_CA_BUNDLE=${join(h, 'ca', 'bundle.pem').replace(/[/.]/g, '\\$&')}$`, 'm'));
  assert.match(r.stdout, /^export AZURE_CORE_COLLECT_TELEMETRY=false$/m);
  assert.doesNotMatch(r.stdout, /169\.254/);
  assert.match((await run(['env', '--unset'], home(false))).stdout, /^unset HTTPS_PROXY https_proxy .* NODE_EXTRA_CA_CERTS AZURE_CORE_COLLECT_TELEMETRY\n$/);
});
