/**
 * The router's Unix domain socket to a scoring host. A host started with `--unix-socket` listens (besides its TCP
 * port) on `$TMPDIR/azmlinfsrv/score.sock`, in a 0700 folder of its own sandbox. The router does not connect
 * through that path, whose folders the workload owns and could swap for a symbolic link later: it hard-links the
 * socket into a folder only the platform can enter (0700), then checks that the linked inode is a socket owned by
 * the workload's uid. Connections then go through the link, which names the same bound socket for the life of the
 * host. Without a socket (no sandbox, path too long, other file system, host without the option), the router
 * keeps to TCP.
 */
import { chmodSync, linkSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The socket a host makes, relative to its sandbox folder (TMPDIR is `<sandbox>/tmp`). */
export const HOST_SOCKET = join('tmp', 'azmlinfsrv', 'score.sock');
/** sun_path holds 108 bytes, the terminating NUL included. */
const MAX_SOCKET_PATH = 107;

/**
 * Links the host's socket as `<dir>/<name>` and returns that path, or undefined when the host has no usable
 * socket. `uid`: the workload's own uid (undefined when workloads share the platform's uid).
 */
export function linkHostSocket(dir: string, name: string, sandboxDir: string | undefined, uid: number | undefined): string | undefined {
  if (!sandboxDir) return undefined;
  const link = join(dir, name);
  if (Buffer.byteLength(link) > MAX_SOCKET_PATH) return undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    rmSync(link, { force: true });
    linkSync(join(sandboxDir, HOST_SOCKET), link);
  } catch {
    return undefined;
  }
  try {
    const st = lstatSync(link);
    const owner = uid ?? process.getuid?.();
    if (st.isSocket() && (owner === undefined || st.uid === owner)) return link;
  } catch {
    /* fall through */
  }
  rmSync(link, { force: true });
  return undefined;
}

/** Removes a link made by linkHostSocket (the host's own socket is unaffected). */
export function unlinkHostSocket(link: string | undefined): void {
  if (link) rmSync(link, { force: true });
}
