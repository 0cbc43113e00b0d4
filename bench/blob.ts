/**
 * Blob GET throughput: 4 KiB and 8 MiB blobs, bearer token of a service principal with Storage Blob Data
 * Contributor (so every request is token-verified and RBAC-checked), against
 *   (a) Cerulean through its forward proxy on `{account}.blob.core.windows.net` (CONNECT + TLS), and
 *   (b) Azurite (npm `azurite`, HTTPS, `--oauth basic`: token decoded, no signature check, no RBAC), same token,
 *       when the package is installed.
 * Each case: 2 s warm-up, then a 10 s run with N concurrent requests (keep-alive). The load comes from client
 * processes of their own (undici, BENCH_CLIENTS of them, default 2, the concurrency split between them), the same for
 * both servers; the CPU each server process and the clients spend per GET is read from /proc during the run.
 * Run: node --import tsx bench/blob.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { startPlatformProcess, removeHome } from '../test/support/platform-process.js';
import { adminToken, assignRole, call, createServicePrincipal } from '../test/support/azure-http.js';
import { loadOrCreateCa } from '../src/http/tls/local-ca.js';
import { dataPaths } from '../src/shared/data-home.js';

const WARMUP_S = 2;
const RUN_S = 10;
const VERSION = '2021-06-08';
/** BENCH_CASES=8m (or 4k) runs one case only. */
const CASES = [
  { name: '4k', bytes: 4 * 1024, concurrency: 32 },
  { name: '8m', bytes: 8 * 1024 * 1024, concurrency: 16 },
].filter((c) => !process.env.BENCH_CASES || process.env.BENCH_CASES.split(',').includes(c.name));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2);
const STORAGE_BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';

interface Result {
  ops: number;
  bytes: number;
  errors: number;
  seconds: number;
  lat: number[];
}

/** How a client process reaches a server: through the platform's proxy, or directly (Azurite). */
interface Route {
  proxy?: string;
  ca: string;
}

const dispatcherFor = (route: Route): Dispatcher =>
  route.proxy ? new ProxyAgent({ uri: route.proxy, requestTls: { ca: route.ca }, connections: 32 }) : new Agent({ connect: { ca: route.ca }, connections: 32 });

async function load(url: string, headers: Record<string, string>, dispatcher: Dispatcher, concurrency: number, seconds: number): Promise<Result> {
  const end = performance.now() + seconds * 1000;
  const lat: number[] = [];
  let ops = 0;
  let bytes = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const r = await request(url, { dispatcher, headers });
          let n = 0;
          for await (const chunk of r.body) n += (chunk as Buffer).length;
          if (r.statusCode === 200) {
            ops++;
            bytes += n;
            lat.push(performance.now() - t0);
          } else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { ops, bytes, errors, seconds: (performance.now() - started) / 1000, lat };
}

/** Client process: warm-up, says `run`, measured run, then prints its result and its CPU time for the run. */
async function clientMain(job: { url: string; headers: Record<string, string>; route: Route; concurrency: number }): Promise<void> {
  const dispatcher = dispatcherFor(job.route);
  await load(job.url, job.headers, dispatcher, job.concurrency, WARMUP_S);
  process.stdout.write('run\n');
  const cpu0 = process.cpuUsage();
  const r = await load(job.url, job.headers, dispatcher, job.concurrency, RUN_S);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ...r, cpuMicros: cpu.user + cpu.system }) + '\n');
  await dispatcher.close();
}

/** utime + stime of a process in µs (100 Hz clock ticks). */
function procCpuMicros(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
}

/** Runs one case from CLIENTS client processes; `serverPid`'s CPU is sampled over the measured run. */
async function loadFromClients(url: string, headers: Record<string, string>, route: Route, concurrency: number, serverPid: number) {
  const script = fileURLToPath(import.meta.url);
  const n = Math.max(1, Math.min(CLIENTS, concurrency));
  let started = 0;
  let serverCpu0 = 0;
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const share = Math.floor(concurrency / n) + (i < concurrency % n ? 1 : 0);
      const job = JSON.stringify({ url, headers, route, concurrency: share });
      const proc = spawn(process.execPath, ['--import', 'tsx', script, '--client', job], { stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise<Result & { cpuMicros: number }>((resolve, reject) => {
        let buf = '';
        proc.stdout!.on('data', (d: Buffer) => {
          buf += d.toString();
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line === 'run') {
              if (++started === n) serverCpu0 = procCpuMicros(serverPid);
            } else resolve(JSON.parse(line));
          }
        });
        proc.on('exit', (code) => (code ? reject(new Error(`client exited with ${code}`)) : undefined));
      });
    }),
  );
  const serverCpu = procCpuMicros(serverPid) - serverCpu0;
  const lat = results.flatMap((r) => r.lat).sort((a, b) => a - b);
  const pct = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] : NaN);
  const ops = results.reduce((a, r) => a + r.ops, 0);
  return {
    ops,
    bytes: results.reduce((a, r) => a + r.bytes, 0),
    errors: results.reduce((a, r) => a + r.errors, 0),
    seconds: Math.max(...results.map((r) => r.seconds)),
    p50: pct(0.5),
    p99: pct(0.99),
    serverMsPerOp: serverCpu / 1000 / ops,
    clientMsPerOp: results.reduce((a, r) => a + r.cpuMicros, 0) / 1000 / ops,
  };
}

