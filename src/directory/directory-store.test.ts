import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite-store.js';
import { randomIds } from '../shared/ids.js';
import type { Store } from '../store/store.js';
import { createDirectory, type DirectoryStore } from './directory-store.js';
import { INDEX_KIND } from './directory-records.js';

const TENANT = '11111111-2222-3333-4444-555555555555';

function setup(): { dir: DirectoryStore; store: Store; clock: { t: number; now(): number }; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'directory-')), 'store');
  const store = openSqliteStore(path);
  const clock = { t: Date.parse('2024-05-01T10:00:00Z'), now() { return this.t; } };
  const dir = createDirectory({ store, clock, ids: randomIds, tenantId: TENANT, domain: 'cerulean.onmicrosoft.com' });
  return { dir, store, clock, path };
}

test('user passwords are hashed, checked case-insensitively by UPN, and refused for disabled accounts', () => {
  const { dir, store } = setup();
  const u = dir.createUser({ displayName: 'Ada', userPrincipalName: 'Ada@cerulean.onmicrosoft.com', password: 'S3cret!pass', globalAdmin: true });
  assert.ok(!JSON.stringify(store.get('directoryObject', u.id)?.body).includes('S3cret!pass'));
  assert.match(u._passwordHash, /^scrypt\$/);
  assert.equal(u.mailNickname, 'Ada');
  assert.equal(dir.verifyUserPassword('ada@CERULEAN.onmicrosoft.com', 'S3cret!pass')?.id, u.id);
  assert.equal(dir.verifyUserPassword('ada@cerulean.onmicrosoft.com', 's3cret!pass'), undefined);
  assert.equal(dir.verifyUserPassword('nobody@cerulean.onmicrosoft.com', 'S3cret!pass'), undefined);
  assert.equal(dir.getUser('ADA@cerulean.onmicrosoft.com')?.id, u.id);
  assert.equal(dir.getUser(u.id)?._globalAdmin, true);

  dir.updateUser(u.id, { accountEnabled: false });
  assert.equal(dir.verifyUserPassword('ada@cerulean.onmicrosoft.com', 'S3cret!pass'), undefined);
  dir.updateUser(u.id, { accountEnabled: true }, 'N3w!password');
  assert.equal(dir.verifyUserPassword('ada@cerulean.onmicrosoft.com', 'S3cret!pass'), undefined);
  assert.ok(dir.verifyUserPassword('ada@cerulean.onmicrosoft.com', 'N3w!password'));
  store.close();
});

test('duplicate UPNs are refused with Graph ObjectConflict; renaming moves the UPN index', () => {
  const { dir, store } = setup();
  const u = dir.createUser({ displayName: 'A', userPrincipalName: 'a@cerulean.onmicrosoft.com', password: 'Passw0rd!' });
  dir.createUser({ displayName: 'B', userPrincipalName: 'b@cerulean.onmicrosoft.com', password: 'Passw0rd!' });
  assert.throws(
    () => dir.createUser({ displayName: 'A2', userPrincipalName: 'A@Cerulean.onmicrosoft.com', password: 'x' }),
    (e: any) => e.status === 400 && e.code === 'Request_BadRequest' && e.details[0].code === 'ObjectConflict',
  );
  assert.throws(() => dir.updateUser(u.id, { userPrincipalName: 'B@cerulean.onmicrosoft.com' }), /already exists/);
  assert.equal(dir.getUser('a@cerulean.onmicrosoft.com')?.id, u.id, 'a failed rename changes nothing');
  dir.updateUser(u.id, { userPrincipalName: 'c@cerulean.onmicrosoft.com' });
  assert.equal(dir.getUser('a@cerulean.onmicrosoft.com'), undefined);
  assert.equal(dir.getUser('c@cerulean.onmicrosoft.com')?.id, u.id);
  store.close();
});

