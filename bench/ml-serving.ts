/**
 * Azure ML serving benchmark.
 * (1) `online-deployment create` → Succeeded wall time for a sample-like deployment (Python host, model and code
 *     downloaded from the workspace datastore, identity checks, conda check, init() with the sample's two blob reads
 *     when Debian's python3-sklearn / python3-azure are present, else a stdlib variant), beside the floor measured
 *     in the same run: interpreter start + importing the scoring script's modules.
 * (2) invoke through the scoring router (key auth) vs directly to the worker: p50 / p99 and throughput at 1, 8 and
 *     32 connections, max_concurrent_requests_per_instance 32. The router is measured on a plain HTTP listener with
 *     the same pipeline (its own overhead), with its worker leg over the host's Unix domain socket (the default) and
 *     over TCP, and on its HTTPS direct port (what clients pay). At 8 and 32 connections: autocannon, one target
 *     after the other. At 1 connection: one client process, sequential keep-alive requests, the targets taking
 *     turns every 250 ms (so load from elsewhere on the machine falls on all of them alike), each request timed.
 * Run with `node --import tsx bench/ml-serving.ts [seconds] [--invoke-only]` (default 5 s per measurement).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile, spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createPlatform } from '../src/platform/create-platform.js';
import { createPlaneHandler } from '../src/http/pipeline.js';
import { servingOf } from '../src/ml/serving/serving-setup.js';
import { createScoringPlane } from '../src/ml/serving/scoring-plane.js';
import type { PlatformProcess } from '../test/support/platform-process.js';
import { arm, createEndpoint, createWorkspace, endpointKey, putAsset, setTraffic, uploadBlob, uploadFolder } from '../test/e2e/ml-serving/fixtures/ml-setup.js';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => !a.startsWith('--')) ?? 5);
/** `--invoke-only`: part (2) only. */
const invokeOnly = args.includes('--invoke-only');
const root = new URL('..', import.meta.url).pathname;
const sampleDir = join(root, 'test/e2e/clients/ml-serving/fixtures');
const stdlibDir = join(root, 'test/e2e/ml-serving/fixtures');
const PY = process.env.CERULEAN_PYTHON ?? '/usr/bin/python3';
const SAMPLE_IMPORTS = 'import json, logging, os, joblib, numpy, requests; from azure.identity import ManagedIdentityCredential; from azure.storage.blob import BlobClient';
const haveSample = spawnSync(PY, ['-c', SAMPLE_IMPORTS]).status === 0;
const REQUEST = JSON.stringify({ data: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]] });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function floorMs(imports: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(PY, ['-c', imports]);
    if (r.status !== 0) throw new Error(`floor: ${r.stderr}`);
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(runs);
}

/** Load from a child process (so the client does not share the platform's event loop): autocannon for throughput
 *  and p50/p99 (ms) at 8 and 32 connections. */
const CHILD = `
const [url, connections, seconds, headers, body] = JSON.parse(process.argv[1]);
const autocannon = require('autocannon');
(async () => {
  const opts = { url, connections, pipelining: 1, method: 'POST', body, headers };
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon({ ...opts, duration: seconds });
  const out = { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.average, bad: r.errors + r.timeouts + r.non2xx };
  process.stdout.write(JSON.stringify(out));
})();
`;

/** 1 connection: one client process, one keep-alive connection per target, sequential requests, the targets taking
 *  turns every 250 ms after a 1 s warm-up each; throughput = requests / time spent on the target. */
const CHILD_SEQUENTIAL = `
const [targets, seconds, body] = JSON.parse(process.argv[1]);
const http = require('node:http'), https = require('node:https');
(async () => {
  const ts = targets.map((t) => {
    const u = new URL(t.url);
    const mod = u.protocol === 'https:' ? https : http;
    const agent = new mod.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
    const headers = { ...t.headers, 'content-length': Buffer.byteLength(body) };
    return { u, mod, agent, headers, xs: [], ns: 0, bad: 0 };
  });
  const one = (t) => new Promise((resolve, reject) => {
    const r = t.mod.request(t.u, { method: 'POST', agent: t.agent, headers: t.headers }, (res) => { if (res.statusCode !== 200) t.bad++; res.resume(); res.on('end', resolve); });
    r.on('error', reject); r.end(body);
  });
  const slice = async (t, ms, keep) => {
    const end = process.hrtime.bigint() + BigInt(ms * 1e6);
    for (;;) {
      const t0 = process.hrtime.bigint();
      if (t0 >= end) return;
      await one(t);
      const dt = process.hrtime.bigint() - t0;
      if (keep) { t.xs.push(Number(dt) / 1e3); t.ns += Number(dt); }
    }
  };
  for (const t of ts) await slice(t, 1000, false);
  for (let round = 0; round < Math.ceil(seconds * 4); round++) for (const t of ts) await slice(t, 250, true);
  const out = ts.map((t) => {
    t.agent.destroy();
    const xs = t.xs.sort((a, b) => a - b);
    return { rps: Math.round(xs.length / (t.ns / 1e9)), p50: xs[Math.floor(xs.length / 2)] / 1e3, p99: xs[Math.floor(xs.length * 0.99)] / 1e3, mean: t.ns / xs.length / 1e6, bad: t.bad, p50us: xs[Math.floor(xs.length / 2)], p99us: xs[Math.floor(xs.length * 0.99)] };
  });
  process.stdout.write(JSON.stringify(out));
})();
`;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  bad: number;
  p50us?: number;
  p99us?: number;
}

