import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Duplex } from 'node:stream';
import { loadOrCreateCa } from '../http/tls/local-ca.js';
import { createLogger } from '../platform/logger.js';
import type { PlatformContext } from '../platform/context.js';
import { ApiError } from '../shared/errors.js';
import { EXEC_PATH, EXEC_UPGRADE_PROTOCOL, FrameDecoder, FrameType, encodeFrame, encodeJsonFrame, type ExecExit, type Frame } from './exec-frames.js';
import { startExecListener, type ExecListener, type ExecSession, type ExecStartSpec } from './exec-listener.js';
import { WorkloadStartError, type RunningWorkload } from './workload-launcher.js';

const TENANT = '381ab00a-586c-4110-9386-3a4cbc556b5e';
let dir: string;
let caPem: string;
let listener: ExecListener;
/** What the test's `admit` does for the next request. */
let admit: () => Promise<ExecSession>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cerulean-exec-listener-'));
  const ca = await loadOrCreateCa({ caDir: join(dir, 'ca'), caCert: join(dir, 'ca', 'ca.pem'), caKey: join(dir, 'ca', 'ca.key') });
  caPem = ca.certPem;
  const ctx = { log: createLogger({}), config: { tenantId: TENANT } } as unknown as PlatformContext;
  listener = await startExecListener(ctx, { cert: await ca.issueLeaf(['127.0.0.1']), bind: '127.0.0.1', errorEvent: 'test.exec.error', admit: () => admit() });
});

