/**
 * Workload isolation. When the platform runs as root, each workload runs under its own unprivileged uid/gid
 * (WORKLOAD_UID_BASE + n, no passwd entry needed) with a private sandbox folder (HOME, TMPDIR,
 * AZURE_CONFIG_DIR) owned by that uid, and the data home's secrets (keys, CA key, store, blobs, CLI tokens,
 * logs) are made unreadable to it. Otherwise workloads share the platform's uid.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DataPaths } from '../shared/data-home.js';

export const WORKLOAD_UID_BASE = 200000;
export const WORKLOAD_UID_COUNT = 100000;
/** Compute instances keep one uid for their whole life, from a range of their own (never one a workload gets). */
export const INSTANCE_UID_BASE = WORKLOAD_UID_BASE + WORKLOAD_UID_COUNT;
export const INSTANCE_UID_COUNT = 100000;

/** True when workloads get their own uid (the platform runs as root). */
export function workloadsIsolated(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** One line for the start-up banner. */
export function isolationBanner(isolated = workloadsIsolated()): string {
  return isolated
    ? `Workloads: each runs under its own uid (${WORKLOAD_UID_BASE}+n; a compute instance keeps one, ${INSTANCE_UID_BASE}+n); the data home's keys and store are out of its reach.`
    : "Workloads: run under the platform's own uid (start Cerulean as root to give each workload its own uid).";
}

/**
 * Hands out workload uids in turn through the range, so a uid comes back only after the whole range was used (a
 * file an exited workload left outside its sandbox stays out of the next workloads' reach). `cursor` carries the
 * position over a restart: where to start, and a callback told each new position.
 */
export class UidAllocator {
  private readonly used = new Set<number>();
  private next: number;

  constructor(private readonly cursor: { start?: number; moved?: (next: number) => void } = {}) {
    const start = cursor.start ?? 1;
    this.next = Number.isInteger(start) && start >= 1 && start < WORKLOAD_UID_COUNT ? start : 1;
  }

  allocate(): number {
    for (let i = 0; i < WORKLOAD_UID_COUNT; i++) {
      const uid = WORKLOAD_UID_BASE + this.next;
      this.next = (this.next % (WORKLOAD_UID_COUNT - 1)) + 1;
      if (!this.used.has(uid)) {
        this.used.add(uid);
        this.cursor.moved?.(this.next);
        return uid;
      }
    }
    throw new Error('No free workload uid.');
  }

  release(uid: number): void {
    this.used.delete(uid);
  }
}

export interface Sandbox {
  dir: string;
  home: string;
  tmp: string;
  azureConfig: string;
}

/** Creates `<workloadsDir>/<id>` with home/, tmp/ and azure/ (0700, owned by `owner` when given). */
export function createSandbox(workloadsDir: string, id: string, owner?: { uid: number; gid: number }): Sandbox {
  mkdirSync(workloadsDir, { recursive: true, mode: 0o711 });
  chmodSync(workloadsDir, 0o711);
  const dir = join(workloadsDir, id);
  const box: Sandbox = { dir, home: join(dir, 'home'), tmp: join(dir, 'tmp'), azureConfig: join(dir, 'home', '.azure') };
  for (const d of [box.dir, box.home, box.tmp, box.azureConfig]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    chmodSync(d, 0o700);
    if (owner) chownSync(d, owner.uid, owner.gid);
  }
  return box;
}

export function removeSandbox(box: Sandbox | string): void {
  rmSync(typeof box === 'string' ? box : box.dir, { recursive: true, force: true });
}

/**
 * Removes every sandbox under `workloadsDir`: run at start, before any workload exists, for the sandboxes of
 * workloads a platform killed with -9 could not tear down (their HOME may hold token caches). Returns the count.
 */
export function removeStaleSandboxes(workloadsDir: string): number {
  if (!existsSync(workloadsDir)) return 0;
  const stale = readdirSync(workloadsDir);
  for (const name of stale) rmSync(join(workloadsDir, name), { recursive: true, force: true });
  return stale.length;
}

function chmodIfExists(path: string, mode: number): void {
  if (existsSync(path)) chmodSync(path, mode);
}

/**
 * Data home permissions for isolated workloads: the home itself 0711 (traversable, not listable), secrets
 * 0700/0600, what workloads need (CA certificate and bundle, runtime.json) world-readable.
 */
export function hardenDataHome(paths: DataPaths): void {
  chmodIfExists(paths.root, 0o711);
  for (const d of [paths.keysDir, paths.storeDir, paths.blobsDir, paths.logsDir, paths.cliDir]) {
    if (!existsSync(d)) mkdirSync(d, { recursive: true, mode: 0o700 });
    chmodSync(d, 0o700);
  }
  chmodIfExists(paths.caDir, 0o711);
  chmodIfExists(paths.caKey, 0o600);
  chmodIfExists(paths.caCert, 0o644);
  chmodIfExists(paths.caBundle, 0o644);
  chmodIfExists(paths.adminCredentials, 0o600);
  if (!existsSync(paths.workloadsDir)) mkdirSync(paths.workloadsDir, { recursive: true, mode: 0o711 });
  chmodSync(paths.workloadsDir, 0o711);
}

/**
 * The first directory on the way to `path` (inclusive) that `uid`/`gid` may not search, judged by mode bits
 * (owner, group, other); undefined when it can enter `path`. Root may enter anything.
 */
export function firstUnenterable(path: string, uid: number, gid: number): string | undefined {
  if (uid === 0) return undefined;
  const target = resolve(path);
  const chain: string[] = [];
  for (let p = target; ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const dir of chain) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      return dir;
    }
    if (!st.isDirectory()) return dir;
    const bits = st.uid === uid ? (st.mode >> 6) & 7 : st.gid === gid ? (st.mode >> 3) & 7 : st.mode & 7;
    if ((bits & 1) === 0) return dir;
  }
  return undefined;
}