test('client secrets: returned once, stored hashed, checked with expiry and wrong-secret refusal', () => {
  const { dir, store, clock } = setup();
  const app = dir.createApplication({ displayName: 'svc', owners: ['owner-1'] });
  const sp = dir.createServicePrincipal({ appId: app.appId });
  const { credential, secretText } = dir.addApplicationPassword(app.id, {
    displayName: 'rbac',
    endDateTime: '2024-05-02T10:00:00Z',
  });
  assert.equal(secretText.length, 40);
  assert.equal(secretText.slice(3, 6), '8Q~');
  assert.equal(credential.hint, secretText.slice(0, 3));
  assert.ok(!JSON.stringify(store.list('directoryObject')).includes(secretText));

  assert.equal(dir.verifyClientSecret(app.appId, secretText)?.id, sp.id);
  assert.equal(dir.verifyClientSecret(app.appId.toUpperCase(), secretText)?.id, sp.id);
  const wrong = secretText.slice(0, 39) + (secretText.endsWith('x') ? 'y' : 'x');
  assert.equal(dir.verifyClientSecret(app.appId, wrong), undefined);
  assert.equal(dir.verifyClientSecret(app.appId, ''), undefined);

  clock.t = Date.parse('2024-05-02T10:00:01Z');
  assert.equal(dir.verifyClientSecret(app.appId, secretText), undefined, 'expired secret');
  const second = dir.addApplicationPassword(app.id, {});
  assert.equal(dir.verifyClientSecret(app.appId, second.secretText)?.id, sp.id);
  assert.equal(Date.parse(second.credential.endDateTime) - clock.t, 2 * 365 * 24 * 3600 * 1000);

  assert.equal(dir.removeApplicationPassword(app.id, second.credential.keyId), true);
  assert.equal(dir.removeApplicationPassword(app.id, second.credential.keyId), false);
  assert.equal(dir.verifyClientSecret(app.appId, second.secretText), undefined);
  store.close();
});

test('an application service principal mirrors the application; a second one is a 409', () => {
  const { dir, store } = setup();
  const app = dir.createApplication({ displayName: 'web', properties: { identifierUris: ['api://web'] } });
  const sp = dir.createServicePrincipal({ appId: app.appId, owners: ['u1'] });
  assert.deepEqual(sp.servicePrincipalNames, [app.appId, 'api://web']);
  assert.equal(sp.servicePrincipalType, 'Application');
  assert.equal(sp.appOwnerOrganizationId, TENANT);
  assert.deepEqual(sp._owners, ['u1']);
  assert.throws(() => dir.createServicePrincipal({ appId: app.appId }), (e: any) => e.status === 409 && e.code === 'Request_MultipleObjectsWithSameKeyValue');
  assert.throws(() => dir.createServicePrincipal({ appId: randomIds.uuid() }), / does not reference /);
  dir.updateApplication(app.id, { identifierUris: ['api://web2'] });
  assert.deepEqual(dir.getServicePrincipal(sp.id)?.servicePrincipalNames, [app.appId, 'api://web2']);
  store.close();
});

test('managed identity principals have Azure\'s shape and no application object', () => {
  const { dir, store } = setup();
  const uaiId = '/subscriptions/s1/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1';
  const mi = dir.createManagedIdentityPrincipal({ displayName: 'id1', resourceId: uaiId, clientId: 'aaaaaaaa-0000-0000-0000-000000000001' });
  assert.equal(mi.servicePrincipalType, 'ManagedIdentity');
  assert.deepEqual(mi.servicePrincipalNames, ['aaaaaaaa-0000-0000-0000-000000000001', uaiId]);
  assert.deepEqual(mi.alternativeNames, ['isExplicit=True', uaiId]);
  assert.equal(mi._miResourceId, uaiId);
  assert.equal(dir.getApplicationByAppId(mi.appId), undefined);
  assert.equal(dir.getServicePrincipalByAppId('AAAAAAAA-0000-0000-0000-000000000001')?.id, mi.id);

  const sysId = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';
  const sys = dir.createManagedIdentityPrincipal({ displayName: 'ws', resourceId: sysId });
  assert.deepEqual(sys.alternativeNames, ['isExplicit=False', sysId]);
  assert.equal(dir.verifyClientSecret(sys.appId, 'anything'), undefined);
  assert.throws(() => dir.createManagedIdentityPrincipal({ displayName: 'dup', resourceId: uaiId, clientId: mi.appId }), /already in use/);
  store.close();
});

