import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_ROLE_IDS as IDS, BUILT_IN_ROLES } from './built-in-roles.js';
import { AuthzSnapshot, type AccessCheck } from './evaluate.js';
import { checkLinear } from './linear-evaluate.js';
import type { RoleAssignment, RoleDefinition } from './types.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG1 = `${SUB}/resourceGroups/rg1`;
const RG10 = `${SUB}/resourceGroups/rg10`;
const WS = `${RG1}/providers/Microsoft.MachineLearningServices/workspaces/ws`;
const EP = `${WS}/onlineEndpoints/ep`;
const USER = 'aaaaaaaa-0000-0000-0000-000000000001';
const GROUP = 'bbbbbbbb-0000-0000-0000-000000000002';
const OTHER = 'cccccccc-0000-0000-0000-000000000003';
const WS_READ = 'Microsoft.MachineLearningServices/workspaces/read';
const WS_WRITE = 'Microsoft.MachineLearningServices/workspaces/write';
const BLOB_READ = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
const CONTAINER = '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]';

let n = 0;
function ra(principalId: string, roleDefinitionName: string, scope: string, extra: Partial<RoleAssignment> = {}): RoleAssignment {
  n++;
  return { name: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`, scope, roleDefinitionName, principalId, ...extra };
}

function req(action: string, scope: string, extra: Partial<AccessCheck> = {}): AccessCheck {
  return { principalIds: [USER], action, dataAction: false, scope, ...extra };
}

test('an assignment at a scope covers the scope and its descendants, not its parents', () => {
  const snap = new AuthzSnapshot([ra(USER, IDS.reader, WS)], BUILT_IN_ROLES);
  assert.equal(snap.check(req(WS_READ, WS)).allowed, true);
  assert.equal(snap.check(req(WS_READ, EP)).allowed, true);
  assert.equal(snap.check(req(WS_READ, RG1)).allowed, false);
  assert.equal(snap.check(req(WS_READ, SUB)).allowed, false);
});

test('scopes compare case-insensitively by whole segments; /rg1 does not cover /rg10', () => {
  const snap = new AuthzSnapshot([ra(USER, IDS.reader, RG1)], BUILT_IN_ROLES);
  assert.equal(snap.check(req(WS_READ, RG10)).allowed, false);
  assert.equal(snap.check(req(WS_READ, `${RG10}/providers/Microsoft.Storage/storageAccounts/a`)).allowed, false);
  assert.equal(snap.check(req(WS_READ, WS.toUpperCase())).allowed, true);
  assert.equal(snap.check(req(WS_READ, WS + '/')).allowed, true);
  assert.equal(snap.check(req(WS_READ, WS.replace('/resourceGroups/', '//resourceGroups/'))).allowed, true);
  const d = snap.check(req(WS_READ, RG10));
  assert.deepEqual(d.considered.map((c) => c.outcome), ['scope-does-not-cover']);
});

test('a root (/) assignment covers every scope', () => {
  const snap = new AuthzSnapshot([ra(USER, IDS.reader, '/')], BUILT_IN_ROLES);
  assert.equal(snap.check(req(WS_READ, EP)).allowed, true);
});

test('group assignments apply when the group id is among the principal ids', () => {
  const snap = new AuthzSnapshot([ra(GROUP, IDS.contributor, RG1)], BUILT_IN_ROLES);
  assert.equal(snap.check(req(WS_WRITE, WS)).allowed, false);
  const d = snap.check(req(WS_WRITE, WS, { principalIds: [USER, GROUP.toUpperCase()] }));
  assert.equal(d.allowed, true);
  assert.equal(d.grantedBy?.role.roleName, 'Contributor');
  assert.equal(d.grantedBy?.assignment.principalId, GROUP);
});

test('other principals’ assignments are neither used nor listed', () => {
  const snap = new AuthzSnapshot([ra(OTHER, IDS.owner, SUB), ra(USER, IDS.reader, SUB)], BUILT_IN_ROLES);
  const d = snap.check(req(WS_WRITE, WS));
  assert.equal(d.allowed, false);
  assert.equal(d.considered.length, 1);
  assert.equal(d.considered[0].role?.roleName, 'Reader');
  assert.equal(d.considered[0].outcome, 'action-not-in-role');
});

test('NotActions subtract within one block; a second assignment still grants (union)', () => {
  const onlyContributor = new AuthzSnapshot([ra(USER, IDS.contributor, SUB)], BUILT_IN_ROLES);
  const write = 'Microsoft.Authorization/roleAssignments/write';
  const d1 = onlyContributor.check(req(write, RG1));
  assert.equal(d1.allowed, false);
  assert.equal(d1.considered[0].outcome, 'excluded-by-not-actions');

  const withUaa = new AuthzSnapshot([ra(USER, IDS.contributor, SUB), ra(USER, IDS.userAccessAdministrator, RG1)], BUILT_IN_ROLES);
  const d2 = withUaa.check(req(write, RG1));
  assert.equal(d2.allowed, true);
  assert.equal(d2.grantedBy?.role.roleName, 'User Access Administrator');
  assert.deepEqual(d2.considered.map((c) => c.outcome), ['excluded-by-not-actions', 'granted']);
});

test('NotActions of one block do not cancel another block of the same role', () => {
  const role: RoleDefinition = {
    name: '99999999-0000-0000-0000-000000000001',
    roleName: 'Two Blocks',
    description: 'test',
    roleType: 'CustomRole',
    assignableScopes: [SUB],
    permissions: [
      { actions: ['Microsoft.Compute/*'], notActions: ['Microsoft.Compute/virtualMachines/delete'], dataActions: [], notDataActions: [] },
      { actions: ['Microsoft.Compute/virtualMachines/delete'], notActions: [], dataActions: [], notDataActions: [] },
    ],
  };
  const snap = new AuthzSnapshot([ra(USER, role.name, SUB)], [role]);
  assert.equal(snap.check(req('Microsoft.Compute/virtualMachines/delete', RG1)).allowed, true);
});

test('actions and data actions are kept apart', () => {
  const snap = new AuthzSnapshot([ra(USER, IDS.owner, SUB)], BUILT_IN_ROLES);
  const d = snap.check(req(BLOB_READ, RG1, { dataAction: true }));
  assert.equal(d.allowed, false);
  assert.equal(d.considered[0].outcome, 'action-not-in-role');
  const reader = new AuthzSnapshot([ra(USER, IDS.storageBlobDataReader, RG1)], BUILT_IN_ROLES);
  assert.equal(reader.check(req(BLOB_READ, RG1, { dataAction: true })).allowed, true);
  assert.equal(reader.check(req(BLOB_READ, RG1, { dataAction: false })).allowed, false);
});

test('an unknown role never grants and is reported', () => {
  const snap = new AuthzSnapshot([ra(USER, '12345678-0000-0000-0000-000000000000', SUB)], BUILT_IN_ROLES);
  const d = snap.check(req(WS_READ, RG1));
  assert.equal(d.allowed, false);
  assert.equal(d.considered[0].outcome, 'role-not-found');
  assert.equal(d.considered[0].role, undefined);
});

test('roleDefinitionName may be given as a full role definition id', () => {
  const snap = new AuthzSnapshot(
    [ra(USER, `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${IDS.reader.toUpperCase()}`, SUB)],
    BUILT_IN_ROLES,
  );
  assert.equal(snap.check(req(WS_READ, RG1)).allowed, true);
});

test('assignment conditions: met, not met, unparseable, wrong version', () => {
  const condition = `((!(ActionMatches{'${BLOB_READ}'})) OR (${CONTAINER} StringEquals 'public'))`;
  const mk = (extra: Partial<RoleAssignment>) =>
    new AuthzSnapshot([ra(USER, IDS.storageBlobDataReader, RG1, extra)], BUILT_IN_ROLES);
  const ok = mk({ condition, conditionVersion: '2.0' });
  const inPublic = req(BLOB_READ, RG1, { dataAction: true, attributes: { [CONTAINER]: 'public' } });
  const inPrivate = req(BLOB_READ, RG1, { dataAction: true, attributes: { [CONTAINER]: 'private' } });
  assert.equal(ok.check(inPublic).allowed, true);
  const d = ok.check(inPrivate);
  assert.equal(d.allowed, false);
  assert.equal(d.considered[0].outcome, 'condition-not-met');
  // The condition does not target the container read action, which the role grants.
  assert.equal(ok.check(req('Microsoft.Storage/storageAccounts/blobServices/containers/read', RG1)).allowed, true);
  assert.equal(mk({ condition: `((${CONTAINER} StringEquals`, conditionVersion: '2.0' }).check(inPublic).allowed, false);
  assert.equal(mk({ condition, conditionVersion: '1.0' }).check(inPublic).allowed, false);
});

test('permission-block conditions gate only their own block', () => {
  const role: RoleDefinition = {
    name: '99999999-0000-0000-0000-000000000002',
    roleName: 'Conditional Writer',
    description: 'test',
    roleType: 'CustomRole',
    assignableScopes: [SUB],
    permissions: [
      { actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] },
      {
        actions: ['Microsoft.Authorization/roleAssignments/write'],
        notActions: [],
        dataActions: [],
        notDataActions: [],
        condition: `@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{${IDS.acrPull.replace(/-/g, '')}}`,
        conditionVersion: '2.0',
      },
    ],
  };
  const snap = new AuthzSnapshot([ra(USER, role.name, SUB)], [role]);
  const key = '@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]';
  const write = 'Microsoft.Authorization/roleAssignments/write';
  assert.equal(snap.check(req(WS_READ, RG1)).allowed, true);
  assert.equal(snap.check(req(write, RG1, { attributes: { [key]: IDS.acrPull } })).allowed, true);
  const d = snap.check(req(write, RG1, { attributes: { [key]: IDS.owner } }));
  assert.equal(d.allowed, false);
  assert.equal(d.considered[0].outcome, 'condition-not-met');
});

test('the snapshot is immune to later changes of its inputs', () => {
  const list = [ra(USER, IDS.reader, SUB)];
  const snap = new AuthzSnapshot(list, BUILT_IN_ROLES);
  list[0].scope = RG10;
  list.push(ra(USER, IDS.owner, SUB));
  assert.equal(snap.check(req(WS_READ, RG1)).allowed, true);
  assert.equal(snap.check(req(WS_WRITE, RG1)).allowed, false);
  assert.equal(snap.assignmentCount, 1);
  assert.throws(() => {
    (snap.check(req(WS_READ, RG1)).grantedBy!.assignment as RoleAssignment).scope = '/';
  });
});

test('isAllowed agrees with check, and both agree with the linear scan on random cases', () => {
  // Deterministic pseudo-random generator (mulberry32).
  let seed = 12345;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const principals = Array.from({ length: 8 }, (_, i) => `dddddddd-0000-0000-0000-00000000000${i}`);
  const scopes = [
    '/', SUB, RG1, RG10, WS, EP,
    `${RG1}/providers/Microsoft.Storage/storageAccounts/acct`,
    `${RG10}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai`,
  ];
  const actions: Array<[string, boolean]> = [
    [WS_READ, false], [WS_WRITE, false], [BLOB_READ, true], [BLOB_READ, false],
    ['Microsoft.Authorization/roleAssignments/write', false],
    ['Microsoft.ManagedIdentity/userAssignedIdentities/assign/action', false],
    ['Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action', false],
    ['Microsoft.MachineLearningServices/workspaces/computes/write', false],
  ];
  const assignments = Array.from({ length: 60 }, () =>
    ra(pick(principals), pick(BUILT_IN_ROLES).name, pick(scopes)),
  );
  const snap = new AuthzSnapshot(assignments, BUILT_IN_ROLES);
  let allowed = 0;
  for (let i = 0; i < 2000; i++) {
    const [action, dataAction] = pick(actions);
    const r: AccessCheck = { principalIds: [pick(principals), pick(principals)], action, dataAction, scope: pick(scopes) };
    const expected = checkLinear(assignments, BUILT_IN_ROLES, r);
    assert.equal(snap.check(r).allowed, expected, JSON.stringify(r));
    assert.equal(snap.isAllowed(r), expected);
    if (expected) allowed++;
  }
  assert.ok(allowed > 200 && allowed < 1800, `allowed ${allowed}`);
});
