/**
 * Managed-identity token endpoint benchmark: cached MSI_ENDPOINT token requests (Azure ML protocol, header
 * `secret`) at 32 connections against a trivial node:http JSON server of the same response size, same run.
 * Run with `node --import tsx bench/msi-token.ts [seconds]` (default 10 s per target).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { createPlatform } from '../src/platform/create-platform.js';
import { runtimeOf } from '../src/runtime/runtime.js';
import { createIdentityPrincipal } from '../src/managed-identity/principal-lifecycle.js';

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; headers: Record<string, string>; pipelining: number }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 10);
const CONNECTIONS = 32;

interface Row {
  target: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(target: string, url: string, headers: Record<string, string>): Promise<Row> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, pipelining: 1 });
  const bad = r.errors + r.timeouts + r.non2xx;
  return { target, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: bad };
}

const platform = await createPlatform();
let baseline: http.Server | undefined;
try {
  const runtime = runtimeOf(platform.context)!;
  const ref = createIdentityPrincipal(platform.context, 'bench', `/subscriptions/${platform.subscriptionId}/resourcegroups/bench/providers/Microsoft.ManagedIdentity/userAssignedIdentities/bench`);
  const workload = runtime.registry.register({ identities: [{ ...ref, kind: 'userAssigned' }], description: 'bench' });
  const url = `${runtime.msiEndpoint}?resource=https://storage.azure.com/&api-version=2017-09-01&clientid=${ref.clientId}`;
  const sample = await fetch(url, { headers: { secret: workload.secret } });
  if (sample.status !== 200) throw new Error(`MSI endpoint answered ${sample.status}`);
  const body = Buffer.from(await sample.text());

  baseline = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => baseline!.listen(0, '127.0.0.1', () => r()));
  const baseUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;

  const rows = [await measure('node:http JSON server (baseline)', baseUrl, {}), await measure('MSI_ENDPOINT token (cached)', url, { secret: workload.secret })];
  console.log(`\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${CONNECTIONS} connections, ${seconds} s each, response ${body.length} bytes\n`);
  console.log('| target | requests/s | p50 ms | p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.target} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
  console.log(`\nMSI endpoint throughput = ${((rows[1].rps / rows[0].rps) * 100).toFixed(0)} % of the baseline.`);
} finally {
  baseline?.close();
  await platform.close();
}
