/**
 * The node of a running compute instance, where `cerulean compute exec|shell` connects: one HTTPS listener on
 * loopback per instance (started on first use, closed when the instance stops or goes; its address is what
 * `POST …/computes/{name}/listNodes` reports, as Azure reports a node's address and port). It speaks the protocol
 * of `cerulean exec` (`POST /providers/Cerulean.Runtime/exec`, `Upgrade: cerulean-exec`, the caller's ARM token,
 * then the frames of src/runtime/exec-frames.ts), so the exec client serves both. Before switching protocols it
 * checks the token, that the caller may use the instance (`…/computes/applicationaccess/action`, as for the
 * instance's terminal on Azure) and that the instance is running.
 */
import https from 'node:https';
import { chmodSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError, isApiError } from '../../shared/errors.js';
import { loadOrCreateCa } from '../../http/tls/local-ca.js';
import { armAuthorizationFailed } from '../../arm/arm-errors.js';
import { authenticateExec } from '../../runtime/exec-server.js';
import { EXEC_PATH, EXEC_UPGRADE_PROTOCOL, FrameDecoder, FrameType, encodeFrame, encodeJsonFrame, parseJsonPayload, type Frame } from '../../runtime/exec-frames.js';
import { canonicalId } from '../../arm/resource-store.js';
import { mlErrors } from '../arm/ml-errors.js';
import { getCompute } from './compute-records.js';
import { computeInstancesOf, requireRunning } from './compute-instances.js';

export const COMPUTE_ACCESS_ACTION = 'Microsoft.MachineLearningServices/workspaces/computes/applicationaccess/action';
const START_TIMEOUT_MS = 30_000;
const SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT', 'SIGTSTP']);
const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 500: 'Internal Server Error', 503: 'Service Unavailable' };

export interface ComputeExecServer {
  host: string;
  port: number;
  /** `https://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

function writeHttpError(socket: Duplex, err: ApiError): void {
  const body = Buffer.from(JSON.stringify({ error: { code: err.code, message: err.message } }), 'utf8');
  const extra = Object.entries(err.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`HTTP/1.1 ${err.status} ${REASONS[err.status] ?? 'Error'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${body.length}\r\n${extra}connection: close\r\n\r\n`);
  socket.end(body);
}

/** Reads the START frame (argv + env); other frames that arrive with it are kept for later. */
function readStart(socket: Duplex, head: Buffer, decoder: FrameDecoder): Promise<{ start?: Frame; rest: Frame[] }> {
  return new Promise((resolve) => {
    const rest: Frame[] = [];
    let start: Frame | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.off('data', feed);
      socket.off('close', done);
      resolve({ start, rest });
    };
    const feed = (chunk: Buffer) => {
      try {
        for (const f of decoder.push(chunk)) (start ? rest : ((start = f), [])).push(f);
      } catch {
        start = undefined;
        return done();
      }
      if (start) done();
    };
    const timer = setTimeout(done, START_TIMEOUT_MS);
    socket.on('data', feed);
    socket.once('close', done);
    if (head.length > 0) feed(head);
  });
}

