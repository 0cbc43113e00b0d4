/**
 * The HTTPS listener that `cerulean exec` and `cerulean compute exec|shell` talk to: `POST
 * /providers/Cerulean.Runtime/exec` with `Upgrade: cerulean-exec`. Before switching protocols, `admit` runs the
 * listener's own checks (the caller's token, its permissions, the state of what it asks for) and answers an
 * `ApiError` as ARM-shaped JSON; after `101 Switching Protocols` the client sends a START frame (argv, cwd, env),
 * the session starts the workload, and stdio, signals and the exit status flow as frames (exec-frames.ts).
 * Requests that are not upgrades get 426.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PlatformContext } from '../platform/context.js';
import { ApiError, isApiError } from '../shared/errors.js';
import {
  EXEC_PATH,
  EXEC_UPGRADE_PROTOCOL,
  FrameDecoder,
  FrameType,
  encodeFrame,
  encodeJsonFrame,
  parseJsonPayload,
  type ExecExit,
  type Frame,
} from './exec-frames.js';
import type { RunningWorkload } from './workload-launcher.js';

const START_TIMEOUT_MS = 30_000;
/** How long a connection that has written its EXIT frame may take to flush it when the listener closes. */
const CLOSE_GRACE_MS = 1000;
const ALLOWED_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT', 'SIGTSTP']);
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  426: 'Upgrade Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What the START frame asks for. `cwd` is absolute when given; a session may require it. */
export interface ExecStartSpec {
  argv: string[];
  cwd?: string;
  env: Record<string, string>;
}

/** An admitted request: how to start its workload, and what to say when it has ended. */
export interface ExecSession {
  /** Starts the workload; an error's message is reported, with its `exitCode` (126 / 127) when it has one. */
  start(spec: ExecStartSpec): Promise<RunningWorkload>;
  /** An ERROR frame to send before EXIT (e.g. the instance it ran in was stopped), or undefined. */
  farewell?(exit: ExecExit): string | undefined;
}

export interface ExecListenerOptions {
  cert: { certPem: string; keyPem: string };
  bind: string;
  port?: number;
  /** Checks run before switching protocols; throws an ApiError to refuse. */
  admit(req: IncomingMessage, url: URL): Promise<ExecSession>;
  /** Event name of the log line for an unexpected error. */
  errorEvent: string;
  /** Let the process exit while this listener is open (an instance's node must not keep it alive). */
  unref?: boolean;
}

export interface ExecListener {
  host: string;
  port: number;
  /** `https://<bind>:<port>` */
  url: string;
  close(): Promise<void>;
}

