/**
 * The node of a running compute instance, where `cerulean compute exec|shell` connects: one HTTPS listener on
 * loopback per instance (started on first use, closed when the instance stops or goes; its address is what
 * `POST …/computes/{name}/listNodes` reports, as Azure reports a node's address and port). It speaks the protocol
 * of `cerulean exec` (`POST /providers/Cerulean.Runtime/exec`, `Upgrade: cerulean-exec`, the caller's ARM token,
 * then the frames of src/runtime/exec-frames.ts), so the exec client serves both. Before switching protocols it
 * checks the token, that the caller may use the instance (`…/computes/applicationaccess/action`, as for the
 * instance's terminal on Azure) and that the instance is running.
 */
import { chmodSync, statSync } from 'node:fs';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { loadOrCreateCa } from '../../http/tls/local-ca.js';
import { armAuthorizationFailed } from '../../arm/arm-errors.js';
import { authenticateExec } from '../../runtime/exec-server.js';
import { startExecListener, type ExecListener } from '../../runtime/exec-listener.js';
import { canonicalId } from '../../arm/resource-store.js';
import { mlErrors } from '../arm/ml-errors.js';
import { getCompute } from './compute-records.js';
import { computeInstancesOf, requireRunning } from './compute-instances.js';

export const COMPUTE_ACCESS_ACTION = 'Microsoft.MachineLearningServices/workspaces/computes/applicationaccess/action';

/** An instance's node: the exec listener's address (`https://127.0.0.1:<port>`). */
export type ComputeExecServer = ExecListener;

function endedBy(state: string | undefined): string {
  if (state === 'Stopping' || state === 'Stopped') return 'was Stopped';
  if (state === 'Restarting') return 'was restarted';
  return 'was deleted';
}

async function startServer(ctx: PlatformContext, computeId: string, bind = '127.0.0.1'): Promise<ComputeExecServer> {
  // loadOrCreateCa makes the CA folder private (0700) in its synchronous prologue; isolated workloads read the CA
  // bundle in it, so its mode is put back before anything else of this process runs.
  const before = statSync(ctx.paths.caDir).mode & 0o7777;
  const loading = loadOrCreateCa({ caDir: ctx.paths.caDir, caCert: ctx.paths.caCert, caKey: ctx.paths.caKey });
  chmodSync(ctx.paths.caDir, before);
  const ca = await loading;
  return startExecListener(ctx, {
    cert: await ca.issueLeaf([bind, 'localhost']),
    bind,
    errorEvent: 'compute.exec.error',
    // The platform's lifetime is the process's: this listener must not keep a closing process alive.
    unref: true,
    async admit(req, url) {
      const principal = await authenticateExec(ctx, req);
      if (url.searchParams.getAll('identity').length > 0 || url.searchParams.has('imds')) {
        throw new ApiError(400, 'UserError', "A compute instance's processes hold the instance's own identity; --identity and --imds do not apply here.");
      }
      const c = getCompute(ctx, computeId);
      if (!c) throw mlErrors.notFound(computeId);
      const decision = ctx.authz.authorize({ principal, action: COMPUTE_ACCESS_ACTION, dataAction: false, scope: c.id, plane: 'arm' });
      if (!decision.allowed && decision.denial) throw armAuthorizationFailed(principal, decision.denial);
      requireRunning(c.name, c.properties.properties.state);
      return {
        // Commands run in the instance's home, whatever the client's working directory.
        start: (spec) => computeInstancesOf(ctx).exec(c.id, { argv: spec.argv, env: spec.env, owner: principal.objectId }),
        farewell: (exit) => {
          const state = getCompute(ctx, c.id)?.properties.properties.state;
          return exit.signal && state !== 'Running' ? `compute instance '${c.name}' ${endedBy(state)}; its processes were ended.` : undefined;
        },
      };
    },
  });
}

const servers = new WeakMap<PlatformContext, Map<string, Promise<ComputeExecServer>>>();

function serversOf(ctx: PlatformContext): Map<string, Promise<ComputeExecServer>> {
  let m = servers.get(ctx);
  if (!m) servers.set(ctx, (m = new Map()));
  return m;
}

/** The node listener of an instance, started on first use. */
export function computeExecServer(ctx: PlatformContext, computeId: string): Promise<ComputeExecServer> {
  const m = serversOf(ctx);
  const key = canonicalId(computeId).toLowerCase();
  let s = m.get(key);
  if (!s) {
    s = startServer(ctx, canonicalId(computeId));
    m.set(key, s);
    s.catch(() => m.delete(key));
  }
  return s;
}

/** Closes the node listener of an instance (it stopped or was deleted); open connections drop. */
export async function closeComputeExecServer(ctx: PlatformContext, computeId: string): Promise<void> {
  const m = serversOf(ctx);
  const key = canonicalId(computeId).toLowerCase();
  const s = m.get(key);
  if (!s) return;
  m.delete(key);
  await (await s.catch(() => undefined))?.close();
}