after(async () => {
  await listener?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A workload whose output, exit and received signals the test controls. */
function fakeWorkload() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const signals: string[] = [];
  let finish!: (exit: ExecExit) => void;
  const exited = new Promise<ExecExit>((r) => (finish = r));
  const running: RunningWorkload = {
    workload: { id: 'wtest' } as RunningWorkload['workload'],
    process: { pid: 4242, stdin, stdout, stderr, exited, signal: (s) => void signals.push(s) },
    exited,
  };
  return { running, stdout, stderr, stdin, signals, finish };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body?: string;
  socket?: Duplex;
}

function call(opts: { method?: string; path?: string; upgrade?: string | null }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.upgrade !== null) Object.assign(headers, { connection: 'Upgrade', upgrade: opts.upgrade ?? EXEC_UPGRADE_PROTOCOL });
    const req = https.request({ host: '127.0.0.1', port: listener.port, method: opts.method ?? 'POST', path: opts.path ?? EXEC_PATH, ca: caPem, headers });
    req.on('upgrade', (res, socket) => resolve({ status: res.statusCode ?? 0, headers: res.headers, socket }));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Frames until EXIT (or the socket closes). */
function framesUntilExit(socket: Duplex): Promise<Frame[]> {
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  return new Promise((resolve) => {
    socket.on('data', (d: Buffer) => {
      for (const f of decoder.push(d)) {
        frames.push(f);
        if (f.type === FrameType.Exit) resolve(frames);
      }
    });
    socket.on('close', () => resolve(frames));
  });
}

const json = (f: Frame) => JSON.parse(f.payload.toString('utf8')) as Record<string, unknown>;

test('refusals before switching protocols: not an upgrade 426, wrong path 404, other protocol 400, admit errors as ARM JSON', async () => {
  admit = async () => assert.fail('admit must not run');
  const plain = await call({ upgrade: null });
  assert.equal(plain.status, 426);
  assert.equal(plain.headers.upgrade, EXEC_UPGRADE_PROTOCOL);
  assert.equal((JSON.parse(plain.body!) as { error: { code: string } }).error.code, 'UpgradeRequired');
  assert.equal((await call({ path: '/elsewhere' })).status, 404);
  assert.equal((await call({ method: 'GET' })).status, 404);
  const other = await call({ upgrade: 'websocket' });
  assert.equal(other.status, 400);
  assert.match(other.body!, /UnsupportedUpgrade/);

  admit = async () => {
    throw new ApiError(401, 'AuthenticationFailed', 'Authentication failed.', { headers: { 'WWW-Authenticate': 'Bearer authorization_uri="https://login.windows.net/common", error="invalid_token"' } });
  };
  const refused = await call({});
  assert.equal(refused.status, 401);
  assert.deepEqual(JSON.parse(refused.body!), { error: { code: 'AuthenticationFailed', message: 'Authentication failed.' } });
  assert.equal(refused.headers['www-authenticate'], `Bearer authorization_uri="https://login.windows.net/${TENANT}", error="invalid_token"`);
});

test('a session: START, STARTED, output, stdin, allowed signals only, the farewell, then EXIT', async () => {
  const w = fakeWorkload();
  let spec: ExecStartSpec | undefined;
  admit = async () => ({
    start: async (s) => {
      spec = s;
      return w.running;
    },
    farewell: (exit) => (exit.signal ? 'the instance was stopped' : undefined),
  });
  const { status, socket } = await call({});
  assert.equal(status, 101);
  const frames = framesUntilExit(socket!);
  socket!.write(encodeJsonFrame(FrameType.Start, { argv: ['/bin/cat'], cwd: '/tmp', env: { A: '1', B: 2 } }));
  socket!.write(encodeFrame(FrameType.Stdin, 'typed'));
  socket!.write(encodeFrame(FrameType.Signal, 'SIGINT'));
  socket!.write(encodeFrame(FrameType.Signal, 'SIGSTOP'));
  const typed = await new Promise<string>((r) => w.stdin.once('data', (d: Buffer) => r(d.toString())));
  assert.equal(typed, 'typed');
  w.stdout.write('out');
  w.stderr.write('err');
  await new Promise((r) => setTimeout(r, 50));
  w.finish({ code: null, signal: 'SIGTERM' });
  const got = await frames;
  assert.deepEqual(spec, { argv: ['/bin/cat'], cwd: '/tmp', env: { A: '1' } });
  assert.deepEqual(w.signals, ['SIGINT'], 'SIGSTOP is not relayed');
  assert.deepEqual(json(got[0]), { workloadId: 'wtest', pid: 4242 });
  assert.deepEqual(
    got.slice(1).map((f) => [f.type, f.type === FrameType.Stdout || f.type === FrameType.Stderr ? f.payload.toString() : json(f)]),
    [
      [FrameType.Stdout, 'out'],
      [FrameType.Stderr, 'err'],
      [FrameType.Error, { message: 'the instance was stopped' }],
      [FrameType.Exit, { code: null, signal: 'SIGTERM' }],
    ],
  );
});

test('a bad START, or a workload that cannot start, ends with ERROR and EXIT and the right status', async () => {
  admit = async () => ({ start: async () => assert.fail('must not start') });
  let { socket } = await call({});
  let frames = framesUntilExit(socket!);
  socket!.write(encodeJsonFrame(FrameType.Start, { argv: [], cwd: '/tmp' }));
  assert.deepEqual((await frames).map(json), [{ message: 'Bad exec request: START needs a non-empty argv.' }, { code: 1, signal: null }]);

  ({ socket } = await call({}));
  frames = framesUntilExit(socket!);
  socket!.write(encodeJsonFrame(FrameType.Start, { argv: ['x'], cwd: 'relative' }));
  assert.deepEqual((await frames).map(json)[0], { message: 'Bad exec request: START needs an absolute cwd.' });

  admit = async () => ({
    start: async () => {
      throw new WorkloadStartError('no such command: x', 127);
    },
  });
  ({ socket } = await call({}));
  frames = framesUntilExit(socket!);
  socket!.write(encodeJsonFrame(FrameType.Start, { argv: ['x'] }));
  assert.deepEqual((await frames).map(json), [{ message: 'no such command: x' }, { code: 127, signal: null }]);
});

test('the workload is hung up when the client goes away', async () => {
  const w = fakeWorkload();
  admit = async () => ({ start: async () => w.running });
  const { socket } = await call({});
  const started = new Promise<void>((r) => socket!.once('data', () => r()));
  socket!.write(encodeJsonFrame(FrameType.Start, { argv: ['/bin/sleep', '9'] }));
  await started;
  socket!.destroy();
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(w.signals, ['SIGHUP']);
  w.finish({ code: 0, signal: null });
});