async function serve(ctx: PlatformContext, computeId: string, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://runtime');
  if (url.pathname.replace(/\/+$/, '').toLowerCase() !== EXEC_PATH.toLowerCase() || req.method !== 'POST') {
    throw new ApiError(404, 'NotFound', `The requested resource '${url.pathname}' was not found.`);
  }
  if ((req.headers.upgrade ?? '').toLowerCase() !== EXEC_UPGRADE_PROTOCOL) throw new ApiError(400, 'UnsupportedUpgrade', `Only 'Upgrade: ${EXEC_UPGRADE_PROTOCOL}' is served here.`);
  const principal = await authenticateExec(ctx, req);
  if (url.searchParams.getAll('identity').length > 0 || url.searchParams.has('imds')) {
    throw new ApiError(400, 'UserError', "A compute instance's processes hold the instance's own identity; --identity and --imds do not apply here.");
  }
  const c = getCompute(ctx, computeId);
  if (!c) throw mlErrors.notFound(computeId);
  const decision = ctx.authz.authorize({ principal, action: COMPUTE_ACCESS_ACTION, dataAction: false, scope: c.id, plane: 'arm' });
  if (!decision.allowed && decision.denial) throw armAuthorizationFailed(principal, decision.denial);
  requireRunning(c.name, c.properties.properties.state);

  (socket as Socket).setNoDelay?.(true);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${EXEC_UPGRADE_PROTOCOL}\r\nconnection: Upgrade\r\n\r\n`);
  const fail = (message: string, code: number) => {
    if (!socket.writable) return;
    socket.write(encodeJsonFrame(FrameType.Error, { message }));
    socket.end(encodeJsonFrame(FrameType.Exit, { code, signal: null }));
  };
  const decoder = new FrameDecoder();
  const { start, rest } = await readStart(socket, head, decoder);
  if (!socket.writable) return;
  if (!start || start.type !== FrameType.Start) return fail('Bad exec request: the first frame must be START.', 1);
  const s = parseJsonPayload<{ argv?: unknown; env?: Record<string, unknown> }>(start);
  if (!Array.isArray(s.argv) || s.argv.length === 0 || !s.argv.every((a) => typeof a === 'string')) return fail('Bad exec request: START needs a non-empty argv.', 1);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.env ?? {})) if (typeof v === 'string') env[k] = v;

  let running;
  try {
    running = await computeInstancesOf(ctx).exec(c.id, { argv: s.argv as string[], env, owner: principal.objectId });
  } catch (e) {
    const err = e as Error & { exitCode?: number };
    return fail(err.message, err.exitCode ?? 1);
  }
  const proc = running.process;
  socket.write(encodeFrame(FrameType.Started, JSON.stringify({ workloadId: running.workload.id, pid: proc.pid })));
  for (const [stream, type] of [[proc.stdout, FrameType.Stdout], [proc.stderr, FrameType.Stderr]] as const) {
    stream.on('data', (d: Buffer) => {
      if (socket.writable && !socket.write(encodeFrame(type, d))) {
        stream.pause();
        socket.once('drain', () => stream.resume());
      }
    });
  }
  const handle = (f: Frame) => {
    if (f.type === FrameType.Stdin) proc.stdin.write(f.payload);
    else if (f.type === FrameType.StdinEof) proc.stdin.end();
    else if (f.type === FrameType.Signal && SIGNALS.has(f.payload.toString('utf8'))) proc.signal(f.payload.toString('utf8') as NodeJS.Signals);
  };
  rest.forEach(handle);
  socket.on('data', (chunk: Buffer) => {
    try {
      decoder.push(chunk).forEach(handle);
    } catch {
      proc.signal('SIGKILL');
    }
  });
  socket.once('close', () => {
    proc.signal('SIGHUP');
    setTimeout(() => proc.signal('SIGKILL'), 2000).unref();
  });
  const exit = await running.exited;
  if (socket.writable) {
    const state = getCompute(ctx, c.id)?.properties.properties.state;
    if (exit.signal && state !== 'Running') socket.write(encodeJsonFrame(FrameType.Error, { message: `compute instance '${c.name}' ${endedBy(state)}; its processes were ended.` }));
    socket.end(encodeJsonFrame(FrameType.Exit, exit));
  }
}

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
    void serve(ctx, computeId, req, socket, head).catch((err) => {
      if (!isApiError(err)) ctx.log.error({ evt: 'compute.exec.error', err: (err as Error)?.stack ?? String(err) });
      const apiErr = isApiError(err) ? err : new ApiError(500, 'InternalServerError', 'Encountered an internal server error.');
      if (socket.writable) writeHttpError(socket, apiErr);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, bind, () => resolve());
  });
  // The platform's lifetime is the process's: this listener must not keep a closing process alive.
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    host: bind,
    port,
    url: `https://${bind}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Connections already saying goodbye (EXIT written) get a moment to flush it.
        for (const s of sockets) {
          if (s.writableEnded) setTimeout(() => s.destroy(), 1000).unref();
          else s.destroy();
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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
