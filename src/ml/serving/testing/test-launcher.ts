/**
 * Test support: a StartWorkload that runs hosts with a plain Supervisor (no platform, no identities), and helpers
 * to write a scoring script folder and start a pool of real scoring-host instances on it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor } from '../../../runtime/supervisor.js';
import type { StartWorkload } from '../../../runtime/workload-launcher.js';
import { ContainerLogs } from '../container-logs.js';
import { DeploymentPool } from '../deployment-pool.js';
import { hostCommand, hostKindFor } from '../host-assets.js';
import { WorkerInstance } from '../worker-instance.js';

/** Each host gets a sandbox-like folder with TMPDIR inside it (where its Unix domain socket goes), removed at exit. */
export function testLauncher(supervisor = new Supervisor()): StartWorkload {
  let n = 0;
  return async (spec) => {
    const sandboxDir = mkdtempSync(join(tmpdir(), 'cerulean-score-wl-'));
    mkdirSync(join(sandboxDir, 'tmp'), { mode: 0o700 });
    const process = await supervisor.start({ argv: spec.argv, cwd: spec.cwd, env: { ...spec.env, TMPDIR: join(sandboxDir, 'tmp') } });
    const workload = { id: `wtest${++n}`, secret: 's', pathSecret: 'p', identities: spec.identities, description: spec.description, createdAt: Date.now(), pid: process.pid, sandboxDir };
    const exited = process.exited.then((exit) => {
      rmSync(sandboxDir, { recursive: true, force: true });
      return exit;
    });
    return { workload, process: { ...process, exited }, exited };
  };
}

/** A temporary folder holding `files` (name → content). */
export function scriptDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-score-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

export interface TestPool {
  pool: DeploymentPool;
  logs: ContainerLogs;
  close(): Promise<void>;
}

/** Starts `count` instances of the host for `script` in `dir` and waits until they are ready. */
export async function startTestPool(
  dir: string,
  script: string,
  opts: { count?: number; maxConcurrent?: number; env?: Record<string, string>; backoffMs?: number; liveness?: { periodMs: number; failureThreshold: number }; tcpOnly?: boolean } = {},
): Promise<TestPool> {
  const socketDir = opts.tcpOnly ? undefined : mkdtempSync(join(tmpdir(), 'cerulean-sock-'));
  const logs = new ContainerLogs(Date.now);
  const pool = new DeploymentPool(opts.maxConcurrent ?? 1);
  const host = hostCommand(hostKindFor(script), dir);
  const startWorkload = testLauncher();
  for (let i = 0; i < (opts.count ?? 1); i++) {
    pool.instances.push(
      new WorkerInstance({
        launch: { argv: host.argv, cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...host.env, AML_APP_ROOT: dir, AZUREML_ENTRY_SCRIPT: script, ...opts.env }, identities: [], description: 'test' },
        startWorkload,
        logs,
        liveness: { initialDelayMs: 0, periodMs: opts.liveness?.periodMs ?? 60_000, timeoutMs: 500, failureThreshold: opts.liveness?.failureThreshold ?? 30 },
        readinessTimeoutMs: 15_000,
        maxSockets: opts.maxConcurrent ?? 1,
        socketDir,
        backoff: { baseMs: opts.backoffMs ?? 100, maxMs: 1000 },
        onReady: () => pool.drain(),
      }),
    );
  }
  try {
    await Promise.all(pool.instances.map((i) => i.start()));
  } catch (e) {
    await Promise.all(pool.instances.map((i) => i.stop(200)));
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    throw e;
  }
  return {
    pool,
    logs,
    close: async () => {
      await Promise.all(pool.instances.map((i) => i.stop(200)));
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
