/**
 * Where `cerulean compute exec|shell` connects: an HTTPS listener on loopback (started on first use; its address is
 * what `POST …/computes/{name}/listNodes` reports) that accepts
 * `POST /providers/Cerulean.Runtime/computeInstances/exec?compute=<compute ARM id>` with `Upgrade: cerulean-exec`
 * and the caller's ARM token. Before switching protocols it checks the token, that the caller may use the instance
 * (`…/computes/applicationaccess/action`, as for the instance's terminal on Azure) and that the instance is running;
 * then it speaks the exec frames of src/runtime/exec-frames.ts: START (argv, env), stdio, signals, EXIT.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError, isApiError } from '../../shared/errors.js';
import { loadOrCreateCa } from '../../http/tls/local-ca.js';
import { armAuthorizationFailed } from '../../arm/arm-errors.js';
import { authenticateExec } from '../../runtime/exec-server.js';
import { EXEC_UPGRADE_PROTOCOL, FrameDecoder, FrameType, encodeFrame, encodeJsonFrame, parseJsonPayload, type Frame } from '../../runtime/exec-frames.js';
import { mlErrors } from '../arm/ml-errors.js';
import { getCompute } from './compute-records.js';
import { computeInstancesOf, requireRunning } from './compute-instances.js';

export const COMPUTE_EXEC_PATH = '/providers/Cerulean.Runtime/computeInstances/exec';
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

async function serve(ctx: PlatformContext, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://runtime');
  if (url.pathname.replace(/\/+$/, '').toLowerCase() !== COMPUTE_EXEC_PATH.toLowerCase() || req.method !== 'POST') {
    throw new ApiError(404, 'NotFound', `The requested resource '${url.pathname}' was not found.`);
  }
  if ((req.headers.upgrade ?? '').toLowerCase() !== EXEC_UPGRADE_PROTOCOL) throw new ApiError(400, 'UnsupportedUpgrade', `Only 'Upgrade: ${EXEC_UPGRADE_PROTOCOL}' is served here.`);
  const principal = await authenticateExec(ctx, req);
  const computeId = url.searchParams.get('compute') ?? '';
  const c = computeId ? getCompute(ctx, computeId) : undefined;
  if (!c) throw mlErrors.notFound(computeId || '/computes/');
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
    if (exit.signal && state !== 'Running') socket.write(encodeJsonFrame(FrameType.Error, { message: `compute instance '${c.name}' is ${state ?? 'gone'}; its processes were ended.` }));
    socket.end(encodeJsonFrame(FrameType.Exit, exit));
  }
}

async function startServer(ctx: PlatformContext, bind = '127.0.0.1'): Promise<ComputeExecServer> {
  const ca = await loadOrCreateCa({ caDir: ctx.paths.caDir, caCert: ctx.paths.caCert, caKey: ctx.paths.caKey });
  const leaf = await ca.issueLeaf([bind, 'localhost']);
  const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem });
  const sockets = new Set<Duplex>();
  server.on('request', (_req, res) => {
    res.statusCode = 426;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('upgrade', EXEC_UPGRADE_PROTOCOL);
    res.end(JSON.stringify({ error: { code: 'UpgradeRequired', message: `Use POST ${COMPUTE_EXEC_PATH} with 'Upgrade: ${EXEC_UPGRADE_PROTOCOL}'.` } }));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    void serve(ctx, req, socket, head).catch((err) => {
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
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const servers = new WeakMap<PlatformContext, Promise<ComputeExecServer>>();

/** The compute exec listener of a platform, started on first use. */
export function computeExecServer(ctx: PlatformContext): Promise<ComputeExecServer> {
  let s = servers.get(ctx);
  if (!s) {
    s = startServer(ctx);
    servers.set(ctx, s);
    s.catch(() => servers.delete(ctx));
  }
  return s;
}
