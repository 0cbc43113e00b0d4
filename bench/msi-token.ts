/**
 * Managed-identity token endpoint benchmark: cached MSI_ENDPOINT token requests (Azure ML protocol, header
 * `secret`) at 32 connections against a trivial node:http server answering the same bytes.
 * Each server runs in its own child process; autocannon drives both from this process (same client, same
 * settings). Each target gets a warm-up, then a measured run; the rounds alternate baseline / MSI so drift on a
 * shared machine hits both alike. The children's CPU time during the measured run is read from /proc.
 * Run with `node --import tsx bench/msi-token.ts [seconds] [rounds]` (default 10 s per run, 2 rounds).
 * BENCH_COMPARE=<dir of another checkout>[,<dir>…] adds, in every round, the MSI endpoint served by each of those
 * checkouts' code (e.g. the previous revision), so before and after come from the same run.
 */
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const CONNECTIONS = 32;
const WARMUP_S = 2;

interface ChildInfo {
  url: string;
  headers: Record<string, string>;
  body?: string;
}

// ---------------------------------------------------------------- children: servers

async function serveMsi(): Promise<void> {
  const { createPlatform } = await import('../src/platform/create-platform.js');
  const { runtimeOf } = await import('../src/runtime/runtime.js');
  const { createIdentityPrincipal } = await import('../src/managed-identity/principal-lifecycle.js');
  const platform = await createPlatform();
  const runtime = runtimeOf(platform.context)!;
  const ref = createIdentityPrincipal(platform.context, 'bench', `/subscriptions/${platform.subscriptionId}/resourcegroups/bench/providers/Microsoft.ManagedIdentity/userAssignedIdentities/bench`);
  const workload = runtime.registry.register({ identities: [{ ...ref, kind: 'userAssigned' }], description: 'bench' });
  const url = `${runtime.msiEndpoint}?resource=https://storage.azure.com/&api-version=2017-09-01&clientid=${ref.clientId}`;
  const sample = await fetch(url, { headers: { secret: workload.secret } });
  if (sample.status !== 200) throw new Error(`MSI endpoint answered ${sample.status}`);
  const body = await sample.text();
  process.on('SIGTERM', () => void platform.close().then(() => process.exit(0)));
  announce({ url, headers: { secret: workload.secret }, body });
}

async function serveTrivial(): Promise<void> {
  const body = Buffer.from(process.env.BENCH_BODY ?? '{}');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  announce({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, headers: {} });
}

function announce(info: ChildInfo): void {
  process.stdout.write(JSON.stringify(info) + '\n');
}

// ---------------------------------------------------------------- parent: driver

interface Child {
  proc: ChildProcess;
  info: ChildInfo;
}

function startChild(mode: string, env: Record<string, string> = {}, root?: string): Promise<Child> {
  const script = root ? `${root}/bench/msi-token.ts` : fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--import', 'tsx', ...(process.env.BENCH_CHILD_FLAGS?.split(' ').filter(Boolean) ?? []), script, '--serve', mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ proc, info: JSON.parse(buf.slice(0, nl)) as ChildInfo });
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

/** utime and stime of a process, in µs (clock ticks are 100 Hz on Linux). */
function cpuMicros(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) * 10_000, system: Number(fields[12]) * 10_000 };
}

interface Row {
  target: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuPerReq: number;
  userPerReq: number;
}

async function measure(autocannon: Autocannon, target: string, child: Child, seconds: number): Promise<Row> {
  const opts = { url: child.info.url, headers: child.info.headers, connections: CONNECTIONS, pipelining: 1 };
  await autocannon({ ...opts, duration: WARMUP_S });
  const cpu0 = cpuMicros(child.proc.pid!);
  const r = await autocannon({ ...opts, duration: seconds });
  const cpu1 = cpuMicros(child.proc.pid!);
  const user = cpu1.user - cpu0.user;
  const cpu = user + cpu1.system - cpu0.system;
  return {
    target,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    cpuPerReq: r.requests.total ? cpu / r.requests.total : NaN,
    userPerReq: r.requests.total ? user / r.requests.total : NaN,
  };
}

function ratio(rows: Row[], target: string, baseline: Row): string {
  const row = rows.find((r) => r.target === target);
  return row ? `${((row.rps / baseline.rps) * 100).toFixed(0)} %` : '';
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const rounds = Number(process.argv[3] ?? 2);
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const compareDirs = (process.env.BENCH_COMPARE ?? '').split(',').filter(Boolean);
  const msi = await startChild('msi');
  const trivial = await startChild('trivial', { BENCH_BODY: msi.info.body ?? '{}' });
  const others: Array<[string, Child]> = [];
  for (const dir of compareDirs) others.push([`MSI_ENDPOINT token (cached), ${dir}`, await startChild('msi', {}, dir)]);
  const MSI = 'MSI_ENDPOINT token (cached)';
  const rounds_: Row[][] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const round: Row[] = [await measure(autocannon, 'node:http JSON server (baseline)', trivial, seconds)];
      // With other trees, the endpoints take turns at going first (the order rotates each round): one measured
      // right after another runs while that one's process is still settling (timers, GC), which costs it a little.
      const order: Array<[string, Child]> = [...others, [MSI, msi]];
      for (let k = 0; k < i % order.length; k++) order.push(order.shift()!);
      for (const [name, child] of order) round.push(await measure(autocannon, name, child, seconds));
      rounds_.push(round);
    }
  } finally {
    await stopChild(trivial);
    await stopChild(msi);
    for (const [, child] of others) await stopChild(child);
  }
  const rows = rounds_.flat();
  const size = Buffer.byteLength(msi.info.body ?? '');
  console.log(`\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${seconds} s each, response body ${size} bytes\n`);
  console.log('| target | requests/s | p50 ms | p99 ms | server CPU µs/req (user) | errors |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.target} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.cpuPerReq.toFixed(1)} (${r.userPerReq.toFixed(1)}) | ${r.errors} |`);
  rounds_.forEach((round, i) => {
    const vs = others.map(([name]) => `, ${name}: ${ratio(round, name, round[0])}`).join('');
    console.log(`round ${i + 1}: throughput relative to the baseline: ${MSI}: ${ratio(round, MSI, round[0])}${vs}`);
  });
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
}

const serveIdx = process.argv.indexOf('--serve');
if (serveIdx >= 0) {
  if (process.argv[serveIdx + 1] === 'msi') await serveMsi();
  else await serveTrivial();
} else {
  await main();
}
