/**
 * Token endpoint throughput. Each server runs in its own child process on loopback; autocannon drives it from
 * this process (32 connections, 5 s each):
 *   (a) a trivial node:http JSON server (the ceiling for this machine and client),
 *   (b) the login plane's v2 token endpoint, client_credentials for one service principal, token reuse on,
 *   (c) the same with reuse off: every request signs a new RS256 token.
 * Run: node --import tsx bench/token.ts
 */
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import os from 'node:os';

const CONNECTIONS = 32;
const DURATION_S = 5;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

// ---------------------------------------------------------------- child: servers

async function serveTrivial(): Promise<void> {
  const body = Buffer.from(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: 'x'.repeat(1290), refresh_in: 1800 }));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  announce({ port: (server.address() as AddressInfo).port });
}

async function serveToken(reuse: boolean): Promise<void> {
  const { createLoginFixture } = await import('../src/identity/test-support.js');
  const { createLoginPlane } = await import('../src/identity/login-plane.js');
  const { createPlaneHandler } = await import('../src/http/pipeline.js');
  const { systemClock } = await import('../src/shared/clock.js');
  const fx = await createLoginFixture({ clock: systemClock });
  const handler = createPlaneHandler(createLoginPlane(fx.pctx, { reuse }), fx.pctx);
  const meta = { host: 'login.microsoftonline.com', origin: 'https://login.microsoftonline.com' };
  const server = http.createServer((req, res) => void handler(req, res, meta));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.on('SIGTERM', () => {
    server.close();
    fx.close();
    process.exit(0);
  });
  announce({ port: (server.address() as AddressInfo).port, tenantId: fx.pctx.config.tenantId, clientId: fx.app.appId, secret: fx.secret });
}

function announce(info: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(info) + '\n');
}

// ---------------------------------------------------------------- parent: driver

interface Child {
  proc: ChildProcess;
  info: { port: number; tenantId?: string; clientId?: string; secret?: string };
}

function startChild(mode: string): Promise<Child> {
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--import', 'tsx', script, '--serve', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start`)), 20_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ proc, info: JSON.parse(buf.slice(0, nl)) });
      }
    });
    proc.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

function stopChild(c: Child): Promise<void> {
  return new Promise((r) => {
    if (c.proc.exitCode !== null) return r();
    c.proc.once('exit', () => r());
    c.proc.kill('SIGTERM');
  });
}

async function drive(autocannon: Autocannon, label: string, child: Child): Promise<{ label: string; r: AutocannonResult }> {
  const { port, tenantId, clientId, secret } = child.info;
  const form = new URLSearchParams({
    client_id: clientId ?? 'x',
    grant_type: 'client_credentials',
    client_info: '1',
    client_secret: secret ?? 'x',
    scope: 'https://management.core.windows.net//.default',
  }).toString();
  const opts = {
    url: `http://127.0.0.1:${port}/${tenantId ?? 'common'}/oauth2/v2.0/token`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form,
    connections: CONNECTIONS,
    duration: DURATION_S,
  };
  // Short warm-up (JIT, SQLite page cache), then the measured run.
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon(opts);
  return { label, r };
}

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const runs: Array<[string, string]> = [
    ['(a) trivial node:http JSON server', 'trivial'],
    ['(b) token endpoint, reuse on', 'token-reuse'],
    ['(c) token endpoint, reuse off (signing)', 'token-noreuse'],
  ];
  const results: Array<{ label: string; r: AutocannonResult }> = [];
  for (const [label, mode] of runs) {
    const child = await startChild(mode);
    try {
      results.push(await drive(autocannon, label, child));
    } finally {
      await stopChild(child);
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Node ${process.version}, ${os.cpus().length} cores (${cpu}), ${CONNECTIONS} connections, ${DURATION_S} s each\n`);
  console.log('| server | req/s | p50 ms | p99 ms | non-2xx | errors |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const { label, r } of results) {
    console.log(`| ${label} | ${Math.round(r.requests.average).toLocaleString('en-US')} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} | ${r.errors + r.timeouts} |`);
  }
  const bad = results.filter(({ r }) => r.non2xx > 0 || r.errors > 0);
  if (bad.length > 0) process.exitCode = 1;
}

const serveIdx = process.argv.indexOf('--serve');
if (serveIdx >= 0) {
  const mode = process.argv[serveIdx + 1];
  if (mode === 'trivial') await serveTrivial();
  else await serveToken(mode === 'token-reuse');
} else {
  await main();
}
