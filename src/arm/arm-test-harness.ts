/**
 * Test harness for the ARM plane: a real store, directory, key ring, token service, bearer authenticator,
 * authorizer and request pipeline behind a loopback HTTP server. Used by the ARM tests only.
 */
import { jsonCall } from '../http/test-json-call.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openSqliteStore } from '../store/sqlite-store.js';
import { randomIds } from '../shared/ids.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { EnforcementMode, PlatformContext } from '../platform/context.js';
import type { DataPaths } from '../shared/data-home.js';
import { createKeyRing } from '../identity/key-ring.js';
import { createTokenService } from '../identity/token-service.js';
import { bearerAuthenticator } from '../identity/bearer-authenticator.js';
import { ARM_AUDIENCES } from '../identity/audiences.js';
import { createPlaneHandler } from '../http/pipeline.js';
import { createDirectory, type DirectoryStore } from '../directory/directory-store.js';
import { BUILT_IN_ROLE_IDS } from '../authz/built-in-roles.js';
import { createArmPlane } from './arm-plane.js';
import { armTokenError } from './arm-errors.js';
import { coreProviders } from './core-providers.js';
import type { ArmProvider } from './arm-provider.js';
import { createAuthorizer, type StoreAuthorizer } from './authorization/authorizer.js';
import { createRoleAssignment } from './authorization/role-assignment-store.js';

export const TEST_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEST_DOMAIN = 'cerulean.onmicrosoft.com';
export const TEST_SUBSCRIPTION = '0b1f6471-1bf0-4dda-aec3-111122223333';
const PASSWORD = 'Corr3ct-Horse!';

export interface TestIdentity {
  id: string;
  token: string;
  /** What Azure prints as "the client '…'": the UPN or the application id. */
  client: string;
}

export interface ArmResponse {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

export interface ArmHarness {
  base: string;
  ctx: PlatformContext;
  authz: StoreAuthorizer;
  dir: DirectoryStore;
  admin: TestIdentity;
  /** JSON log lines written so far. */
  logs: Array<Record<string, unknown>>;
  user(name: string): Promise<TestIdentity>;
  managedIdentity(name: string): Promise<TestIdentity>;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ArmResponse>;
  close(): Promise<void>;
}

export async function startArmHarness(
  opts: { enforcement?: EnforcementMode; clock?: Clock; providers?: (ctx: PlatformContext) => ArmProvider[] } = {},
): Promise<ArmHarness> {
  const root = mkdtempSync(join(tmpdir(), 'arm-'));
  const store = openSqliteStore(join(root, 'store'));
  const clock = opts.clock ?? systemClock;
  const enforcement = opts.enforcement ?? 'strict';
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      cb();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const dir = createDirectory({ store, clock, ids: randomIds, tenantId: TEST_TENANT, domain: TEST_DOMAIN });
  const keyRing = await createKeyRing({ dir: join(root, 'keys'), clock });
  const tokens = createTokenService({ tenantId: TEST_TENANT, keyRing, clock, ids: randomIds });
  const authz = createAuthorizer({ store, enforcement, log, directory: dir, clock });
  const ctx: PlatformContext = {
    studio: { origins: new Set(['https://ml.azure.com']) },
    config: {
      tenantId: TEST_TENANT,
      tenantDomain: TEST_DOMAIN,
      subscriptionId: TEST_SUBSCRIPTION,
      subscriptionName: 'Cerulean Subscription',
      enforcement,
      dataDir: root,
      defaultLocation: 'eastus',
    },
    paths: {} as DataPaths,
    store,
    clock,
    ids: randomIds,
    log,
    directory: dir,
    tokens,
    authz,
  };
  const providers = [...coreProviders(ctx), ...(opts.providers?.(ctx) ?? [])];
  const plane = createArmPlane(ctx, [bearerAuthenticator(tokens, ARM_AUDIENCES, armTokenError)], providers);
  const handle = createPlaneHandler(plane, ctx);
  let origin = '';
  const server: Server = createServer((req, res) => void handle(req, res, { host: 'management.azure.com', origin }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function user(name: string): Promise<TestIdentity> {
    const upn = `${name}@${TEST_DOMAIN}`;
    const u = dir.createUser({ displayName: name, userPrincipalName: upn, password: PASSWORD, globalAdmin: name === 'admin' });
    const t = await tokens.issueAccessToken({ objectId: u.id, tenantId: TEST_TENANT, kind: 'user', upn, name }, 'https://management.azure.com/', { reuse: false });
    return { id: u.id, token: t.accessToken, client: upn };
  }

  async function managedIdentity(name: string): Promise<TestIdentity> {
    const resourceId = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    const sp = dir.createManagedIdentityPrincipal({ displayName: name, resourceId });
    const t = await tokens.issueAccessToken(
      { objectId: sp.id, tenantId: TEST_TENANT, kind: 'managedIdentity', appId: sp.appId, miResourceId: resourceId },
      'https://management.core.windows.net/',
      { reuse: false },
    );
    return { id: sp.id, token: t.accessToken, client: sp.appId };
  }

  const admin = await user('admin');
  createRoleAssignment(store, {
    scope: `/subscriptions/${TEST_SUBSCRIPTION}`,
    roleDefinitionGuid: BUILT_IN_ROLE_IDS.owner,
    principalId: admin.id,
    principalType: 'User',
    createdBy: admin.id,
  });

  return {
    get base() {
      return origin;
    },
    ctx,
    authz,
    dir,
    admin,
    logs,
    user,
    managedIdentity,
    call: (method, path, o = {}) => jsonCall(origin, method, path, o),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
