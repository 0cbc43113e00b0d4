import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { createDirectory } from '../../directory/directory-store.js';
import { randomIds } from '../../shared/ids.js';
import type { Clock } from '../../shared/clock.js';
import type { EnforcementMode } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { createAuthorizer, MAX_RECENT_DENIALS, recentDenials } from './authorizer.js';
import { createRoleAssignment, deleteRoleAssignmentsUnderScope } from './role-assignment-store.js';
import { putCustomRole } from './role-definition-store.js';
import { DENIAL_KIND } from './denial-log.js';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333';
const RG = `${SUB}/resourceGroups/rg1`;
const READ = 'Microsoft.Resources/subscriptions/resourcegroups/read';
const clock: Clock = { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) };

function setup(enforcement: EnforcementMode, storeDir = join(mkdtempSync(join(tmpdir(), 'authz-')), 'store')) {
  const store = openSqliteStore(storeDir);
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      cb();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const directory = createDirectory({ store, clock, ids: randomIds, tenantId: 't', domain: 'example.test' });
  const authz = createAuthorizer({ store, enforcement, log, directory, clock });
  const principal: Principal = { objectId: randomIds.uuid(), tenantId: 't', type: 'User', upn: 'eve@example.test' };
  return { store, lines, authz, principal, storeDir };
}

test('strict: denies, explains, logs and remembers; a new assignment takes effect immediately', () => {
  const { store, lines, authz, principal } = setup('strict');
  const denied = authz.authorize({ principal, action: READ, dataAction: false, scope: RG, plane: 'arm' });
  assert.equal(denied.allowed, false);
  assert.equal(denied.evaluatorAllowed, false);
  assert.equal(denied.denial?.scope, RG);
  assert.match(denied.denial!.explanation, /has no role assignments/);
  assert.ok(denied.denial!.suggestions.length > 0);
  const line = lines.find((l) => l.evt === 'authz.denied');
  assert.ok(line);
  assert.equal(line.principal, principal.objectId);
  assert.equal(line.action, READ);
  assert.equal(line.scope, RG);
  assert.equal(line.plane, 'arm');
  assert.equal(line.explanation, denied.denial!.explanation);
  assert.equal(recentDenials(authz).length, 1);
  assert.equal(recentDenials(authz)[0].at, '2025-01-02T03:04:05.000Z');

  createRoleAssignment(store, { scope: SUB, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: principal.objectId });
  assert.deepEqual(authz.authorize({ principal, action: READ, dataAction: false, scope: RG }), { allowed: true, evaluatorAllowed: true });
  const write = authz.authorize({ principal, action: 'Microsoft.Resources/subscriptions/resourcegroups/write', dataAction: false, scope: RG });
  assert.equal(write.allowed, false);
  assert.match(write.denial!.explanation, /Reader at \/subscriptions\/.* \(action not in role\)/);

  deleteRoleAssignmentsUnderScope(store, SUB);
  assert.equal(authz.authorize({ principal, action: READ, dataAction: false, scope: RG }).allowed, false);
});

test('custom roles are picked up when the role definitions change', () => {
  const { store, authz, principal } = setup('strict');
  const guid = randomIds.uuid();
  createRoleAssignment(store, { scope: RG, roleDefinitionGuid: guid, principalId: principal.objectId });
  const action = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
  assert.equal(authz.authorize({ principal, action, dataAction: true, scope: `${RG}/providers/Microsoft.Storage/storageAccounts/a` }).allowed, false);
  putCustomRole(store, {
    name: guid,
    roleName: 'Peeker',
    description: '',
    roleType: 'CustomRole',
    assignableScopes: [RG],
    permissions: [{ actions: [], notActions: [], dataActions: [action], notDataActions: [] }],
  });
  assert.equal(authz.authorize({ principal, action, dataAction: true, scope: `${RG}/providers/Microsoft.Storage/storageAccounts/a` }).allowed, true);
});

