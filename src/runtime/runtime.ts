/**
 * The platform's runtime: the workload registry, the process supervisor, the loopback token endpoint
 * (MSI_ENDPOINT) and the `cerulean exec` endpoint. One per platform, found with `runtimeOf(ctx)`.
 */
import type { PlatformContext } from '../platform/context.js';
import type { Plane } from '../http/plane.js';
import type { LocalCa } from '../http/tls/local-ca.js';
import { createWorkloadIdentityPlane } from '../workload-identity/workload-identity-plane.js';
import { startMsiListener, type MsiListener } from '../workload-identity/msi-listener.js';
import { Supervisor } from './supervisor.js';
import { UidAllocator, hardenDataHome, removeStaleSandboxes, workloadsIsolated } from './sandbox.js';
import { WorkloadRegistry } from './workload-registry.js';
import { createWorkloadLauncher, type StartWorkload } from './workload-launcher.js';
import { startExecServer, type ExecServer } from './exec-server.js';

export interface RuntimeOptions {
  ctx: PlatformContext;
  ca: LocalCa;
  /** Give each workload its own uid (default: when running as root). */
  isolate?: boolean;
  bind?: string;
}

export interface Runtime {
  registry: WorkloadRegistry;
  supervisor: Supervisor;
  /** The workload token endpoints (IMDS through the proxy, MSI on loopback): add to the platform's planes. */
  identityPlane: Plane;
  /** Whether workloads run under their own uids. */
  isolated: boolean;
  /** `http://127.0.0.1:<port>/msi/token` */
  msiEndpoint: string;
  /** `https://127.0.0.1:<port>`: where `cerulean exec` connects. */
  execUrl: string;
  /** Entries for RuntimeInfo.direct: `{ runtime: execUrl }`. */
  direct: Record<string, string>;
  /** The forward proxy URL, known once the transport listens (workloads get it in HTTP(S)_PROXY). */
  setProxyUrl(url: string): void;
  startWorkload: StartWorkload;
  /** Ends every workload (TERM, then KILL) and closes the listeners. */
  close(): Promise<void>;
}

const runtimes = new WeakMap<PlatformContext, Runtime>();

export function runtimeOf(ctx: PlatformContext): Runtime | undefined {
  return runtimes.get(ctx);
}

export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { ctx, ca } = opts;
  const isolated = opts.isolate ?? workloadsIsolated();
  if (isolated) hardenDataHome(ctx.paths);
  const stale = removeStaleSandboxes(ctx.paths.workloadsDir);
  if (stale > 0) ctx.log.info({ evt: 'workload.sweep', sandboxes: stale });
  const registry = new WorkloadRegistry();
  const supervisor = new Supervisor();
  const identityPlane = createWorkloadIdentityPlane(ctx, registry);
  let msi: MsiListener | undefined;
  let exec: ExecServer | undefined;
  let proxyUrl: string | undefined;
  try {
    msi = await startMsiListener(ctx, identityPlane, { bind: opts.bind });
    const m = msi;
    const startWorkload = createWorkloadLauncher({
      ctx,
      registry,
      supervisor,
      uids: isolated ? workloadUids(ctx) : undefined,
      endpoints: () => {
        if (!proxyUrl) throw new Error('The runtime has no proxy URL yet.');
        return { proxyUrl, msiEndpoint: m.msiEndpoint, podIdentityHost: m.podIdentityHost };
      },
    });
    exec = await startExecServer(ctx, ca, startWorkload, { bind: opts.bind });
    const e = exec;
    let closed = false;
    const runtime: Runtime = {
      registry,
      supervisor,
      identityPlane,
      isolated,
      msiEndpoint: m.msiEndpoint,
      execUrl: e.url,
      direct: { runtime: e.url },
      setProxyUrl(url) {
        proxyUrl = url;
      },
      startWorkload,
      async close() {
        if (closed) return;
        closed = true;
        await supervisor.closeAll();
        await Promise.all([e.close(), m.close()]);
      },
    };
    runtimes.set(ctx, runtime);
    return runtime;
  } catch (err) {
    await exec?.close();
    await msi?.close();
    throw err;
  }
}

const UID_CURSOR_KIND = 'workloadUidCursor';

/** The workload uid allocator, its position kept in the store so a restart does not hand out recent uids again. */
function workloadUids(ctx: PlatformContext): UidAllocator {
  const start = ctx.store.get<{ next: number }>(UID_CURSOR_KIND, 'next')?.body.next;
  return new UidAllocator({ start, moved: (next) => void ctx.store.put(UID_CURSOR_KIND, 'next', { next }) });
}
