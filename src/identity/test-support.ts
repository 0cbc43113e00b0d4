/**
 * A real login-plane environment for tests and benchmarks: temporary data dir, SQLite store, directory, key ring,
 * token service and platform context, plus one user and one application with a client secret.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite-store.js';
import { createDirectory, type DirectoryStore } from '../directory/directory-store.js';
import { dataPaths } from '../shared/data-home.js';
import { randomIds } from '../shared/ids.js';
import type { Clock } from '../shared/clock.js';
import { createLogger } from '../platform/logger.js';
import type { PlatformContext } from '../platform/context.js';
import type { ApplicationRecord, ServicePrincipalRecord, UserRecord } from '../directory/types.js';
import { createKeyRing, type KeyRing } from './key-ring.js';
import { createTokenService, type CeruleanTokenService } from './token-service.js';

export const TEST_TENANT_ID = '8d1c2f1e-7a56-4c1b-9f0e-3b5a6c7d8e9f';
export const TEST_DOMAIN = 'cerulean.onmicrosoft.com';
export const TEST_USER_PASSWORD = 'Correct-Horse-9';

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2025, 0, 15, 12, 0, 0)): ManualClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface LoginFixture {
  dir: string;
  clock: Clock;
  pctx: PlatformContext;
  directory: DirectoryStore;
  keyRing: KeyRing;
  tokens: CeruleanTokenService;
  user: UserRecord;
  app: ApplicationRecord;
  sp: ServicePrincipalRecord;
  secret: string;
  close(): void;
}

export async function createLoginFixture(opts: { clock?: Clock; dir?: string } = {}): Promise<LoginFixture> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'cerulean-login-'));
  const clock = opts.clock ?? manualClock();
  const paths = dataPaths(dir);
  const store = openSqliteStore(paths.storeDir);
  const directory = createDirectory({ store, clock, ids: randomIds, tenantId: TEST_TENANT_ID, domain: TEST_DOMAIN });
  const keyRing = await createKeyRing({ dir: paths.keysDir, clock });
  const tokens = createTokenService({ tenantId: TEST_TENANT_ID, keyRing, clock, ids: randomIds });
  const pctx: PlatformContext = {
    studio: { origins: new Set(['https://ml.azure.com']) },
    config: {
      tenantId: TEST_TENANT_ID,
      subscriptionId: '11111111-2222-3333-4444-555555555555',
      subscriptionName: 'Cerulean',
      tenantDomain: TEST_DOMAIN,
      enforcement: 'strict',
      dataDir: dir,
      defaultLocation: 'eastus',
    },
    paths,
    store,
    clock,
    ids: randomIds,
    log: createLogger({}),
    directory,
    tokens,
    authz: { authorize: () => ({ allowed: true, evaluatorAllowed: true }), permits: () => true },
  };
  const user = directory.createUser({ displayName: 'Alice Example', userPrincipalName: `alice@${TEST_DOMAIN}`, password: TEST_USER_PASSWORD });
  const app = directory.createApplication({ displayName: 'ci-deployer' });
  const sp = directory.createServicePrincipal({ appId: app.appId });
  const secret = directory.addApplicationPassword(app.id, { displayName: 'ci' }).secretText;
  return {
    dir,
    clock,
    pctx,
    directory,
    keyRing,
    tokens,
    user,
    app,
    sp,
    secret,
    close() {
      store.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
