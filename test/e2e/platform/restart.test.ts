/**
 * State survives a clean restart and kill -9: groups, principals, role assignments, signing keys, the CA.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startPlatformProcess, removeHome, newHome } from '../../support/platform-process.js';
import { adminToken, assignRole, call, createServicePrincipal, ROLES } from '../../support/azure-http.js';

test('restart and kill -9 keep groups, principals, assignments, keys and the CA', async () => {
  const home = newHome();
  let p = await startPlatformProcess({ home });
  try {
    const token = await adminToken(p);
    const sub = p.runtime.subscriptionId;
    const arm = `https://management.azure.com/subscriptions/${sub}`;
    const rg = await call(p, 'PUT', `${arm}/resourcegroups/keep-me?api-version=2021-04-01`, { token, body: { location: 'westus2' } });
    assert.equal(rg.status, 201, rg.text);
    const sp = await createServicePrincipal(p, 'survivor');
    await assignRole(p, `/subscriptions/${sub}/resourceGroups/keep-me`, ROLES.Contributor, sp.objectId);
    const ca1 = readFileSync(p.runtime.caCert, 'utf8');
    const tenant = p.runtime.tenantId;
    const adminPassword = p.admin.password;

    for (const how of ['SIGTERM', 'SIGKILL'] as const) {
      await p.stop(how);
      p = await startPlatformProcess({ home });
      assert.equal(p.runtime.tenantId, tenant);
      assert.equal(p.runtime.subscriptionId, sub);
      assert.equal(p.admin.password, adminPassword);
      assert.equal(readFileSync(p.runtime.caCert, 'utf8'), ca1);
      // The token issued before the restart still verifies (keys persisted).
      const got = await call(p, 'GET', `${arm}/resourcegroups/keep-me?api-version=2021-04-01`, { token });
      assert.equal(got.status, 200, `${how}: ${got.text}`);
      assert.equal(got.json.location, 'westus2');
      // The service principal still signs in and still holds Contributor on the group.
      const t = await call(p, 'POST', `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`, {
        form: { grant_type: 'client_credentials', client_id: sp.appId, client_secret: sp.secret, scope: 'https://management.azure.com/.default' },
      });
      assert.equal(t.status, 200, t.text);
      const spGet = await call(p, 'GET', `${arm}/resourcegroups/keep-me?api-version=2021-04-01`, { token: t.json.access_token });
      assert.equal(spGet.status, 200, spGet.text);
      const list = await call(p, 'GET', `${arm}/resourceGroups/keep-me/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`, { token });
      assert.ok(list.json.value.some((a: any) => a.properties.principalId === sp.objectId));
    }
  } finally {
    await p.stop();
    removeHome(home);
  }
});