/** An ARM-style error on a socket that never switched protocols; `Bearer` challenges name the platform's tenant. */
export function writeHttpError(socket: Duplex, err: ApiError, tenantId: string): void {
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

/** Waits for the START frame; frames that arrive with it are kept for later. `start` is undefined on a timeout. */
function readStart(socket: Duplex, head: Buffer, decoder: FrameDecoder): Promise<{ start?: Frame; rest: Frame[]; error?: string }> {
  return new Promise((resolve) => {
    const rest: Frame[] = [];
    let start: Frame | undefined;
    let error: string | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.off('data', feed);
      socket.off('close', done);
      resolve({ start, rest, error });
    };
    const feed = (chunk: Buffer) => {
      try {
        for (const f of decoder.push(chunk)) {
          if (start) rest.push(f);
          else start = f;
        }
      } catch (e) {
        error = (e as Error).message;
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

function parseStart(frame: Frame): ExecStartSpec {
  if (frame.type !== FrameType.Start) throw new Error('the first frame must be START');
  const s = parseJsonPayload<{ argv?: unknown; cwd?: unknown; env?: Record<string, unknown> }>(frame);
  if (!Array.isArray(s.argv) || s.argv.length === 0 || !s.argv.every((a) => typeof a === 'string')) throw new Error('START needs a non-empty argv');
  if (s.cwd !== undefined && (typeof s.cwd !== 'string' || !s.cwd.startsWith('/'))) throw new Error('START needs an absolute cwd');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.env ?? {})) if (typeof v === 'string') env[k] = v;
  return { argv: s.argv as string[], cwd: s.cwd as string | undefined, env };
}

async function serve(opts: ExecListenerOptions, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://runtime');
  if (url.pathname.replace(/\/+$/, '').toLowerCase() !== EXEC_PATH.toLowerCase() || req.method !== 'POST') {
    throw new ApiError(404, 'NotFound', `The requested resource '${url.pathname}' was not found.`);
  }
  if ((req.headers.upgrade ?? '').toLowerCase() !== EXEC_UPGRADE_PROTOCOL) {
    throw new ApiError(400, 'UnsupportedUpgrade', `Only 'Upgrade: ${EXEC_UPGRADE_PROTOCOL}' is served here.`);
  }
  const session = await opts.admit(req, url);

  (socket as Socket).setNoDelay?.(true);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${EXEC_UPGRADE_PROTOCOL}\r\nconnection: Upgrade\r\n\r\n`);
  const fail = (message: string, code: number) => {
    if (!socket.writable) return;
    socket.write(encodeJsonFrame(FrameType.Error, { message }));
    socket.end(encodeJsonFrame(FrameType.Exit, { code, signal: null }));
  };
  const decoder = new FrameDecoder();
  const { start, rest, error } = await readStart(socket, head, decoder);
  if (!socket.writable) return;
  if (error !== undefined) return fail(error, 1);
  if (!start) return fail('No START frame received.', 1);
  let spec: ExecStartSpec;
  try {
    spec = parseStart(start);
  } catch (e) {
    return fail(`Bad exec request: ${(e as Error).message}.`, 1);
  }

  let running: RunningWorkload;
  try {
    running = await session.start(spec);
  } catch (e) {
    const err = e as Error & { exitCode?: number };
    return fail(err.message, err.exitCode ?? 1);
  }
  const proc = running.process;
  socket.write(encodeFrame(FrameType.Started, JSON.stringify({ workloadId: running.workload.id, pid: proc.pid })));
  for (const [stream, type] of [
    [proc.stdout, FrameType.Stdout],
    [proc.stderr, FrameType.Stderr],
  ] as const) {
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
    else if (f.type === FrameType.Signal) {
      const sig = f.payload.toString('utf8');
      if (ALLOWED_SIGNALS.has(sig)) proc.signal(sig as NodeJS.Signals);
    }
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
    // The client went away: hang up the workload, then make sure it ends.
    proc.signal('SIGHUP');
    setTimeout(() => proc.signal('SIGKILL'), 2000).unref();
  });
  const exit = await running.exited;
  if (!socket.writable) return;
  const last = session.farewell?.(exit);
  if (last !== undefined) socket.write(encodeJsonFrame(FrameType.Error, { message: last }));
  socket.end(encodeJsonFrame(FrameType.Exit, exit));
}

export async function startExecListener(ctx: PlatformContext, opts: ExecListenerOptions): Promise<ExecListener> {
  const server = https.createServer({ cert: opts.cert.certPem, key: opts.cert.keyPem });
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
    void serve(opts, req, socket, head).catch((err) => {
      if (!isApiError(err)) ctx.log.error({ evt: opts.errorEvent, err: (err as Error)?.stack ?? String(err) });
      const apiErr = isApiError(err) ? err : new ApiError(500, 'InternalServerError', 'Encountered an internal server error.');
      if (socket.writable) writeHttpError(socket, apiErr, ctx.config.tenantId);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.bind, () => resolve());
  });
  if (opts.unref) server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    host: opts.bind,
    port,
    url: `https://${opts.bind}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) {
          if (s.writableEnded) setTimeout(() => s.destroy(), CLOSE_GRACE_MS).unref();
          else s.destroy();
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
