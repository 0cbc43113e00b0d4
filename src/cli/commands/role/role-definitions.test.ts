import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArmClient } from '../../http/arm-client.js';
import { HttpClient } from '../../http/http-client.js';
import type { HttpRequest } from '../../http/transport.js';
import { pickRoleByName, resolveRoleId, type RoleDefinition } from './role-definitions.js';

const SUB = '00000000-0000-0000-0000-00000000000a';
const def = (guid: string, roleName: string): RoleDefinition => ({
  id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
  name: guid,
  type: 'Microsoft.Authorization/roleDefinitions',
  properties: { roleName, type: 'BuiltInRole' },
});
const MIO = def('f1a07417-d97a-45cb-824c-7a7467783830', 'Managed Identity Operator');
const READER = def('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader');
const SBDR = def('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'Storage Blob Data Reader');
const ALL = [MIO, READER, SBDR];

test('pickRoleByName: exact, case-insensitive, then loose (case and spaces ignored)', () => {
  assert.deepEqual(pickRoleByName('Reader', ALL), { kind: 'one', definition: READER, loose: false });
  assert.deepEqual(pickRoleByName('reader', ALL), { kind: 'one', definition: READER, loose: false });
  assert.deepEqual(pickRoleByName('managedidentityoperator', ALL), { kind: 'one', definition: MIO, loose: true });
  assert.deepEqual(pickRoleByName('Storage BlobData  reader', ALL), { kind: 'one', definition: SBDR, loose: true });
  assert.deepEqual(pickRoleByName('Contributor', ALL), { kind: 'none' });
});

test('pickRoleByName: an exact name wins over loose candidates; several loose candidates are ambiguous', () => {
  const spaced = def('11111111-1111-1111-1111-111111111111', 'My Role');
  const joined = def('22222222-2222-2222-2222-222222222222', 'MyRole');
  assert.deepEqual(pickRoleByName('MyRole', [spaced, joined]), { kind: 'one', definition: joined, loose: false });
  const r = pickRoleByName('myrole', [spaced, def('33333333-3333-3333-3333-333333333333', 'my role')]);
  assert.equal(r.kind, 'ambiguous');
});

/** An ARM stub whose roleName filter is exact (as a strict server could be), recording requests. */
function armStub() {
  const requests: string[] = [];
  const transport = async (req: HttpRequest) => {
    requests.push(`${req.method} ${decodeURIComponent(req.url)}`);
    const url = new URL(req.url);
    const filter = url.searchParams.get('$filter');
    const m = filter ? /^roleName eq '(.*)'$/.exec(filter) : null;
    const value = m ? ALL.filter((d) => d.properties!.roleName === m[1]) : ALL;
    return { status: 200, headers: {}, text: JSON.stringify({ value }) };
  };
  const log = { debug() {}, info() {}, warn() {} };
  const arm = new ArmClient(new HttpClient(transport, log, () => 'id'), async () => 'token', async () => {});
  return { arm, requests };
}

test('resolveRoleId: full ids and GUIDs need no request', async () => {
  const { arm, requests } = armStub();
  assert.equal(await resolveRoleId(arm, READER.id, '/x', SUB, () => {}), READER.id);
  assert.equal(await resolveRoleId(arm, READER.name!, '/x', SUB, () => {}), READER.id);
  assert.deepEqual(requests, []);
});

test('resolveRoleId: a name uses the roleName filter at the scope', async () => {
  const { arm, requests } = armStub();
  const scope = `/subscriptions/${SUB}/resourceGroups/rg`;
  assert.equal(await resolveRoleId(arm, 'Storage Blob Data Reader', scope, SUB, () => {}), SBDR.id);
  assert.deepEqual(requests, [
    `GET https://management.azure.com${scope}/providers/Microsoft.Authorization/roleDefinitions?$filter=roleName eq 'Storage Blob Data Reader'&api-version=2022-04-01`,
  ]);
});

test('resolveRoleId: a loose name falls back to the full list and reports the chosen role', async () => {
  const { arm, requests } = armStub();
  const warnings: string[] = [];
  assert.equal(await resolveRoleId(arm, 'managedidentityoperator', `/subscriptions/${SUB}`, SUB, (m) => warnings.push(m)), MIO.id);
  assert.equal(requests.length, 2);
  assert.match(warnings.join('\n'), /'managedidentityoperator' is taken to mean 'Managed Identity Operator'/);
  await assert.rejects(resolveRoleId(arm, 'nosuchrole', `/subscriptions/${SUB}`, SUB, () => {}), /Role 'nosuchrole' doesn't exist\./);
});
