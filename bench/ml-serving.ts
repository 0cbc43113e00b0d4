/**
 * Azure ML serving benchmark.
 * (1) `online-deployment create` → Succeeded wall time for a sample-like deployment (Python host, model and code
 *     downloaded from the workspace datastore, identity checks, conda check, init() with the sample's two blob reads
 *     when Debian's python3-sklearn / python3-azure are present, else a stdlib variant), beside the floor measured
 *     in the same run: interpreter start + importing the scoring script's modules.
 * (2) invoke through the scoring router (key auth) vs directly to the worker: p50 / p99 and throughput at 1, 8 and
 *     32 connections (autocannon), max_concurrent_requests_per_instance 32. The router is measured twice: on a plain
 *     HTTP listener with the same pipeline (its own overhead), and on its HTTPS direct port (what clients pay).
 * Run with `node --import tsx bench/ml-serving.ts [seconds]` (default 5 s per measurement).
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

const seconds = Number(process.argv[2] ?? 5);
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
 *  and p50/p99 (ms), plus a sequential keep-alive loop timing each request in µs for the 1-connection p50/p99. */
const CHILD = `
const [url, connections, seconds, headers, body] = JSON.parse(process.argv[1]);
const autocannon = require('autocannon');
const http = require('node:http'), https = require('node:https');
async function precise() {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
  const xs = [];
  const end = Date.now() + seconds * 1000;
  const one = () => new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const r = mod.request(u, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', () => resolve(Number(process.hrtime.bigint() - t0) / 1e3)); });
    r.on('error', reject); r.end(body);
  });
  for (let i = 0; i < 200; i++) await one();
  while (Date.now() < end) xs.push(await one());
  agent.destroy();
  xs.sort((a, b) => a - b);
  return { p50us: xs[Math.floor(xs.length / 2)], p99us: xs[Math.floor(xs.length * 0.99)] };
}
(async () => {
  const opts = { url, connections, pipelining: 1, method: 'POST', body, headers };
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon({ ...opts, duration: seconds });
  const out = { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.average, bad: r.errors + r.timeouts + r.non2xx };
  if (connections === 1) Object.assign(out, await precise());
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
  for (let i = 0; i < 3; i++) {
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
  const floor = floorMs(sample.imports);

  // (2) invoke: router vs worker.
  const depId = `${ep.id}/deployments/fast`;
  await arm(pp, 'PUT', depId, body(stdModel, stdCode, 'score_stdlib.py', sample.env, {}, 32));
  await serving.idle();
  await setTraffic(pp, ep.id, { fast: 100 });
  const key = await endpointKey(pp, ep.id);
  const worker = serving.deployment(ep.id, 'fast')!.pool.instances[0];
  const plane = createScoringPlane(ctx, serving);
  const handler = createPlaneHandler(plane, ctx);
  plain = http.createServer((req, res) => void handler(req, res, { host: '127.0.0.1', origin: 'http://127.0.0.1' }));
  plain.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => plain!.listen(0, '127.0.0.1', () => r()));
  const plainPort = (plain.address() as AddressInfo).port;
  const auth = { authorization: `Bearer ${key}` };
  const targets = [
    { name: 'worker (direct, plain HTTP)', url: `http://127.0.0.1:${worker.port}/score`, headers: {} },
    { name: 'router, plain HTTP listener', url: `http://127.0.0.1:${plainPort}/bench-ep.eastus/score`, headers: auth },
    { name: 'router, HTTPS direct port', url: `${platform.direct['ml-scoring']}/bench-ep.eastus/score`, headers: auth },
  ];
  const rows: string[] = [];
  const precise: string[] = [];
  for (const c of [1, 8, 32]) {
    const res: Array<{ name: string; r: Measured }> = [];
    for (const t of targets) res.push({ name: t.name, r: await measure(t.url, c, t.headers) });
    const base = res[0].r;
    for (const [i, { name, r }] of res.entries()) {
      const added = i === 0 ? '– | 1.00' : `${(r.mean - base.mean).toFixed(2)} | ${(r.rps / base.rps).toFixed(2)}`;
      rows.push(`| ${c} | ${name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.mean.toFixed(2)} | ${added} | ${r.bad} |`);
      if (c === 1) precise.push(`| ${name} | ${r.p50us!.toFixed(0)} | ${r.p99us!.toFixed(0)} | ${i === 0 ? '–' : (r.p50us! - base.p50us!).toFixed(0)} |`);
    }
  }
  console.log(`\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Python ${PY}, ${seconds} s per measurement\n`);
  console.log(`(1) create → Succeeded, ${sample.label}`);
  console.log(`| runs (ms) | median (ms) | floor: interpreter + imports (ms) |`);
  console.log(`|---|---:|---:|`);
  console.log(`| ${createRuns.map((x) => x.toFixed(0)).join(', ')} | ${median(createRuns).toFixed(0)} | ${floor.toFixed(0)} |\n`);
  console.log('(2) invoke (sample request, 2 rows), max_concurrent_requests_per_instance 32, 1 instance');
  console.log('| connections | target | req/s | p50 ms | p99 ms | mean ms | mean added ms | throughput ratio | errors |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log('\n1 connection, sequential, each request timed (µs)');
  console.log('| target | p50 µs | p99 µs | p50 added µs |');
  console.log('|---|---:|---:|---:|');
  for (const r of precise) console.log(r);
} finally {
  plain?.closeAllConnections();
  plain?.close();
  await platform.close();
  rmSync(work, { recursive: true, force: true });
}
