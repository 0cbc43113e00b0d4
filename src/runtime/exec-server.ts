/**
 * `cerulean exec` on the platform side: an HTTPS listener on loopback that accepts
 * `POST /providers/Cerulean.Runtime/exec?identity=<uai id or client id>…[&imds=true]` with
 * `Upgrade: cerulean-exec` and the caller's ARM bearer token. Before switching protocols it authenticates the
 * token, resolves each identity and runs the linked access check (assign/action on every identity), answering
 * ARM-shaped errors; then it starts the workload from the START frame and streams stdio, signals and the exit
 * status as frames (exec-frames.ts).
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PlatformContext } from '../platform/context.js';
import type { LocalCa } from '../http/tls/local-ca.js';
import { ApiError, isApiError } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { TokenError } from '../identity/types.js';
import { bearerToken } from '../identity/bearer-authenticator.js';
import { ARM_AUDIENCES } from '../identity/audiences.js';
import { armTokenError, armUnauthenticated } from '../arm/arm-errors.js';
import { requireAssignPermission } from '../managed-identity/linked-authorization.js';
import { resolveUai } from '../managed-identity/user-assigned.js';
import {
  EXEC_PATH,
  EXEC_UPGRADE_PROTOCOL,
  FrameDecoder,
  FrameType,
  encodeFrame,
  encodeJsonFrame,
  parseJsonPayload,
  type ExecStart,
  type Frame,
} from './exec-frames.js';
import type { AttachedIdentity } from './workload-registry.js';
import type { StartWorkload } from './workload-launcher.js';

export const EXEC_ACTION = 'Cerulean.Runtime/workloads/write';
const START_TIMEOUT_MS = 30_000;
const ALLOWED_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT', 'SIGTSTP']);

export interface ExecServer {
  /** `https://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 426: 'Upgrade Required', 500: 'Internal Server Error' };

function writeHttpError(socket: Duplex, err: ApiError, tenantId: string): void {
  const body = Buffer.from(JSON.stringify({ error: { code: err.code, message: err.message } }), 'utf8');
  const extra = Object.entries(err.headers)
    .map(([k, v]) => `${k}: ${v.replace(/login\.windows\.net\/common"/, `login.windows.net/${tenantId}"`)}\r\n`)
    .join('');
  socket.write(
    `HTTP/1.1 ${err.status} ${REASONS[err.status] ?? 'Error'}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${body.length}\r\n${extra}connection: close\r\n\r\n`,
  );
  socket.end(body);
}

export async function authenticateExec(ctx: PlatformContext, req: IncomingMessage): Promise<Principal> {
  const header = req.headers.authorization;
  if (header === undefined) throw armUnauthenticated(ctx.config.tenantId);
  const token = bearerToken(header);
  if (!token) throw armTokenError('missing');
  try {
    return await ctx.tokens.verifyAccessToken(token, ARM_AUDIENCES);
  } catch (e) {
    if (e instanceof TokenError) throw armTokenError(e);
    throw e;
  }
}

/** Resolves `--identity` values (UAI ids or client ids) and checks the caller may assign each. */
export function resolveExecIdentities(ctx: PlatformContext, principal: Principal, refs: string[]): AttachedIdentity[] {
  const out: AttachedIdentity[] = [];
  for (const ref of refs) {
    const uai = resolveUai(ctx, ref);
    if (!uai) {
      throw new ApiError(
        404,
        'ResourceNotFound',
        `The user-assigned identity '${ref}' was not found. Give its resource id (/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>) or its client id.`,
      );
    }
    out.push({ resourceId: uai.id, clientId: uai.properties.clientId, principalId: uai.properties.principalId, tenantId: uai.properties.tenantId, kind: 'userAssigned' });
  }
  requireAssignPermission(ctx, principal, {
    action: EXEC_ACTION,
    scope: `/subscriptions/${ctx.config.subscriptionId}/providers/Cerulean.Runtime/workloads`,
    identityIds: out.map((i) => i.resourceId),
    plane: 'runtime',
  });
  return out;
}

function parseStart(frame: Frame): ExecStart {
  if (frame.type !== FrameType.Start) throw new Error('the first frame must be START');
  const s = parseJsonPayload<ExecStart>(frame);
  if (!Array.isArray(s.argv) || s.argv.length === 0 || !s.argv.every((a) => typeof a === 'string')) throw new Error('START needs a non-empty argv');
  if (typeof s.cwd !== 'string' || !s.cwd.startsWith('/')) throw new Error('START needs an absolute cwd');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.env ?? {})) if (typeof v === 'string') env[k] = v;
  return { argv: s.argv, cwd: s.cwd, env };
}

