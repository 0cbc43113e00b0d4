/**
 * Token endpoint throughput. Each server runs in its own child process on loopback; autocannon drives it from
 * this process (32 connections, 5 s each):
 *   (a) a trivial node:http JSON server (the ceiling for this machine and client),
 *   (b) the login plane's v2 token endpoint, client_credentials for one service principal, token reuse on,
 *   (c) the same with reuse off: every request signs a new RS256 token.
 * For each run it also reports the server's CPU time per request (user + system, from the child's own
 * `process.cpuUsage()`) and how busy the load generator was, so a client-bound ceiling shows.
 * A second table measures (a) and (b) identically without sockets or a load generator: each child feeds its
 * `node:http` server in-memory connections (32, one request in flight each) and reports CPU per request.
 * Run: node --import tsx bench/token.ts
 * Before/after: run this same script from a copy of the older tree (`git archive <rev> | tar -x -C <dir>`, then link
 * `<dir>/node_modules` to this tree's) and from this tree, alternately, a few rounds each; compare rows of one run only.
 * Only the in-memory figure of (b): node --import tsx bench/token.ts --inproc token 100000
 */
import http from 'node:http';
import { Duplex } from 'node:stream';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import os from 'node:os';

const CONNECTIONS = 32;
const DURATION_S = 5;
const INPROC_REQUESTS = 100_000;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

// ---------------------------------------------------------------- child: servers

type Served = { handler: http.RequestListener; info: Record<string, unknown> };

function trivialHandler(): Served {
  const body = Buffer.from(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: 'x'.repeat(1290), refresh_in: 1800 }));
  const handler: http.RequestListener = (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  };
  return { handler, info: {} };
}

async function tokenHandler(reuse: boolean): Promise<Served> {
  const { createLoginFixture } = await import('../src/identity/test-support.js');
  const { createLoginPlane } = await import('../src/identity/login-plane.js');
  const { createPlaneHandler } = await import('../src/http/pipeline.js');
  const { systemClock } = await import('../src/shared/clock.js');
  const fx = await createLoginFixture({ clock: systemClock });
  const handler = createPlaneHandler(createLoginPlane(fx.pctx, { reuse }), fx.pctx);
  const meta = { host: 'login.microsoftonline.com', origin: 'https://login.microsoftonline.com' };
  process.on('exit', () => fx.close());
  return {
    handler: (req, res) => void handler(req, res, meta),
    info: { tenantId: fx.pctx.config.tenantId, clientId: fx.app.appId, secret: fx.secret },
  };
}

async function serve(mode: string): Promise<void> {
  const { handler, info } = mode === 'trivial' ? trivialHandler() : await tokenHandler(mode === 'token-reuse');
  const server = http.createServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.on('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
  // The parent asks for this process's CPU time (a line `cpu` on stdin) before and after its measured run.
  let pending = '';
  process.stdin.on('data', (d: Buffer) => {
    pending += d.toString();
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      if (pending.slice(0, nl) === 'cpu') announce({ cpu: process.cpuUsage() });
      pending = pending.slice(nl + 1);
    }
  });
  announce({ port: (server.address() as AddressInfo).port, ...info });
}

/** A connection that lives in memory: requests are pushed in, responses are counted as they are written. */
class MemorySocket extends Duplex {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 1;
  constructor(private readonly onResponse: (socket: MemorySocket, ok: boolean) => void) {
    super({ decodeStrings: false });
  }
  override _read(): void {}
  override _write(chunk: Buffer | string, _enc: string, cb: () => void): void {
    const head = typeof chunk === 'string' ? chunk.slice(0, 12) : chunk.toString('latin1', 0, 12);
    if (head.startsWith('HTTP/1.1 ')) this.onResponse(this, head === 'HTTP/1.1 200');
    cb();
  }
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
}

/** Drives a `node:http` server through in-memory connections and prints its CPU time per request. */
async function inProcess(mode: string, total: number): Promise<void> {
  const { handler, info } = mode === 'trivial' ? trivialHandler() : await tokenHandler(true);
  const server = http.createServer(handler);
  const form = tokenForm(info);
  const path = `/${(info.tenantId as string | undefined) ?? 'common'}/oauth2/v2.0/token`;
  const request = Buffer.from(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/x-www-form-urlencoded\r\naccept: application/json\r\n` +
      `content-length: ${Buffer.byteLength(form)}\r\n\r\n${form}`,
  );
  const run = (n: number): Promise<{ ok: number; cpuUs: number }> =>
    new Promise((resolve) => {
      let sent = 0;
      let done = 0;
      let ok = 0;
      const cpu0 = process.cpuUsage();
      const onResponse = (socket: MemorySocket, good: boolean): void => {
        done++;
        if (good) ok++;
        if (done === n) {
          const cpu = process.cpuUsage(cpu0);
          resolve({ ok, cpuUs: cpu.user + cpu.system });
        } else if (sent < n) {
          sent++;
          setImmediate(() => socket.push(request));
        }
      };
      for (let i = 0; i < CONNECTIONS; i++) {
        const socket = new MemorySocket(onResponse);
        server.emit('connection', socket);
        sent++;
        socket.push(request);
      }
    });
  await run(Math.round(total / 5)); // warm-up
  const { ok, cpuUs } = await run(total);
  announce({ requests: total, ok, cpuUsPerRequest: cpuUs / total });
  process.exit(0);
}

function announce(info: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(info) + '\n');
}

// ---------------------------------------------------------------- parent: driver

interface ChildInfo {
  port: number;
  tenantId?: string;
  clientId?: string;
  secret?: string;
}

interface Child {
  proc: ChildProcess;
  info: ChildInfo;
  /** The next JSON line the child writes. */
  next(): Promise<Record<string, unknown>>;
}

function startChild(args: string[], timeoutMs = 20_000): Promise<Child> {
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const next = (): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: no answer`)), timeoutMs);
      const take = (line: string): void => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      };
      const line = lines.shift();
      if (line !== undefined) take(line);
      else waiting.push(take);
    });
  return new Promise((resolve, reject) => {
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    next().then((info) => resolve({ proc, info: info as unknown as ChildInfo, next }), reject);
  });
}

