/**
 * The front end's failure answers, end to end: `request_timeout_ms` → 408, the bounded queue → 429, a scoring script
 * that raises → 424 with `ms-azureml-model-error-*`; and an instance killed under load is restarted while the
 * requests meanwhile get 200, 502 or 503 and none hangs past `request_timeout_ms`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ProxyAgent } from 'undici';
import { removeHome } from '../../support/platform-process.js';
import { arm, createEndpoint, deploymentLogs, endpointKey } from '../ml-serving/fixtures/ml-setup.js';
import { deployNode, runBounded, scoringAgent, score, startRouterEnv, tally, type RouterEnv, type ScoreResult } from './router-support.js';

let env: RouterEnv;
let agent: ProxyAgent;

before(async () => {
  env = await startRouterEnv();
  agent = scoringAgent(env.p);
});

after(async () => {
  await agent?.close();
  await env?.p.stop();
  if (env) removeHome(env.p.home);
});

test('request_timeout_ms → 408; the bounded queue → 429; a raising run() → 424 with ms-azureml-model-error-*', { timeout: 90_000 }, async () => {
  const { p } = env;
  const ep = await createEndpoint(p, env.ws, 'ep-codes');
  await deployNode(env, ep.id, 'slow', { timeoutMs: 1000, maxConcurrent: 2 });
  await deployNode(env, ep.id, 'narrow', { timeoutMs: 5000, maxConcurrent: 1 });
  const key = await endpointKey(p, ep.id);
  const uri = ep.properties.scoringUri as string;
  const to = (name: string) => ({ 'azureml-model-deployment': name });

  const timedOut = await score(agent, uri, key, { id: 't', sleep_ms: 4000 }, to('slow'));
  assert.equal(timedOut.status, 408, timedOut.text);
  assert.equal(timedOut.text, 'upstream request timeout');
  assert.equal(timedOut.headers['azureml-model-deployment'], 'slow');
  assert.ok(timedOut.ms >= 900 && timedOut.ms < 3000, `answered after ${Math.round(timedOut.ms)} ms (request_timeout_ms 1000)`);
  // The deployment still answers quick requests.
  assert.equal((await score(agent, uri, key, { id: 'q' }, to('slow'))).status, 200);

  // One instance taking 1 request at a time admits 2 × 1 × 1: one served, one queued, the rest refused.
  const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => score(agent, uri, key, { id: `b${i}`, sleep_ms: 1200 }, to('narrow'))));
  assert.deepEqual(tally(burst.map((r) => r.status)), { 200: 2, 429: 4 }, burst.map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const r of burst.filter((b) => b.status === 429)) {
    assert.match(r.json?.message ?? '', /Too many pending requests/);
    assert.ok(r.ms < 1000, `429 is answered at once (${Math.round(r.ms)} ms)`);
  }
  assert.equal((await score(agent, uri, key, { id: 'after-burst' }, to('narrow'))).status, 200);

  const failed = await score(agent, uri, key, { id: 'f', fail: true }, to('narrow'));
  assert.equal(failed.status, 424, failed.text);
  assert.equal(failed.headers['ms-azureml-model-error-statuscode'], '500');
  assert.equal(failed.headers['ms-azureml-model-error-reason'], 'model_error');
  assert.equal(failed.headers['azureml-model-deployment'], 'narrow');
  assert.deepEqual(failed.json, { message: 'An unexpected error occurred in scoring script. Check the logs for more info.' });
  assert.match(await deploymentLogs(p, `${ep.id}/deployments/narrow`), /Encountered Exception: Error: run was told to fail/);
});

test('an instance killed under load is restarted; meanwhile requests get 200, 502 or 503 and none hangs', { timeout: 120_000 }, async () => {
  const { p } = env;
  const ep = await createEndpoint(p, env.ws, 'ep-crash');
  const TIMEOUT_MS = 3000;
  const dep = await deployNode(env, ep.id, 'blue', { instanceCount: 2, maxConcurrent: 16, timeoutMs: TIMEOUT_MS });
  const key = await endpointKey(p, ep.id);
  const uri = ep.properties.scoringUri as string;
  const pinned = { 'azureml-model-deployment': 'blue' };

  const warm = await runBounded(40, 8, (i) => score(agent, uri, key, { id: `w${i}` }, pinned));
  const pids = [...new Set(warm.map((r) => r.json?.pid as number))];
  assert.equal(pids.length, 2, `both instances answer: ${JSON.stringify(tally(warm.map((r) => r.json?.pid)))}`);
  const victim = pids[0];

  // Load until the killed instance is back (a new process answers) and at least MIN requests were sent; at most MAX.
  const MIN = 600;
  const MAX = 6000;
  let sent = 0;
  let done = 0;
  let killedAt = -1;
  let replacement: number | undefined;
  const results: ScoreResult[] = [];
  const worker = async () => {
    while (sent < MAX && !(replacement !== undefined && sent >= MIN)) {
      const i = sent++;
      const r = await score(agent, uri, key, { id: `l${i}`, sleep_ms: 20 }, pinned, TIMEOUT_MS + 5000);
      results.push(r);
      const pid = r.json?.pid as number | undefined;
      if (pid !== undefined && !pids.includes(pid)) replacement = pid;
      if (++done === 150) {
        killedAt = i;
        process.kill(victim, 'SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  assert.ok(killedAt >= 0, 'the instance was killed during the load');
  assert.ok(replacement !== undefined, `a restarted instance answered during the load (${results.length} requests)`);
  const statuses = tally(results.map((r) => r.status));
  for (const s of Object.keys(statuses)) assert.ok(['200', '502', '503'].includes(s), `statuses: ${JSON.stringify(statuses)}`);
  assert.ok((statuses['502'] ?? 0) + (statuses['503'] ?? 0) > 0, `requests in flight on the killed instance fail: ${JSON.stringify(statuses)}`);
  assert.ok(statuses['200'] > results.length / 2, `the other instance keeps serving: ${JSON.stringify(statuses)}`);
  const slowest = Math.max(...results.map((r) => r.ms));
  assert.ok(slowest < TIMEOUT_MS + 2000, `the slowest request took ${Math.round(slowest)} ms (request_timeout_ms ${TIMEOUT_MS})`);

  // Two instances answer again: the survivor and the restarted one (sequential requests alternate between them).
  const after = await runBounded(10, 1, (i) => score(agent, uri, key, { id: `r${i}` }, pinned));
  assert.deepEqual(tally(after.map((r) => r.status)), { 200: 10 });
  assert.deepEqual([...new Set(after.map((r) => r.json.pid as number))].sort(), [pids[1], replacement].sort(), 'the survivor and the restarted instance answer');
  assert.match(await deploymentLogs(p, dep.id), /The scoring host exited \(signal SIGKILL\); restarting in \d+ ms\./);
  assert.equal((await arm(p, 'GET', dep.id)).json.properties.provisioningState, 'Succeeded');
});
