import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpRequest, HttpResponse } from '../../http/transport.js';
import { runCli } from '../../main.js';
import { denialsPath, parseTop } from './denials-command.js';
import { denialsTable, localTime, truncate } from './denials-table.js';

const TENANT = '11111111-1111-1111-1111-111111111111';
const SUB = '22222222-2222-2222-2222-222222222222';
const USER_OID = '55555555-5555-5555-5555-555555555555';
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
const EXPLANATION =
  `No role assignment of principal ${USER_OID} grants action 'Microsoft.Storage/storageAccounts/write' at scope ${RG}/providers/Microsoft.Storage/storageAccounts/acct. ` +
  "Considered: Reader at /subscriptions/x (action not in role). Assigning 'Contributor' at … would grant it.";

function denial(time: string) {
  return {
    id: `${RG}/providers/Cerulean.Authorization/denials/d1`,
    name: 'd1',
    type: 'Cerulean.Authorization/denials',
    properties: {
      time,
      principalId: USER_OID,
      principalName: 'eve@contoso.test',
      principalType: 'User',
      action: 'Microsoft.Storage/storageAccounts/write',
      isDataAction: false,
      scope: `${RG}/providers/Microsoft.Storage/storageAccounts/acct`,
      plane: 'arm',
      enforced: true,
      explanation: EXPLANATION,
      suggestions: [
        { roleName: 'Contributor', roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`, scope: `${RG}/providers/Microsoft.Storage/storageAccounts/acct` },
      ],
    },
  };
}

function jwt(claims: Record<string, unknown>): string {
  const b = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'none' })}.${b(claims)}.sig`;
}

function fakeCloud() {
  const seen: string[] = [];
  const json = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, text: JSON.stringify(body) });
  const transport = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(req.url);
    seen.push(`${req.method} ${decodeURIComponent(req.url)}`);
    if (url.host === 'login.microsoftonline.com') {
      return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: jwt({ tid: TENANT }), refresh_token: 'rt' });
    }
    if (url.host === 'graph.microsoft.com') {
      if (url.pathname === '/v1.0/users') return json(200, { value: [{ id: USER_OID, userPrincipalName: 'eve@contoso.test' }] });
      return json(200, { value: [] });
    }
    if (url.pathname === '/subscriptions') return json(200, { value: [{ subscriptionId: SUB, displayName: 'Sub', state: 'Enabled', tenantId: TENANT }] });
    if (url.pathname.endsWith('/providers/Cerulean.Authorization/denials')) return json(200, { value: [denial('2026-01-02T03:04:05.000Z')] });
    return json(404, { error: { code: 'NotFound', message: 'no route' } });
  };
  return { transport, seen };
}

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-home-'));
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
  return dir;
}

async function run(argv: string[]) {
  const cloud = fakeCloud();
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: { CERULEAN_HOME: home() },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    transport: cloud.transport,
    now: () => Date.UTC(2030, 0, 1),
    newId: () => '44444444-4444-4444-4444-444444444444',
    sleep: async () => {},
  });
  return { code, stdout, stderr, seen: cloud.seen.filter((s) => s.includes('denials')), graph: cloud.seen.filter((s) => s.includes('graph.microsoft.com')) };
}

test('default scope is the current subscription; -o json prints the API items', async () => {
  const r = await run(['denials']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.seen, [`GET https://management.azure.com/subscriptions/${SUB}/providers/Cerulean.Authorization/denials?api-version=2026-01-01`]);
  // Like az, items whose id is under a resource group gain `resourceGroup`.
  assert.deepEqual(JSON.parse(r.stdout), [{ ...denial('2026-01-02T03:04:05.000Z'), resourceGroup: 'rg' }]);
});

test('--principal by UPN resolves through Graph; --scope and --top are sent as given', async () => {
  const r = await run(['denials', '--scope', `${RG}/`, '--principal', 'eve@contoso.test', '--top', '5']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.graph[0], /\/v1\.0\/users\?\$filter=userPrincipalName eq 'eve@contoso\.test'/);
  assert.deepEqual(r.seen, [
    `GET https://management.azure.com${RG}/providers/Cerulean.Authorization/denials?$filter=principalId eq '${USER_OID}'&$top=5&api-version=2026-01-01`,
  ]);
});

test('-o table: time in local time, truncated explanation, suggested role @ scope', async () => {
  const r = await run(['denials', '-g', 'rg', '-o', 'table']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.seen[0], `GET https://management.azure.com${RG}/providers/Cerulean.Authorization/denials?api-version=2026-01-01`);
  const [header, dashes, row] = r.stdout.split('\n');
  assert.match(header, /^Time\s+Principal\s+Action\s+Scope\s+Explanation\s+Suggested role @ scope$/);
  assert.match(dashes, /^-+ {2}-+/);
  assert.ok(row.startsWith(localTime('2026-01-02T03:04:05.000Z')));
  assert.match(row, /eve@contoso\.test\s+Microsoft\.Storage\/storageAccounts\/write/);
  assert.match(row, /No role assignment of principal .*…\s+Contributor @ \/subscriptions\/.*\/storageAccounts\/acct$/);
});

test('a bad --top is a usage error (exit 2) before any request', async () => {
  const r = await run(['denials', '--top', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--top/);
  assert.deepEqual(r.seen, []);
});

test('helpers: paths, top, local time, truncation, table rows', () => {
  assert.equal(denialsPath('subscriptions/s/'), '/subscriptions/s/providers/Cerulean.Authorization/denials');
  assert.equal(parseTop('3'), 3);
  assert.throws(() => parseTop('x'), /--top/);
  const d = new Date(2026, 4, 6, 7, 8, 9);
  assert.equal(localTime(d.toISOString()), '2026-05-06 07:08:09');
  assert.equal(localTime('nope'), '');
  assert.equal(truncate('a  b\nc', 10), 'a b c');
  assert.equal(truncate('abcdefghijk', 5), 'abcd…');
  const [row] = denialsTable([denial('2026-01-02T03:04:05.000Z')]);
  assert.equal(row.Principal, 'eve@contoso.test');
  assert.equal((row.Explanation as string).length, 80);
  assert.deepEqual(denialsTable([{ properties: { principalId: 'oid', suggestions: [] } }])[0]['Suggested role @ scope'], '');
});