export async function startExecServer(ctx: PlatformContext, ca: LocalCa, start: StartWorkload, opts: { bind?: string; port?: number } = {}): Promise<ExecServer> {
  const bind = opts.bind ?? '127.0.0.1';
  const leaf = await ca.issueLeaf([bind, 'localhost']);
  const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem });
  const sockets = new Set<Duplex>();

  server.on('request', (_req, res) => {
    res.statusCode = 426;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('upgrade', EXEC_UPGRADE_PROTOCOL);
    res.end(JSON.stringify({ error: { code: 'UpgradeRequired', message: `Use POST ${EXEC_PATH} with 'Upgrade: ${EXEC_UPGRADE_PROTOCOL}'.` } }));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    void handle(req, socket, head).catch((err) => {
      const apiErr = isApiError(err) ? err : new ApiError(500, 'InternalServerError', 'Encountered an internal server error.');
      if (!isApiError(err)) ctx.log.error({ evt: 'exec.error', err: (err as Error)?.stack ?? String(err) });
      if (socket.writable) writeHttpError(socket, apiErr, ctx.config.tenantId);
    });
  });

  async function handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://runtime');
    if (url.pathname.replace(/\/+$/, '').toLowerCase() !== EXEC_PATH.toLowerCase() || req.method !== 'POST') {
      throw new ApiError(404, 'NotFound', `The requested resource '${url.pathname}' was not found.`);
    }
    if ((req.headers.upgrade ?? '').toLowerCase() !== EXEC_UPGRADE_PROTOCOL) {
      throw new ApiError(400, 'UnsupportedUpgrade', `Only 'Upgrade: ${EXEC_UPGRADE_PROTOCOL}' is served here.`);
    }
    const principal = await authenticateExec(ctx, req);
    const identities = resolveExecIdentities(ctx, principal, url.searchParams.getAll('identity'));
    const imds = /^(1|true|yes)$/i.test(url.searchParams.get('imds') ?? '');

    (socket as Socket).setNoDelay?.(true);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${EXEC_UPGRADE_PROTOCOL}\r\nconnection: Upgrade\r\n\r\n`);
    const send = (type: number, payload?: Buffer | string) => socket.writable && socket.write(encodeFrame(type, payload));
    const fail = (message: string, code: number) => {
      if (!socket.writable) return;
      socket.write(encodeJsonFrame(FrameType.Error, { message }));
      socket.end(encodeJsonFrame(FrameType.Exit, { code, signal: null }));
    };

    const decoder = new FrameDecoder();
    const pending: Frame[] = [];
    let onFrame: ((f: Frame) => void) | undefined;
    const timer = setTimeout(() => fail('No START frame received.', 1), START_TIMEOUT_MS);
    const first = new Promise<Frame>((resolve) => (onFrame = resolve));
    const feed = (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        fail((e as Error).message, 1);
        return;
      }
      for (const f of frames) {
        if (onFrame) {
          const cb = onFrame;
          onFrame = undefined;
          cb(f);
        } else pending.push(f);
      }
    };
    socket.on('data', feed);
    if (head.length > 0) feed(head);
    let closed = false;
    socket.on('close', () => (closed = true));

    const startFrame = await Promise.race([first, new Promise<undefined>((r) => socket.once('close', () => r(undefined)))]);
    clearTimeout(timer);
    if (!startFrame || closed) return;
    let spec: ExecStart;
    try {
      spec = parseStart(startFrame);
    } catch (e) {
      fail(`Bad exec request: ${(e as Error).message}`, 1);
      return;
    }

    let running;
    try {
      running = await start({ ...spec, identities, imds, description: 'exec', owner: principal.objectId });
    } catch (e) {
      const err = e as Error & { exitCode?: number };
      fail(err.message, err.exitCode ?? 1);
      return;
    }
    const { process: proc, workload } = running;
    send(FrameType.Started, JSON.stringify({ workloadId: workload.id, pid: proc.pid }));
    const pump = (stream: NodeJS.ReadableStream, type: number) => {
      stream.on('data', (d: Buffer) => {
        if (!socket.writable) return;
        if (!socket.write(encodeFrame(type, d))) {
          stream.pause();
          socket.once('drain', () => stream.resume());
        }
      });
    };
    pump(proc.stdout, FrameType.Stdout);
    pump(proc.stderr, FrameType.Stderr);
    const handleFrame = (f: Frame) => {
      if (f.type === FrameType.Stdin) proc.stdin.write(f.payload);
      else if (f.type === FrameType.StdinEof) proc.stdin.end();
      else if (f.type === FrameType.Signal) {
        const sig = f.payload.toString('utf8');
        if (ALLOWED_SIGNALS.has(sig)) proc.signal(sig as NodeJS.Signals);
      }
    };
    for (const f of pending.splice(0)) handleFrame(f);
    socket.off('data', feed);
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch {
        proc.signal('SIGKILL');
        return;
      }
      frames.forEach(handleFrame);
    });
    socket.once('close', () => {
      // The client went away: hang up the workload, then make sure it ends.
      proc.signal('SIGHUP');
      setTimeout(() => proc.signal('SIGKILL'), 2000).unref();
    });
    const exit = await proc.exited;
    if (socket.writable) socket.end(encodeJsonFrame(FrameType.Exit, exit));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${bind}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