test('soft: allows but reports what the evaluator decided and logs a warning', () => {
  const { lines, authz, principal } = setup('soft');
  const r = authz.authorize({ principal, action: READ, dataAction: false, scope: RG, plane: 'arm' });
  assert.equal(r.allowed, true);
  assert.equal(r.evaluatorAllowed, false);
  assert.ok(r.denial);
  const line = lines.find((l) => l.evt === 'authz.denied');
  assert.equal(line?.level, 40, 'warn level');
  assert.equal(line?.enforced, false);
  assert.equal(authz.recentDenials()[0].enforced, false);
});

test('off: allows without evaluating or logging', () => {
  const { lines, authz, principal } = setup('off');
  assert.deepEqual(authz.authorize({ principal, action: READ, dataAction: false, scope: RG }), { allowed: true, evaluatorAllowed: true });
  assert.equal(lines.length, 0);
  assert.equal(authz.recentDenials().length, 0);
});

test('keeps only the most recent denials', () => {
  const { authz, principal } = setup('strict');
  for (let i = 0; i < MAX_RECENT_DENIALS + 5; i++) authz.authorize({ principal, action: `Microsoft.Test/x${i}/read`, dataAction: false, scope: RG });
  const d = authz.recentDenials();
  assert.equal(d.length, MAX_RECENT_DENIALS);
  assert.equal(d[d.length - 1].action, `Microsoft.Test/x${MAX_RECENT_DENIALS + 4}/read`);
  assert.equal(d[0].action, 'Microsoft.Test/x5/read');
});

test('denial records: principal type, full role definition ids, and they survive a restart', () => {
  const { store, authz, storeDir } = setup('strict');
  const sp: Principal = { objectId: randomIds.uuid(), tenantId: 't', type: 'ServicePrincipal', appId: randomIds.uuid() };
  const action = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
  const scope = `${RG}/providers/Microsoft.Storage/storageAccounts/acct`;
  authz.authorize({ principal: sp, action, dataAction: true, scope, plane: 'blob' });
  const [rec] = authz.recentDenials();
  assert.equal(rec.principal, sp.objectId);
  assert.equal(rec.principalType, 'ServicePrincipal');
  assert.equal(rec.client, sp.appId);
  assert.equal(rec.plane, 'blob');
  assert.match(rec.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(rec.suggestions[0], {
    roleName: 'Storage Blob Data Reader',
    roleId: BUILT_IN_ROLE_IDS.storageBlobDataReader,
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLE_IDS.storageBlobDataReader}`,
    scope,
  });
  store.close();
  const again = setup('strict', storeDir);
  assert.deepEqual(again.authz.recentDenials(), [rec]);
  again.authz.authorize({ principal: sp, action: READ, dataAction: false, scope: RG });
  assert.deepEqual(again.authz.recentDenials().map((d) => d.action), [action, READ]);
  again.store.close();
});

test('allowed requests write nothing to the store', () => {
  const { store, authz, principal } = setup('strict');
  createRoleAssignment(store, { scope: SUB, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: principal.objectId });
  const before = store.generation(DENIAL_KIND);
  for (let i = 0; i < 10; i++) assert.equal(authz.authorize({ principal, action: READ, dataAction: false, scope: RG }).allowed, true);
  assert.equal(store.generation(DENIAL_KIND), before);
  assert.equal(store.count(DENIAL_KIND), 0);
});

test('group ids from the token count as principal ids', () => {
  const { store, authz, principal } = setup('strict');
  const group = randomIds.uuid();
  createRoleAssignment(store, { scope: SUB, roleDefinitionGuid: BUILT_IN_ROLE_IDS.reader, principalId: group, principalType: 'Group' });
  assert.equal(authz.authorize({ principal, action: READ, dataAction: false, scope: RG }).allowed, false);
  const member = { ...principal, claims: { groups: [group] } };
  assert.equal(authz.authorize({ principal: member, action: READ, dataAction: false, scope: RG }).allowed, true);
});
