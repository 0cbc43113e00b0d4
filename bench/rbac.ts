/**
 * RBAC check benchmark: AuthzSnapshot (indexed) against a linear scan of every assignment, same workload,
 * same run. Run with `node --import tsx bench/rbac.ts`. Bounded to about 20 s.
 */
import { BUILT_IN_ROLE_IDS, BUILT_IN_ROLES } from '../src/authz/built-in-roles.js';
import { AuthzSnapshot, type AccessCheck } from '../src/authz/evaluate.js';
import { checkLinear } from '../src/authz/linear-evaluate.js';
import type { RoleAssignment } from '../src/authz/types.js';
import { cpus } from 'node:os';

// Deterministic pseudo-random numbers (mulberry32), so every run measures the same workload.
let seed = 20240601;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const hex = (n: number, width = 12) => n.toString(16).padStart(width, '0');
const guid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${hex(n)}`;

const SUB = '/subscriptions/00000000-0000-0000-0000-00000000be0c';
const GROUPS = 100;
const PRINCIPALS = 2000;
const ASSIGNMENTS = 10_000;
const RESOURCE_GROUPS = 40;
const PER_RG = 25;

// Scopes: the subscription, its resource groups (rg1 … rg40, so rg1 and rg10 are siblings) and resources.
const rgs = Array.from({ length: RESOURCE_GROUPS }, (_, i) => `${SUB}/resourceGroups/rg${i + 1}`);
const kinds = [
  'Microsoft.Storage/storageAccounts/sa',
  'Microsoft.MachineLearningServices/workspaces/ws',
  'Microsoft.ManagedIdentity/userAssignedIdentities/uai',
  'Microsoft.ContainerRegistry/registries/acr',
];
const resources: string[] = [];
for (const rg of rgs) for (let i = 0; i < PER_RG; i++) resources.push(`${rg}/providers/${kinds[i % kinds.length]}${i}`);
const targets = [
  ...resources,
  ...resources.filter((r) => r.includes('/workspaces/')).map((r) => `${r}/onlineEndpoints/ep1`),
  ...resources.filter((r) => r.includes('/storageAccounts/')).map((r) => `${r}/blobServices/default/containers/c1`),
];

const groups = Array.from({ length: GROUPS }, (_, i) => guid('9a000000', i));
const principals = Array.from({ length: PRINCIPALS }, (_, i) => guid('7b000000', i));
const memberOf = new Map(principals.map((p) => [p, Array.from({ length: Math.floor(rnd() * 4) }, () => pick(groups))]));

const roleIds = Object.values(BUILT_IN_ROLE_IDS);
const assignments: RoleAssignment[] = [];
for (let i = 0; i < ASSIGNMENTS; i++) {
  const principalId = i % 5 === 0 ? pick(groups) : pick(principals);
  const r = rnd();
  const scope = r < 0.02 ? SUB : r < 0.25 ? pick(rgs) : pick(resources);
  assignments.push({ name: guid('5c000000', i), scope, roleDefinitionName: pick(roleIds), principalId });
}

const actions: Array<[string, boolean]> = [
  ['Microsoft.MachineLearningServices/workspaces/read', false],
  ['Microsoft.MachineLearningServices/workspaces/write', false],
  ['Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action', false],
  ['Microsoft.MachineLearningServices/workspaces/computes/write', false],
  ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read', true],
  ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write', true],
  ['Microsoft.Storage/storageAccounts/blobServices/containers/read', false],
  ['Microsoft.ManagedIdentity/userAssignedIdentities/assign/action', false],
  ['Microsoft.ContainerRegistry/registries/pull/read', false],
  ['Microsoft.Authorization/roleAssignments/write', false],
];

const REQUESTS = 100_000;
const requests: AccessCheck[] = Array.from({ length: REQUESTS }, () => {
  const p = pick(principals);
  const [action, dataAction] = pick(actions);
  return { principalIds: [p, ...memberOf.get(p)!], action, dataAction, scope: pick(targets) };
});

const buildStart = process.hrtime.bigint();
const snapshot = new AuthzSnapshot(assignments, BUILT_IN_ROLES);
const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;

interface Row {
  name: string;
  checks: number;
  perSecond: number;
  p50us: number;
  p99us: number;
  allowed: number;
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs `fn` over `reqs` (cycling) until half of `budgetMs` passes or `maxChecks` checks are done, for
 * throughput; then times the same number of checks one by one for latency.
 */
function measure(
  name: string,
  fn: (r: AccessCheck) => boolean,
  budgetMs: number,
  maxChecks: number,
  reqs: readonly AccessCheck[] = requests,
  latencyReqs: readonly AccessCheck[] = reqs,
): Row {
  // Throughput: a tight loop without per-check timers.
  let checks = 0;
  let allowed = 0;
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(budgetMs / 2) * 1_000_000n;
  while (checks < maxChecks) {
    for (let i = 0; i < 1000 && checks < maxChecks; i++, checks++) if (fn(reqs[checks % reqs.length])) allowed++;
    if (process.hrtime.bigint() > deadline) break;
  }
  const perSecond = checks / (Number(process.hrtime.bigint() - t0) / 1e9);
  // Latency: every check timed on its own with process.hrtime.bigint().
  const lat = new Float64Array(checks);
  for (let i = 0; i < checks; i++) {
    const r = latencyReqs[i % latencyReqs.length];
    const s = process.hrtime.bigint();
    fn(r);
    lat[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  lat.sort();
  return { name, checks, perSecond, p50us: percentile(lat, 0.5), p99us: percentile(lat, 0.99), allowed };
}

// Warm-up (JIT, per-role action caches), then agreement check on a sample.
for (let i = 0; i < 50_000; i++) snapshot.check(requests[i % REQUESTS]);
let disagreements = 0;
for (let i = 0; i < 300; i++) {
  const r = requests[i];
  if (snapshot.check(r).allowed !== checkLinear(assignments, BUILT_IN_ROLES, r)) disagreements++;
}

// A server parses ids, actions and scopes from each request: strings V8 has not hashed yet.
const fresh = (s: string) => Buffer.from(s).toString();
const freshCopy = () =>
  requests.map((r) => ({ ...r, principalIds: r.principalIds.map(fresh), action: fresh(r.action), scope: fresh(r.scope) }));

let consideredTotal = 0;
for (const r of requests) consideredTotal += snapshot.check(r).considered.length;

const rows = [
  measure('AuthzSnapshot.check', (r) => snapshot.check(r).allowed, 6000, 2_000_000),
  measure('AuthzSnapshot.check, fresh strings', (r) => snapshot.check(r).allowed, 2000, REQUESTS, freshCopy(), freshCopy()),
  measure('AuthzSnapshot.isAllowed', (r) => snapshot.isAllowed(r), 4000, 2_000_000),
  measure('linear scan (baseline)', (r) => checkLinear(assignments, BUILT_IN_ROLES, r), 6000, 20_000),
];

const fmt = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`RBAC check benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
console.log(`${assignments.length} assignments, ${PRINCIPALS} principals, ${GROUPS} groups, ${resources.length} resources in ${RESOURCE_GROUPS} resource groups of 1 subscription`);
console.log(`snapshot build: ${fmt(buildMs, 1)} ms; assignments considered per check: ${fmt(consideredTotal / REQUESTS, 1)}; sample agreement with linear scan: ${300 - disagreements}/300`);
console.log('');
console.log('| evaluator | checks | checks/s | p50 µs | p99 µs | allowed |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.checks} | ${fmt(r.perSecond, 0)} | ${fmt(r.p50us)} | ${fmt(r.p99us)} | ${fmt((100 * r.allowed) / r.checks, 1)}% |`);
}
console.log('');
console.log(`speed-up of AuthzSnapshot.check over the linear scan: ${fmt(rows[0].perSecond / rows[3].perSecond, 0)}×`);
if (disagreements > 0) {
  console.error(`ERROR: ${disagreements} decisions differ from the linear scan`);
  process.exitCode = 1;
}
