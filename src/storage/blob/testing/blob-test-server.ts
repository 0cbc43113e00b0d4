/**
 * An in-process Blob plane on plain loopback HTTP for unit tests: a real store in a temporary directory, the real
 * pipeline, path-style URLs (`http://127.0.0.1:{port}/{account}/…`), Shared Key auth (bearer is not offered).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../store/sqlite-store.js';
import { dataPaths } from '../../../shared/data-home.js';
import { systemClock, type Clock } from '../../../shared/clock.js';
import { randomIds } from '../../../shared/ids.js';
import { createLogger } from '../../../platform/logger.js';
import { createPlaneHandler } from '../../../http/pipeline.js';
import type { PlatformContext } from '../../../platform/context.js';
import type { Plane } from '../../../http/plane.js';
import { getAccount, newAccountKey, putAccount, type StorageAccountRecord } from '../../accounts/account-records.js';
import { createBlobPlane } from '../blob-plane.js';

export interface BlobTestServer {
  url: string;
  account: StorageAccountRecord;
  key: string;
  ctx: PlatformContext;
  plane: Plane;
  dataDir: string;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export function testAccount(name: string, overrides: Partial<StorageAccountRecord> = {}): StorageAccountRecord {
  const now = new Date().toISOString();
  return {
    name,
    id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${name}`,
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg',
    location: 'eastus',
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    tags: {},
    properties: {},
    keys: [
      { keyName: 'key1', value: newAccountKey(), permissions: 'FULL', creationTime: now },
      { keyName: 'key2', value: newAccountKey(), permissions: 'FULL', creationTime: now },
    ],
    createdAt: now,
    ...overrides,
  };
}

export async function startBlobTestServer(opts: { dataDir?: string; account?: StorageAccountRecord; clock?: Clock; maxPutBlobBytes?: number } = {}): Promise<BlobTestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cerulean-blob-'));
  const paths = dataPaths(dataDir);
  const store = openSqliteStore(paths.storeDir);
  const stored = opts.account ? undefined : getAccount(store, 'acct1');
  const account = stored ?? opts.account ?? testAccount('acct1');
  if (!stored) putAccount(store, account);
  const ctx = {
    config: { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    paths,
    store,
    clock: opts.clock ?? systemClock,
    ids: randomIds,
    log: createLogger({}),
  } as unknown as PlatformContext;
  const plane = createBlobPlane(ctx, { bearer: () => undefined, maxPutBlobBytes: opts.maxPutBlobBytes });
  const handler = createPlaneHandler(plane, ctx);
  const server = http.createServer((req, res) => void handler(req, res, { host: '127.0.0.1', origin: `http://${req.headers.host}` }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${account.name}`,
    account,
    key: account.keys[0].value,
    ctx,
    plane,
    dataDir,
    async close(o = {}) {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      store.close();
      if (!o.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
