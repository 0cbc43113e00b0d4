/**
 * createPlatform(options): every plane in one process, on its embedded store. Used by `cerulean start` and by
 * test suites (ours and users'): ports 0 and a temporary data dir by default.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataPaths, type AdminCredentials, type DataPaths, type RuntimeInfo } from '../shared/data-home.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { randomIds } from '../shared/ids.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { loadOrCreateCa } from '../http/tls/local-ca.js';
import { writeCaBundle } from '../http/tls/ca-bundle.js';
import { writeFileAtomic } from '../http/tls/atomic-write.js';
import { STUDIO_PROXY_ORIGIN } from './context.js';
import { startTransport, type Transport } from '../http/server.js';
import type { Plane } from '../http/plane.js';
import { closeLogger, createLogger } from './logger.js';
import { loadOrCreateConfig } from './platform-config.js';
import { ensureAdmin } from './bootstrap.js';
import type { EnforcementMode, PlatformContext } from './context.js';
import { createDirectory } from '../directory/directory-store.js';
import { createKeyRing } from '../identity/key-ring.js';
import { createTokenService } from '../identity/token-service.js';
import { createAuthorizer } from '../arm/authorization/authorizer.js';
import { buildPlanes } from './planes.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import { startServing } from '../ml/serving/serving-setup.js';
import type { ServingRuntime } from '../ml/serving/serving-runtime.js';
import { createStudioPlane } from '../studio-host/studio-plane.js';

export interface PlatformOptions {
  /** Data directory (default: a new temporary directory, removed by close() unless keepDataDir). */
  dataDir?: string;
  keepDataDir?: boolean;
  /** Forward proxy port; direct ports follow it. Default 0 (any free ports). */
  port?: number;
  enforcement?: EnforcementMode;
  tunnelUnknownHosts?: boolean;
  /** Log JSON lines to stdout as well as to <dataDir>/logs/platform.log. */
  logToStdout?: boolean;
  /** Write runtime.json so CLI subcommands find this platform (cerulean start does). */
  writeRuntimeFile?: boolean;
  clock?: Clock;
}

export interface Platform {
  /** Forward proxy URL and the direct HTTPS URL of each plane. */
  urls: { proxy: string } & Record<string, string>;
  proxyUrl: string;
  direct: Record<string, string>;
  tenantId: string;
  subscriptionId: string;
  dataDir: string;
  paths: DataPaths;
  caCertPath: string;
  caBundlePath: string;
  caCertPem: string;
  admin: AdminCredentials;
  enforcement: EnforcementMode;
  /** Environment variables that point real clients at this platform (what `cerulean env` prints). */
  clientEnv(): Record<string, string>;
  /** Internal services, for in-process tests and benchmarks. */
  context: PlatformContext;
  close(): Promise<void>;
}

export async function createPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const temp = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cerulean-'));
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o711);
  const paths = dataPaths(dataDir);
  const enforcement = options.enforcement ?? 'strict';
  const clock = options.clock ?? systemClock;
  const log = createLogger({ logsDir: paths.logsDir, stdout: options.logToStdout });
  const store = openSqliteStore(paths.storeDir);
  let transport: Transport | undefined;
  let workloads: Runtime | undefined;
  let serving: ServingRuntime | undefined;
  try {
    const config = loadOrCreateConfig(store, dataDir, enforcement);
    const directory = createDirectory({ store, clock, ids: randomIds, tenantId: config.tenantId, domain: config.tenantDomain });
    const keyRing = await createKeyRing({ dir: paths.keysDir, clock });
    const tokens = createTokenService({ tenantId: config.tenantId, keyRing, clock, ids: randomIds });
    const authz = createAuthorizer({ store, enforcement, log, directory, clock });
    const ctx: PlatformContext = { config, paths, store, clock, ids: randomIds, log, directory, tokens, authz, studio: { origins: new Set([STUDIO_PROXY_ORIGIN]) } };
    const admin = ensureAdmin(ctx);
    const ca = await loadOrCreateCa({ caDir: paths.caDir, caCert: paths.caCert, caKey: paths.caKey });
    writeCaBundle(paths.caBundle, ca.certPem);
    workloads = await createRuntime({ ctx, ca });
    const rt = workloads;
    const scoring = startServing(ctx);
    serving = scoring.serving;
    const ml = serving;
    const studio = createStudioPlane(ctx);
    const planes: Plane[] = [...buildPlanes(ctx), scoring.plane, studio];
    transport = await startTransport({ planes, ca, pctx: ctx, port: options.port ?? 0, tunnelUnknownHosts: options.tunnelUnknownHosts });
    const t = transport;
    rt.setProxyUrl(t.proxyUrl);
    ml.resume();
    const direct = { ...t.direct, ...rt.direct };
    studio.setDirectUrls(direct);
    const runtime: RuntimeInfo = {
      pid: process.pid,
      startedAt: new Date(clock.now()).toISOString(),
      proxyUrl: t.proxyUrl,
      direct,
      caCert: paths.caCert,
      caBundle: paths.caBundle,
      tenantId: config.tenantId,
      subscriptionId: config.subscriptionId,
      enforcement,
      adminCredentials: paths.adminCredentials,
    };
    if (options.writeRuntimeFile) writeFileAtomic(paths.runtimeFile, JSON.stringify(runtime, null, 2) + '\n', 0o644);
    log.info({ evt: 'platform.started', proxy: t.proxyUrl, direct: t.direct, enforcement, dataDir });
    let closed = false;
    return {
      urls: { proxy: t.proxyUrl, ...direct },
      proxyUrl: t.proxyUrl,
      direct,
      tenantId: config.tenantId,
      subscriptionId: config.subscriptionId,
      dataDir,
      paths,
      caCertPath: paths.caCert,
      caBundlePath: paths.caBundle,
      caCertPem: readFileSync(paths.caCert, 'utf8'),
      admin,
      enforcement,
      clientEnv: () => clientEnv(t.proxyUrl, paths),
      context: ctx,
      async close() {
        if (closed) return;
        closed = true;
        await ml.close();
        await rt.close();
        await t.close();
        if (options.writeRuntimeFile) rmSync(paths.runtimeFile, { force: true });
        log.info({ evt: 'platform.stopped' });
        closeLogger(log);
        store.close();
        if (temp && !options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await serving?.close();
    await workloads?.close();
    await transport?.close();
    store.close();
    throw err;
  }
}

/** The variables `cerulean env` exports, as a map. */
export function clientEnv(proxyUrl: string, paths: DataPaths): Record<string, string> {
  return {
    HTTPS_PROXY: proxyUrl,
    HTTP_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    http_proxy: proxyUrl,
    NO_PROXY: 'localhost,127.0.0.1',
    no_proxy: 'localhost,127.0.0.1',
    REQUESTS_CA_BUNDLE: paths.caBundle,
    SSL_CERT_FILE: paths.caBundle,
    CURL_CA_BUNDLE: paths.caBundle,
    NODE_EXTRA_CA_CERTS: paths.caCert,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
  };
}