test('deleting an application deletes its service principal and every index entry', () => {
  const { dir, store } = setup();
  const app = dir.createApplication({ displayName: 'gone' });
  const sp = dir.createServicePrincipal({ appId: app.appId });
  const { secretText } = dir.addApplicationPassword(app.id, {});
  assert.equal(dir.deleteObject(app.id), true);
  assert.equal(dir.getObject(app.id), undefined);
  assert.equal(dir.getObject(sp.id), undefined);
  assert.equal(dir.getServicePrincipalByAppId(app.appId), undefined);
  assert.equal(dir.verifyClientSecret(app.appId, secretText), undefined);
  assert.equal(store.count(INDEX_KIND), 0);
  assert.equal(dir.deleteObject(app.id), false);

  const u = dir.createUser({ displayName: 'U', userPrincipalName: 'u@cerulean.onmicrosoft.com', password: 'Passw0rd!' });
  assert.equal(dir.deleteObject(u.id), true);
  assert.equal(dir.getUser('u@cerulean.onmicrosoft.com'), undefined);
  assert.equal(store.count(INDEX_KIND), 0);
  store.close();
});

test('state survives reopening the store', () => {
  const { dir, store, path } = setup();
  const app = dir.createApplication({ displayName: 'durable' });
  dir.createServicePrincipal({ appId: app.appId });
  const { secretText } = dir.addApplicationPassword(app.id, {});
  store.close();
  const store2 = openSqliteStore(path);
  const dir2 = createDirectory({ store: store2, clock: { now: () => Date.parse('2024-05-01T10:00:00Z') }, ids: randomIds, tenantId: TENANT, domain: 'x' });
  assert.ok(dir2.verifyClientSecret(app.appId, secretText));
  assert.equal(dir2.listObjects('servicePrincipal').length, 1);
  assert.equal(dir2.listObjects().length, 2);
  store2.close();
});

test('a verified client secret is remembered only until the directory changes', () => {
  const { dir, store } = setup();
  const app = dir.createApplication({ displayName: 'svc' });
  const sp = dir.createServicePrincipal({ appId: app.appId });
  const { secretText } = dir.addApplicationPassword(app.id, {});
  const first = dir.verifyClientSecret(app.appId, secretText);
  assert.equal(first?.accountEnabled, true);
  const again = dir.verifyClientSecret(app.appId, secretText);
  assert.equal(again?.id, sp.id);
  assert.ok(Object.isFrozen(again), 'the remembered principal is shared, so it is frozen');

  dir.updateServicePrincipal(sp.id, { accountEnabled: false });
  assert.equal(dir.verifyClientSecret(app.appId, secretText)?.accountEnabled, false, 'disabling is seen at once');
  dir.updateServicePrincipal(sp.id, { accountEnabled: true });
  assert.equal(dir.verifyClientSecret(app.appId, secretText)?.accountEnabled, true);

  // A rolled-back write leaves nothing behind either.
  assert.throws(() =>
    store.transaction(() => {
      dir.updateServicePrincipal(sp.id, { accountEnabled: false });
      assert.equal(dir.verifyClientSecret(app.appId, secretText)?.accountEnabled, false);
      throw new Error('roll back');
    }),
  );
  assert.equal(dir.verifyClientSecret(app.appId, secretText)?.accountEnabled, true);

  assert.equal(dir.deleteObject(app.id), true);
  assert.equal(dir.verifyClientSecret(app.appId, secretText), undefined, 'a deleted application signs in no more');
  store.close();
});
