/**
 * Blob GET throughput: 4 KiB and 8 MiB blobs, bearer token of a service principal with Storage Blob Data
 * Contributor (so every request is token-verified and RBAC-checked), against
 *   (a) Cerulean through its forward proxy on `{account}.blob.core.windows.net` (CONNECT + TLS), and
 *   (b) Azurite (npm `azurite`, HTTPS, `--oauth basic`: token decoded, no signature check, no RBAC), same token,
 *       when the package is installed.
 * Each case: 2 s warm-up, then a 10 s run with N concurrent requests (keep-alive). Run: node --import tsx bench/blob.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { startPlatformProcess, removeHome } from '../test/support/platform-process.js';
import { adminToken, assignRole, call, createServicePrincipal } from '../test/support/azure-http.js';
import { loadOrCreateCa } from '../src/http/tls/local-ca.js';
import { dataPaths } from '../src/shared/data-home.js';

const WARMUP_S = 2;
const RUN_S = 10;
const VERSION = '2021-06-08';
const CASES = [
  { name: '4k', bytes: 4 * 1024, concurrency: 32 },
  { name: '8m', bytes: 8 * 1024 * 1024, concurrency: 16 },
];
const STORAGE_BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';

interface Result {
  ops: number;
  bytes: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

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
  lat.sort((a, b) => a - b);
  const pct = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] : NaN);
  return { ops, bytes, errors, seconds: (performance.now() - started) / 1000, p50: pct(0.5), p99: pct(0.99) };
}

async function put(url: string, token: string, dispatcher: Dispatcher, body?: Buffer, extra: Record<string, string> = {}): Promise<void> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-ms-version': VERSION, ...extra };
  if (body) headers['x-ms-blob-type'] = 'BlockBlob';
  const r = await request(url, { method: 'PUT', dispatcher, headers, body: body ?? '' });
  const text = await r.body.text();
  if (r.statusCode !== 201 && !(r.statusCode === 409 && !body)) throw new Error(`PUT ${url}: ${r.statusCode} ${text}`);
}

async function bench(label: string, base: string, token: string, dispatcher: Dispatcher, rows: string[]): Promise<void> {
  await put(`${base}/bench?restype=container`, token, dispatcher);
  for (const c of CASES) {
    const url = `${base}/bench/${c.name}`;
    await put(url, token, dispatcher, randomBytes(c.bytes));
    const headers = { authorization: `Bearer ${token}`, 'x-ms-version': VERSION };
    await load(url, headers, dispatcher, c.concurrency, WARMUP_S);
    const r = await load(url, headers, dispatcher, c.concurrency, RUN_S);
    const row = `| ${label} | ${c.name === '4k' ? '4 KiB' : '8 MiB'} | ${c.concurrency} | ${Math.round(r.ops / r.seconds).toLocaleString('en-US')} | ${(r.bytes / r.seconds / 1e6).toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`;
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
    console.log('| server | blob | concurrency | GET/s | MB/s | p50 ms | p99 ms | errors |\n|---|---|---:|---:|---:|---:|---:|---:|');
    const caPem = readFileSync(p.runtime.caCert, 'utf8');
    const viaProxy = new ProxyAgent({ uri: p.runtime.proxyUrl, requestTls: { ca: caPem }, connections: 32 });
    await bench('Cerulean (proxy, bearer + RBAC)', `https://${account}.blob.core.windows.net`, token, viaProxy, rows);
    await viaProxy.close();
    const az = await startAzurite(p.home, work);
    if (!az) console.log('azurite is not installed (npm i -D azurite@3.37.0): Azurite rows skipped');
    else {
      azurite = az.proc;
      const direct = new Agent({ connect: { ca: az.ca }, connections: 32 });
      await bench('Azurite (HTTPS, --oauth basic)', az.base, token, direct, rows);
      await direct.close();
    }
  } finally {
    azurite?.kill('SIGTERM');
    await p.stop();
    removeHome(p.home);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