async function put(url: string, token: string, dispatcher: Dispatcher, body?: Buffer, extra: Record<string, string> = {}): Promise<void> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-ms-version': VERSION, ...extra };
  if (body) headers['x-ms-blob-type'] = 'BlockBlob';
  const r = await request(url, { method: 'PUT', dispatcher, headers, body: body ?? '' });
  const text = await r.body.text();
  if (r.statusCode !== 201 && !(r.statusCode === 409 && !body)) throw new Error(`PUT ${url}: ${r.statusCode} ${text}`);
}

async function bench(label: string, base: string, token: string, route: Route, serverPid: number, rows: string[]): Promise<void> {
  const dispatcher = dispatcherFor(route);
  await put(`${base}/bench?restype=container`, token, dispatcher);
  for (const c of CASES) await put(`${base}/bench/${c.name}`, token, dispatcher, randomBytes(c.bytes));
  await dispatcher.close();
  for (const c of CASES) {
    const url = `${base}/bench/${c.name}`;
    const headers = { authorization: `Bearer ${token}`, 'x-ms-version': VERSION };
    const r = await loadFromClients(url, headers, route, c.concurrency, serverPid);
    const row = `| ${label} | ${c.name === '4k' ? '4 KiB' : '8 MiB'} | ${c.concurrency} | ${Math.round(r.ops / r.seconds).toLocaleString('en-US')} | ${(r.bytes / r.seconds / 1e6).toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.serverMsPerOp.toFixed(3)} | ${r.clientMsPerOp.toFixed(3)} | ${r.errors} |`;
    console.log(row);
    rows.push(row);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startAzurite(home: string, work: string): Promise<{ proc: ChildProcess; base: string; ca: string } | undefined> {
  let pkgPath: string;
  try {
    pkgPath = createRequire(import.meta.url).resolve('azurite/package.json');
  } catch {
    return undefined;
  }
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string; bin: Record<string, string> };
  const ca = await loadOrCreateCa(dataPaths(home));
  const leaf = await ca.issueLeaf('127.0.0.1');
  writeFileSync(join(work, 'cert.pem'), leaf.certPem);
  writeFileSync(join(work, 'key.pem'), leaf.keyPem, { mode: 0o600 });
  const port = await freePort();
  const main = join(dirname(pkgPath), pkg.bin['azurite-blob']);
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', join(work, 'data'), '--oauth', 'basic'];
  args.push('--cert', join(work, 'cert.pem'), '--key', join(work, 'key.pem'), '--skipApiVersionCheck', '--loose', '--silent', '--disableTelemetry');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => net.connect(port, '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); r(true); }).once('error', () => r(false)));
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`azurite ${pkg.version} on https://127.0.0.1:${port}`);
  return { proc, base: `https://127.0.0.1:${port}/devstoreaccount1`, ca: ca.certPem };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB`);
  const p = await startPlatformProcess();
  const work = mkdtempSync(join(os.tmpdir(), 'bench-blob-'));
  let azurite: ChildProcess | undefined;
  try {
    const admin = await adminToken(p);
    const mg = 'https://management.azure.com';
    const rg = `/subscriptions/${p.runtime.subscriptionId}/resourceGroups/bench`;
    const account = `bench${randomBytes(4).toString('hex')}`;
    const acctId = `${rg}/providers/Microsoft.Storage/storageAccounts/${account}`;
    await call(p, 'PUT', `${mg}${rg}?api-version=2021-04-01`, { token: admin, body: { location: 'eastus' } });
    const created = await call(p, 'PUT', `${mg}${acctId}?api-version=2022-09-01`, { token: admin, body: { location: 'eastus', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' } });
    if (created.status !== 200) throw new Error(`storage account: ${created.status} ${created.text}`);
    const sp = await createServicePrincipal(p, 'blob-bench');
    await assignRole(p, acctId, STORAGE_BLOB_DATA_CONTRIBUTOR, sp.objectId);
    const tok = await call(p, 'POST', `https://login.microsoftonline.com/${p.runtime.tenantId}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: sp.appId, client_secret: sp.secret, scope: 'https://storage.azure.com/.default' },
    });
    const token = tok.json.access_token as string;
    const rows: string[] = [];
    console.log(`${CLIENTS} client process(es); server and client CPU are ms of CPU time per GET during the measured run`);
    console.log('| server | blob | concurrency | GET/s | MB/s | p50 ms | p99 ms | server CPU ms/GET | client CPU ms/GET | errors |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const caPem = readFileSync(p.runtime.caCert, 'utf8');
    await bench('Cerulean (proxy, bearer + RBAC)', `https://${account}.blob.core.windows.net`, token, { proxy: p.runtime.proxyUrl, ca: caPem }, p.proc.pid!, rows);
    const az = await startAzurite(p.home, work);
    if (!az) console.log('azurite is not installed (npm i -D azurite@3.37.0): Azurite rows skipped');
    else {
      azurite = az.proc;
      await bench('Azurite (HTTPS, --oauth basic)', az.base, token, { ca: az.ca }, az.proc.pid!, rows);
    }
  } finally {
    azurite?.kill('SIGTERM');
    await p.stop();
    removeHome(p.home);
    rmSync(work, { recursive: true, force: true });
  }
}

const clientIdx = process.argv.indexOf('--client');
if (clientIdx >= 0) await clientMain(JSON.parse(process.argv[clientIdx + 1]));
else await main();