async function childCpuUs(c: Child): Promise<number> {
  c.proc.stdin!.write('cpu\n');
  const { cpu } = (await c.next()) as { cpu: NodeJS.CpuUsage };
  return cpu.user + cpu.system;
}

function tokenForm(info: { clientId?: unknown; secret?: unknown }): string {
  return new URLSearchParams({
    client_id: (info.clientId as string | undefined) ?? 'x',
    grant_type: 'client_credentials',
    client_info: '1',
    client_secret: (info.secret as string | undefined) ?? 'x',
    scope: 'https://management.core.windows.net//.default',
  }).toString();
}

function stopChild(c: Child): Promise<void> {
  return new Promise((r) => {
    if (c.proc.exitCode !== null) return r();
    c.proc.once('exit', () => r());
    c.proc.kill('SIGTERM');
  });
}

interface Measured {
  label: string;
  r: AutocannonResult;
  /** Server CPU (user + system) per request, µs. */
  serverUs: number;
  /** Load generator (this process) CPU over the measured run, in cores. */
  clientCores: number;
}

async function drive(autocannon: Autocannon, label: string, child: Child): Promise<Measured> {
  const { port, tenantId } = child.info;
  const opts = {
    url: `http://127.0.0.1:${port}/${tenantId ?? 'common'}/oauth2/v2.0/token`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenForm(child.info),
    connections: CONNECTIONS,
    duration: DURATION_S,
  };
  // Short warm-up (JIT, SQLite page cache), then the measured run.
  await autocannon({ ...opts, duration: 1 });
  const server0 = await childCpuUs(child);
  const client0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  const r = await autocannon(opts);
  const wallUs = Number(process.hrtime.bigint() - started) / 1e3;
  const client = process.cpuUsage(client0);
  const serverUs = (await childCpuUs(child)) - server0;
  return { label, r, serverUs: serverUs / Math.max(1, r.requests.total), clientCores: (client.user + client.system) / wallUs };
}

async function inProcessRun(mode: string): Promise<{ cpuUsPerRequest: number; ok: number; requests: number }> {
  const child = await startChild(['--inproc', mode, String(INPROC_REQUESTS)], 120_000);
  if (child.proc.exitCode === null) await new Promise((r) => child.proc.once('exit', r));
  return child.info as unknown as { cpuUsPerRequest: number; ok: number; requests: number };
}

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const runs: Array<[string, string]> = [
    ['(a) trivial node:http JSON server', 'trivial'],
    ['(b) token endpoint, reuse on', 'token-reuse'],
    ['(c) token endpoint, reuse off (signing)', 'token-noreuse'],
  ];
  const results: Measured[] = [];
  for (const [label, mode] of runs) {
    const child = await startChild(['--serve', mode]);
    try {
      results.push(await drive(autocannon, label, child));
    } finally {
      await stopChild(child);
    }
  }
  const inproc = { trivial: await inProcessRun('trivial'), token: await inProcessRun('token') };

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Node ${process.version}, ${os.cpus().length} cores (${cpu}), ${CONNECTIONS} connections, ${DURATION_S} s each\n`);
  console.log('| server | req/s | p50 ms | p99 ms | non-2xx | errors | server CPU µs/req | load generator cores |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { label, r, serverUs, clientCores } of results) {
    console.log(
      `| ${label} | ${Math.round(r.requests.average).toLocaleString('en-US')} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} | ` +
        `${r.errors + r.timeouts} | ${serverUs.toFixed(1)} | ${clientCores.toFixed(2)} |`,
    );
  }
  const [a, b] = results;
  console.log(`\n(b)/(a): ${(b.r.requests.average / a.r.requests.average).toFixed(2)} by req/s, ${(a.serverUs / b.serverUs).toFixed(2)} by server CPU per request`);
  console.log(`\nIn memory (no sockets, no load generator), ${INPROC_REQUESTS.toLocaleString('en-US')} requests each:\n`);
  console.log('| server | CPU µs/req | 200 OK |');
  console.log('|---|---:|---:|');
  console.log(`| (a) trivial node:http JSON server | ${inproc.trivial.cpuUsPerRequest.toFixed(1)} | ${inproc.trivial.ok} |`);
  console.log(`| (b) token endpoint, reuse on | ${inproc.token.cpuUsPerRequest.toFixed(1)} | ${inproc.token.ok} |`);
  const bad = results.filter(({ r }) => r.non2xx > 0 || r.errors > 0);
  if (bad.length > 0 || inproc.trivial.ok !== INPROC_REQUESTS || inproc.token.ok !== INPROC_REQUESTS) process.exitCode = 1;
}

const serveIdx = process.argv.indexOf('--serve');
const inprocIdx = process.argv.indexOf('--inproc');
if (serveIdx >= 0) await serve(process.argv[serveIdx + 1]);
else if (inprocIdx >= 0) await inProcess(process.argv[inprocIdx + 1], Number(process.argv[inprocIdx + 2]));
else await main();
