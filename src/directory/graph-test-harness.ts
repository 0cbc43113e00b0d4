/**
 * Test harness for the Graph plane: a real store, directory, key ring, token service, bearer authenticator and
 * request pipeline behind a loopback HTTP server. Used by the Graph tests only.
 */
import { jsonCall } from '../http/test-json-call.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite-store.js';
import { randomIds } from '../shared/ids.js';
import { systemClock } from '../shared/clock.js';
import { createLogger } from '../platform/logger.js';
import type { PlatformContext } from '../platform/context.js';
import type { DataPaths } from '../shared/data-home.js';
import { createKeyRing } from '../identity/key-ring.js';
import { createTokenService } from '../identity/token-service.js';
import { bearerAuthenticator } from '../identity/bearer-authenticator.js';
import { GRAPH_AUDIENCES } from '../identity/audiences.js';
import type { TokenSubject } from '../identity/types.js';
import { createPlaneHandler } from '../http/pipeline.js';
import { createDirectory, type DirectoryStore } from './directory-store.js';
import { createGraphPlane, graphTokenError } from './graph-plane.js';

export const TEST_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEST_DOMAIN = 'cerulean.onmicrosoft.com';
export const STRONG_PASSWORD = 'Corr3ct-Horse!';

export interface GraphHarness {
  base: string;
  dir: DirectoryStore;
  adminId: string;
  tokenFor(subject: Omit<TokenSubject, 'tenantId'> & { tenantId?: string }, audience?: string): Promise<string>;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; json: any; text: string }>;
  close(): Promise<void>;
}

export async function startGraphHarness(): Promise<GraphHarness> {
  const root = mkdtempSync(join(tmpdir(), 'graph-'));
  const store = openSqliteStore(join(root, 'store'));
  const clock = systemClock;
  const dir = createDirectory({ store, clock, ids: randomIds, tenantId: TEST_TENANT, domain: TEST_DOMAIN });
  const admin = dir.createUser({ displayName: 'admin', userPrincipalName: `admin@${TEST_DOMAIN}`, password: STRONG_PASSWORD, globalAdmin: true });
  const keyRing = await createKeyRing({ dir: join(root, 'keys'), clock });
  const tokens = createTokenService({ tenantId: TEST_TENANT, keyRing, clock, ids: randomIds });
  const ctx: PlatformContext = {
    studio: { origins: new Set(['https://ml.azure.com']) },
    config: {
      tenantId: TEST_TENANT,
      tenantDomain: TEST_DOMAIN,
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      subscriptionName: 'test',
      enforcement: 'strict',
      dataDir: root,
      defaultLocation: 'eastus',
    },
    paths: {} as DataPaths,
    store,
    clock,
    ids: randomIds,
    log: createLogger({}),
    directory: dir,
    tokens,
    authz: {
      authorize() {
        throw new Error('Graph operations are authorized by the directory policy, not RBAC');
      },
      permits() {
        throw new Error('Graph operations are authorized by the directory policy, not RBAC');
      },
    },
  };
  const plane = createGraphPlane(ctx, [bearerAuthenticator(tokens, GRAPH_AUDIENCES, graphTokenError)]);
  const handle = createPlaneHandler(plane, ctx);
  let origin = '';
  const server: Server = createServer((req, res) => void handle(req, res, { host: 'graph.microsoft.com', origin }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base: origin,
    dir,
    adminId: admin.id,
    async tokenFor(subject, audience = 'https://graph.microsoft.com') {
      const t = await tokens.issueAccessToken({ tenantId: TEST_TENANT, ...subject }, audience, { reuse: false });
      return t.accessToken;
    },
    call: (method, path, opts = {}) => jsonCall(origin, method, path, opts),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
