/**
 * Starts and supervises workload processes: each in its own process group (so signals and the final kill reach
 * every process it started), optionally under its own uid/gid, with the parent-death signal set where
 * `setpriv` exists (so a workload does not outlive a platform killed with -9). The parent-death signal reaches only
 * the workload's main process, so each workload also gets a guard: a tiny shell, in its own process group, blocked
 * reading a pipe only the platform holds; when the platform dies (even by -9) the pipe closes and the guard kills
 * the workload's whole process group (children a shell left behind included). When the main process exits, the
 * rest of its group is killed and the guard is ended; `closeAll` ends every workload (TERM, then KILL after a grace
 * period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { ExecExit } from './exec-frames.js';

export interface SpawnSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  uid?: number;
  gid?: number;
}

export interface SupervisedProcess {
  pid: number;
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Resolves once the process has exited and its output streams have closed. */
  exited: Promise<ExecExit>;
  /** Sends a signal to the workload's whole process group. */
  signal(sig: NodeJS.Signals): void;
}

export class SpawnError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

const SETPRIV = '/usr/bin/setpriv';
/** `$1`: the process group to kill once stdin reaches end of file (the platform is gone). */
const GUARD_SCRIPT = 'trap "" HUP INT TERM; read _; kill -9 -"$1" 2>/dev/null';

/** Starts the guard of the process group `pgid` (best effort: without it, the parent-death signal still applies). */
function startGuard(pgid: number): ChildProcess | undefined {
  try {
    const guard = spawn('/bin/sh', ['-c', GUARD_SCRIPT, 'cerulean-workload-guard', String(pgid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    guard.on('error', () => {});
    guard.stdin!.on('error', () => {});
    guard.unref();
    (guard.stdin as unknown as { unref?: () => void }).unref?.();
    return guard;
  } catch {
    return undefined;
  }
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* already gone */
  }
}

export class Supervisor {
  private readonly live = new Map<number, { child: ChildProcess; exited: Promise<ExecExit> }>();
  private readonly pdeathsig: boolean;
  private closing = false;

  constructor(opts: { pdeathsig?: boolean } = {}) {
    this.pdeathsig = opts.pdeathsig ?? (process.platform === 'linux' && existsSync(SETPRIV));
  }

  get size(): number {
    return this.live.size;
  }

  async start(spec: SpawnSpec): Promise<SupervisedProcess> {
    if (this.closing) throw new SpawnError('The platform is shutting down.', 'ESHUTDOWN');
    if (spec.argv.length === 0) throw new SpawnError('No command given.', 'EINVAL');
    const [cmd, ...args] = this.pdeathsig ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...spec.argv] : spec.argv;
    const child = spawn(cmd, args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err: NodeJS.ErrnoException) => {
        const what = err.code === 'ENOENT' ? `${spec.argv[0]}: command not found` : `${spec.argv[0]}: ${err.message}`;
        reject(new SpawnError(what, err.code));
      });
    });
    const pid = child.pid!;
    const guard = startGuard(pid);
    child.on('error', () => {});
    child.stdin!.on('error', () => {});
    const exited = new Promise<ExecExit>((resolve) => {
      child.once('exit', () => {
        killGroup(pid, 'SIGKILL');
        guard?.kill('SIGKILL');
      });
      child.once('close', (code, signal) => {
        this.live.delete(pid);
        resolve({ code, signal });
      });
    });
    this.live.set(pid, { child, exited });
    return {
      pid,
      stdin: child.stdin!,
      stdout: child.stdout!,
      stderr: child.stderr!,
      exited,
      signal: (sig) => killGroup(pid, sig),
    };
  }

  /** Ends every workload: SIGTERM to each group, SIGKILL to what is left after `graceMs`. */
  async closeAll(graceMs = 2000): Promise<void> {
    this.closing = true;
    const all = [...this.live.entries()];
    for (const [pid] of all) killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      for (const [pid] of all) killGroup(pid, 'SIGKILL');
    }, graceMs);
    await Promise.all(all.map(([, p]) => p.exited));
    clearTimeout(timer);
  }
}