function measureSequential(targets: Array<{ url: string; headers: Record<string, string> }>): Promise<Measured[]> {
  const args = JSON.stringify([targets.map((t) => ({ url: t.url, headers: { 'content-type': 'application/json', ...t.headers } })), seconds, REQUEST]);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD_SEQUENTIAL, args], { cwd: root, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Measured[]);
    });
  });
}

function measure(url: string, connections: number, headers: Record<string, string>): Promise<Measured> {
  const args = JSON.stringify([url, connections, seconds, { 'content-type': 'application/json', ...headers }, REQUEST]);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD, args], { cwd: root, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Measured);
    });
  });
}

const platform = await createPlatform();
const work = mkdtempSync(join(tmpdir(), 'cerulean-bench-ml-'));
let plain: http.Server | undefined;
let plainTcp: http.Server | undefined;
try {
  const ctx = platform.context;
  const serving = servingOf(ctx)!;
  const pp = { runtime: { proxyUrl: platform.proxyUrl, caCert: platform.caCertPath, tenantId: platform.tenantId, subscriptionId: platform.subscriptionId }, admin: platform.admin } as unknown as PlatformProcess;
  const ws = await createWorkspace(pp, 'benchrg', 'benchws');
  await uploadBlob(pp, ws, 'hello/hello.txt', 'Hello world!');
  const storageEnv = { STORAGE_ACCOUNT_NAME: ws.account, STORAGE_CONTAINER_NAME: ws.container, FILE_NAME: 'hello/hello.txt' };

  // (1) create → Succeeded.
  let sample: { model: string; code: string; env: string; script: string; imports: string; label: string };
  if (haveSample) {
    const t = spawnSync(PY, [join(sampleDir, 'train_model.py'), work], { encoding: 'utf8' });
    if (t.status !== 0) throw new Error(t.stderr);
    sample = {
      model: await putAsset(pp, ws, 'models', 'sk', { modelUri: await uploadFolder(pp, ws, join(work, 'model'), 'LocalUpload/m') }),
      code: await putAsset(pp, ws, 'codes', 'sample', { codeUri: await uploadFolder(pp, ws, join(sampleDir, 'onlinescoring'), 'LocalUpload/c') }),
      env: await putAsset(pp, ws, 'environments', 'sample-env', { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', condaFile: readFileSync(join(sampleDir, 'conda-managedidentity.yaml'), 'utf8') }),
      script: 'score_managedidentity.py',
      imports: SAMPLE_IMPORTS,
      label: 'sample (sklearn + joblib + requests + azure-identity + azure-storage-blob; init reads the blob twice)',
    };
  } else {
    sample = {
      model: '',
      code: '',
      env: await putAsset(pp, ws, 'environments', 'stdlib-env', { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', condaFile: readFileSync(join(stdlibDir, 'env-stdlib.yml'), 'utf8') }),
      script: 'score_stdlib.py',
      imports: 'import json, logging, os, urllib.request',
      label: 'stdlib variant (Debian python3-sklearn / python3-azure not installed; init reads the blob by REST)',
    };
  }
  const stdModel = await putAsset(pp, ws, 'models', 'linear', { modelUri: await uploadFolder(pp, ws, join(stdlibDir, 'stdlib/model'), 'LocalUpload/lm') });
  const stdCode = await putAsset(pp, ws, 'codes', 'stdlib', { codeUri: await uploadFolder(pp, ws, join(stdlibDir, 'stdlib/onlinescoring'), 'LocalUpload/lc') });
  if (!haveSample) {
    sample.model = stdModel;
    sample.code = stdCode;
  }
  const ep = await createEndpoint(pp, ws, 'bench-ep');
  const body = (model: string, code: string, script: string, env: string, vars: Record<string, string>, maxConcurrent = 1) => ({
    location: 'eastus',
    sku: { name: 'Default', capacity: 1 },
    properties: {
      endpointComputeType: 'Managed',
      model,
      codeConfiguration: { codeId: code, scoringScript: script },
      environmentId: env,
      environmentVariables: vars,
      instanceType: 'Standard_DS3_v2',
      requestSettings: { maxConcurrentRequestsPerInstance: maxConcurrent, requestTimeout: 'PT10S' },
    },
  });
  const createRuns: number[] = [];
  for (let i = 0; i < (invokeOnly ? 0 : 3); i++) {
    const id = `${ep.id}/deployments/run${i}`;
    const t0 = process.hrtime.bigint();
    const put = await arm(pp, 'PUT', id, body(sample.model, sample.code, sample.script, sample.env, storageEnv));
    if (put.status !== 201) throw new Error(`PUT deployment: ${put.status} ${put.text}`);
    await serving.idle();
    createRuns.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const state = (await arm(pp, 'GET', id)).json.properties.provisioningState;
    if (state !== 'Succeeded') throw new Error(`deployment run${i}: ${state}\n${serving.logs(id, 'inference-server', 60)}`);
    await arm(pp, 'DELETE', id);
  }
  const floor = invokeOnly ? NaN : floorMs(sample.imports);

  // (2) invoke: router vs worker.
  const depId = `${ep.id}/deployments/fast`;
  await arm(pp, 'PUT', depId, body(stdModel, stdCode, 'score_stdlib.py', sample.env, {}, 32));
  await serving.idle();
  await setTraffic(pp, ep.id, { fast: 100 });
  const key = await endpointKey(pp, ep.id);
  const worker = serving.deployment(ep.id, 'fast')!.pool.instances[0];
  const plane = createScoringPlane(ctx, serving);
  const handler = createPlaneHandler(plane, ctx);
  const meta = { host: '127.0.0.1', origin: 'http://127.0.0.1' };
  plain = http.createServer((req, res) => void handler(req, res, meta));
  // The same router with its worker leg over TCP: the instance's socket is hidden while such a request is sent
  // (requests to the other targets never overlap with these: one target at a time, one connection at a time).
  const socketPath = worker.socketPath;
  if (!socketPath) throw new Error('The worker has no Unix domain socket.');
  plainTcp = http.createServer((req, res) => {
    worker.socketPath = undefined;
    res.on('close', () => (worker.socketPath = socketPath));
    void handler(req, res, meta);
  });
  for (const s of [plain, plainTcp]) {
    s.keepAliveTimeout = 65_000;
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  }
  const portOf = (s: http.Server) => (s.address() as AddressInfo).port;
  const auth = { authorization: `Bearer ${key}` };
  const targets = [
    { name: 'worker (direct, TCP)', url: `http://127.0.0.1:${worker.port}/score`, headers: {} },
    { name: 'router, plain HTTP, worker leg over UDS', url: `http://127.0.0.1:${portOf(plain)}/bench-ep.eastus/score`, headers: auth },
    { name: 'router, plain HTTP, worker leg over TCP', url: `http://127.0.0.1:${portOf(plainTcp)}/bench-ep.eastus/score`, headers: auth },
    { name: 'router, HTTPS direct port (UDS leg)', url: `${platform.direct['ml-scoring']}/bench-ep.eastus/score`, headers: auth },
  ];
  const rows: string[] = [];
  const precise: string[] = [];
  for (const c of [1, 8, 32]) {
    const res: Array<{ name: string; r: Measured }> = [];
    if (c === 1) (await measureSequential(targets)).forEach((r, i) => res.push({ name: targets[i].name, r }));
    else for (const t of targets) res.push({ name: t.name, r: await measure(t.url, c, t.headers) });
    const base = res[0].r;
    for (const [i, { name, r }] of res.entries()) {
      const added = i === 0 ? '– | 1.00' : `${(r.mean - base.mean).toFixed(3)} | ${(r.rps / base.rps).toFixed(2)}`;
      rows.push(`| ${c} | ${name} | ${r.rps} | ${c === 1 ? r.p50.toFixed(3) : r.p50} | ${c === 1 ? r.p99.toFixed(3) : r.p99} | ${r.mean.toFixed(3)} | ${added} | ${r.bad} |`);
      if (c === 1) precise.push(`| ${name} | ${r.p50us!.toFixed(0)} | ${r.p99us!.toFixed(0)} | ${i === 0 ? '–' : (r.p50us! - base.p50us!).toFixed(0)} |`);
    }
  }
  console.log(`\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Python ${PY}, ${seconds} s per measurement\n`);
  if (!invokeOnly) {
    console.log(`(1) create → Succeeded, ${sample.label}`);
    console.log(`| runs (ms) | median (ms) | floor: interpreter + imports (ms) |`);
    console.log(`|---|---:|---:|`);
    console.log(`| ${createRuns.map((x) => x.toFixed(0)).join(', ')} | ${median(createRuns).toFixed(0)} | ${floor.toFixed(0)} |\n`);
  }
  console.log('(2) invoke (sample request, 2 rows), max_concurrent_requests_per_instance 32, 1 instance');
  console.log('| connections | target | req/s | p50 ms | p99 ms | mean ms | mean added ms | throughput ratio | errors |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log('\n1 connection (targets taking turns), each request timed (µs)');
  console.log('| target | p50 µs | p99 µs | p50 added µs |');
  console.log('|---|---:|---:|---:|');
  for (const r of precise) console.log(r);
} finally {
  for (const s of [plain, plainTcp]) {
    s?.closeAllConnections();
    s?.close();
  }
  await platform.close();
  rmSync(work, { recursive: true, force: true });
}
