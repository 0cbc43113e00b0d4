/**
 * The running side of compute instances: each instance is a long-lived sandbox with its own home folder under the
 * data dir (`<data>/computes/<random>/home`), and every process in it is a workload of the platform runtime holding
 * the instance's identities (MSI_ENDPOINT, MSI_SECRET, DEFAULT_IDENTITY_CLIENT_ID, APPSETTING_WEBSITE_SITE_NAME,
 * proxy and CA variables), with HOME set to the instance's home. Stopping, restarting or deleting an instance ends
 * its processes, and with them their secrets.
 *
 * Isolation: when workloads get their own uids (the platform runs as root), an instance gets one uid for its whole
 * life (from a range no other workload is given, kept in the store), every process of the instance runs as it, and
 * its home is 0700 and owned by it, as on a machine with one user; otherwise the home is 0700 to the platform's uid.
 */
import { chmodSync, chownSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { randomHex } from '../../shared/ids.js';
import { canonicalId } from '../../arm/resource-store.js';
import { runtimeOf } from '../../runtime/runtime.js';
import type { RunningWorkload } from '../../runtime/workload-launcher.js';
import { computeHomesUnder, deleteComputeHome, getCompute, getComputeHome, nextInstanceUid, putComputeHome, type ComputeHome } from './compute-records.js';
import { instanceIdentities } from './compute-identity.js';
import { isRunning } from './compute-state.js';

const GRACE_MS = 2000;

/** Sets HOME and the umask for the command, then runs it in place of the shell. */
const WRAPPER = 'umask 022; HOME="$1"; export HOME; shift; exec "$@"';

export interface InstanceExec {
  argv: string[];
  /** The caller's environment; the platform's variables are set on top. */
  env: Record<string, string>;
  /** Object id of the caller. */
  owner?: string;
}

export function homeOf(h: ComputeHome): string {
  return join(h.dir, 'home');
}

export class ComputeInstances {
  private readonly live = new Map<string, Set<RunningWorkload>>();
  private readonly root: string;

  constructor(private readonly ctx: PlatformContext) {
    this.root = ctx.paths.root ? join(ctx.paths.root, 'computes') : mkdtempSync(join(tmpdir(), 'cerulean-computes-'));
  }

  private get isolated(): boolean {
    return runtimeOf(this.ctx)?.isolated ?? false;
  }

  /**
   * Creates (or finds) the instance's folder and, with isolation, its uid; recorded in the store so deletion finds
   * the folder after the resource is gone and the uid stays the instance's across restarts.
   */
  ensureHome(computeId: string): ComputeHome {
    const known = getComputeHome(this.ctx, computeId);
    const h: ComputeHome = known ? { ...known } : { id: canonicalId(computeId), dir: join(this.root, randomHex(16)) };
    mkdirSync(this.root, { recursive: true, mode: 0o711 });
    chmodSync(this.root, 0o711);
    mkdirSync(h.dir, { recursive: true, mode: 0o711 });
    chmodSync(h.dir, 0o711);
    const home = homeOf(h);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    chmodSync(home, 0o700);
    const newUid = this.isolated && h.uid === undefined;
    if (newUid) {
      h.uid = nextInstanceUid(this.ctx);
      // A home made before instances had a uid of their own holds files of many uids: all become the instance's.
      chownTree(home, h.uid);
    }
    if (!known || newUid) putComputeHome(this.ctx, h);
    return h;
  }

  /** Starts a process in a running instance; 409 when the instance is not running. */
  async exec(computeId: string, spec: InstanceExec): Promise<RunningWorkload> {
    const runtime = runtimeOf(this.ctx);
    if (!runtime) throw new ApiError(503, 'ServiceUnavailable', 'This platform runs no workload runtime, so compute instances cannot run processes.');
    const c = getCompute(this.ctx, computeId);
    if (!c) throw new ApiError(404, 'ResourceNotFound', `The compute '${computeId}' was not found.`);
    requireRunning(c.name, c.properties.properties.state);
    const h = this.ensureHome(c.id);
    const home = homeOf(h);
    const running = await runtime.startWorkload({
      argv: ['/bin/sh', '-c', WRAPPER, 'compute-instance', home, ...spec.argv],
      cwd: home,
      env: spec.env,
      identities: instanceIdentities(this.ctx, c.id, c.identity),
      description: `compute instance ${c.id}`,
      owner: spec.owner,
      heldUid: h.uid,
    });
    const key = canonicalId(c.id).toLowerCase();
    let set = this.live.get(key);
    if (!set) this.live.set(key, (set = new Set()));
    set.add(running);
    void running.exited.then(() => {
      set!.delete(running);
      if (set!.size === 0 && this.live.get(key) === set) this.live.delete(key);
    });
    // Stopped while starting: the process does not outlive the instance.
    if (!isRunning(getCompute(this.ctx, c.id)?.properties.properties.state)) await this.terminate(c.id);
    return running;
  }

  /** Number of processes running in an instance. */
  processCount(computeId: string): number {
    return this.live.get(canonicalId(computeId).toLowerCase())?.size ?? 0;
  }

  /** Ends every process of the instance (TERM, then KILL after a grace period) and waits for them. */
  async terminate(computeId: string): Promise<void> {
    const set = this.live.get(canonicalId(computeId).toLowerCase());
    if (!set || set.size === 0) return;
    const all = [...set];
    for (const w of all) w.process.signal('SIGTERM');
    const timer = setTimeout(() => all.forEach((w) => w.process.signal('SIGKILL')), GRACE_MS);
    await Promise.all(all.map((w) => w.exited));
    clearTimeout(timer);
  }

  /** Deletion of one instance: its processes end, its folder goes. */
  async remove(computeId: string): Promise<void> {
    await this.terminate(computeId);
    const h = getComputeHome(this.ctx, computeId);
    if (h) rmSync(h.dir, { recursive: true, force: true });
    deleteComputeHome(this.ctx, computeId);
  }

  /** Deletion of a scope (workspace, resource group): every instance at or below it. Returns their ids. */
  async removeUnder(scope: string): Promise<string[]> {
    const prefix = canonicalId(scope).toLowerCase();
    const ids = new Set<string>(computeHomesUnder(this.ctx, scope).map((h) => h.id));
    for (const key of this.live.keys()) if (key === prefix || key.startsWith(prefix + '/')) ids.add(key);
    for (const id of ids) await this.remove(id);
    return [...ids];
  }
}

/** `chown -hR uid:uid dir` (symbolic links themselves, never what they point to). */
function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    lchownSync(path, uid, uid);
    if (lstatSync(path).isDirectory()) chownTree(path, uid);
  }
}

export function requireRunning(name: string, state: string | undefined): void {
  if (!isRunning(state as never)) {
    throw new ApiError(
      409,
      'UserError',
      `Compute instance '${name}' is ${state ?? 'not available'}; processes run only in a Running instance. Start it with \`az ml compute start --name ${name}\`.`,
    );
  }
}

const instances = new WeakMap<PlatformContext, ComputeInstances>();

/** The compute-instance runtime of a platform (one per context). */
export function computeInstancesOf(ctx: PlatformContext): ComputeInstances {
  let i = instances.get(ctx);
  if (!i) instances.set(ctx, (i = new ComputeInstances(ctx)));
  return i;
}
