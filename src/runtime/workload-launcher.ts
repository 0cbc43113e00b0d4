/**
 * Starts one workload: registers it (its secret is born), gives it a uid and a sandbox when workloads are
 * isolated, builds its environment, hands it to the supervisor, and tears everything down when it exits
 * (its secret dies with it).
 */
import type { PlatformContext } from '../platform/context.js';
import type { ExecExit } from './exec-frames.js';
import { SpawnError, type SupervisedProcess, type Supervisor } from './supervisor.js';
import { createSandbox, firstUnenterable, removeSandbox, type UidAllocator } from './sandbox.js';
import { buildWorkloadEnv } from './workload-env.js';
import type { AttachedIdentity, Workload, WorkloadRegistry } from './workload-registry.js';

export interface WorkloadSpec {
  argv: string[];
  cwd: string;
  /** Base environment (the caller's); platform variables are added on top. */
  env: Record<string, string>;
  identities: AttachedIdentity[];
  /** IMDS only (no MSI_* variables). */
  imds?: boolean;
  /** Also set IDENTITY_ENDPOINT / IDENTITY_HEADER (App Service 2019-08-01). */
  appService?: boolean;
  /** Also set AZURE_POD_IDENTITY_AUTHORITY_HOST to the workload's own IMDS URL. */
  podIdentity?: boolean;
  description: string;
  owner?: string;
  /**
   * With isolation: a uid the caller holds for longer than this process (a compute instance's), used instead of
   * one from the allocator and not released when the process exits. Ignored without isolation.
   */
  heldUid?: number;
}

export interface RunningWorkload {
  workload: Workload;
  process: SupervisedProcess;
  /** Resolves after the process exited and the workload was torn down. */
  exited: Promise<ExecExit>;
}

export type StartWorkload = (spec: WorkloadSpec) => Promise<RunningWorkload>;

/** A workload that could not start; `exitCode` is what a shell would report (126 / 127). */
export class WorkloadStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'WorkloadStartError';
  }
}

export interface LauncherDeps {
  ctx: PlatformContext;
  registry: WorkloadRegistry;
  supervisor: Supervisor;
  /** Present when each workload gets its own uid. */
  uids?: UidAllocator;
  endpoints: () => { proxyUrl: string; msiEndpoint: string; podIdentityHost: (pathSecret: string) => string };
}

export function createWorkloadLauncher(deps: LauncherDeps): StartWorkload {
  const { ctx, registry, supervisor, uids } = deps;
  return async (spec) => {
    const workload = registry.register({ identities: spec.identities, description: spec.description, owner: spec.owner });
    const allocated = uids !== undefined && spec.heldUid === undefined ? uids.allocate() : undefined;
    const uid = uids === undefined ? undefined : (spec.heldUid ?? allocated);
    let sandboxDir: string | undefined;
    const cleanup = () => {
      registry.unregister(workload.id);
      if (sandboxDir) removeSandbox(sandboxDir);
      if (allocated !== undefined) uids?.release(allocated);
    };
    try {
      if (uid !== undefined) {
        const blocked = firstUnenterable(spec.cwd, uid, uid);
        if (blocked) {
          throw new WorkloadStartError(
            `The workload runs as uid ${uid}, which cannot enter the working directory '${spec.cwd}' ('${blocked}' is not searchable by it). ` +
              'Run the command from a directory other users can enter (e.g. below /tmp, or chmod o+x the path).',
            126,
          );
        }
      }
      const sandbox = createSandbox(ctx.paths.workloadsDir, workload.id, uid !== undefined ? { uid, gid: uid } : undefined);
      sandboxDir = sandbox.dir;
      const ep = deps.endpoints();
      const env = buildWorkloadEnv({
        base: spec.env,
        workload,
        sandbox,
        msiEndpoint: ep.msiEndpoint,
        proxyUrl: ep.proxyUrl,
        caBundle: ctx.paths.caBundle,
        caCert: ctx.paths.caCert,
        imds: spec.imds,
        appService: spec.appService,
        podIdentityHost: spec.podIdentity ? ep.podIdentityHost(workload.pathSecret) : undefined,
      });
      let proc: SupervisedProcess;
      try {
        proc = await supervisor.start({ argv: spec.argv, cwd: spec.cwd, env, ...(uid !== undefined ? { uid, gid: uid } : {}) });
      } catch (e) {
        if (e instanceof SpawnError) throw new WorkloadStartError(e.message, e.code === 'ENOENT' ? 127 : 126);
        throw e;
      }
      workload.pid = proc.pid;
      workload.uid = uid;
      workload.sandboxDir = sandbox.dir;
      ctx.log.info({
        evt: 'workload.started',
        workload: workload.id,
        pid: proc.pid,
        uid,
        description: spec.description,
        owner: spec.owner,
        identities: spec.identities.map((i) => i.clientId),
      });
      const exited = proc.exited.then((exit) => {
        cleanup();
        ctx.log.info({ evt: 'workload.exited', workload: workload.id, code: exit.code, signal: exit.signal });
        return exit;
      });
      return { workload, process: { ...proc, exited }, exited };
    } catch (e) {
      cleanup();
      throw e;
    }
  };
}
