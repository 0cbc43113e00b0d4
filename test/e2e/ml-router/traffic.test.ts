/**
 * Traffic through the scoring router, end to end: mirrored traffic (copies reach the mirrored deployment, the
 * caller only sees the primary's answer) and a 90/10 split set with `cerulean az ml online-endpoint update --traffic`
 * measured over 1,000 real invocations.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ProxyAgent } from 'undici';
import { removeHome } from '../../support/platform-process.js';
import { arm, createEndpoint, deploymentLogs, endpointKey, setTraffic } from '../ml-serving/fixtures/ml-setup.js';
import { azOk, deployNode, runBounded, scoringAgent, score, startRouterEnv, tally, type RouterEnv } from './router-support.js';

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

/** The request ids a deployment's scoring script logged (`scored #n tag=… id=…`). */
async function scoredIds(deploymentId: string, tag: string): Promise<string[]> {
  const logs = await deploymentLogs(env.p, deploymentId);
  return [...logs.matchAll(new RegExp(`scored #\\d+ tag=${tag} id=(\\S+)`, 'g'))].map((m) => m[1]);
}

test('mirror_traffic: the mirrored deployment receives copies; the caller sees only the primary answer', { timeout: 90_000 }, async () => {
  const { p } = env;
  const ep = await createEndpoint(p, env.ws, 'ep-mirror');
  const blue = await deployNode(env, ep.id, 'blue', { maxConcurrent: 4 });
  const green = await deployNode(env, ep.id, 'green', { maxConcurrent: 4 });
  // Azure caps mirrored traffic at 50 %.
  await setTraffic(p, ep.id, { blue: 100 }, { green: 50 });
  const shown = (await arm(p, 'GET', ep.id)).json;
  assert.deepEqual(shown.properties.mirrorTraffic, { green: 50 });
  const key = await endpointKey(p, ep.id);

  const N = 80;
  const sent = Array.from({ length: N }, (_, i) => `m${i}`);
  const results = await runBounded(N, 2, (i) => score(agent, shown.properties.scoringUri, key, { id: sent[i] }));
  for (const r of results) {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['azureml-model-deployment'], 'blue');
    assert.equal(r.json.deployment, 'blue');
  }
  assert.deepEqual(results.map((r) => r.json.id), sent);

  // Copies travel beside the answers: wait until green's log stops growing.
  let mirrored = await scoredIds(green.id, 'green');
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const again = await scoredIds(green.id, 'green');
    if (again.length === mirrored.length) break;
    mirrored = again;
  }
  assert.equal(new Set(mirrored).size, mirrored.length, 'each request is copied at most once');
  for (const id of mirrored) assert.ok(sent.includes(id), `green received a copy of a request that was sent (${id})`);
  // 50 % of 80: P(fewer than 15 or more than 65) is below 1e-7.
  assert.ok(mirrored.length >= 15 && mirrored.length <= 65, `green received ${mirrored.length} of ${N} copies`);
  assert.deepEqual((await scoredIds(blue.id, 'blue')).sort(), [...sent].sort(), 'blue answered every request');

  // A request pinned to a deployment is not mirrored.
  const before = (await scoredIds(green.id, 'green')).length;
  for (let i = 0; i < 10; i++) {
    const r = await score(agent, shown.properties.scoringUri, key, { id: `pinned${i}` }, { 'azureml-model-deployment': 'blue' });
    assert.equal(r.status, 200);
  }
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await scoredIds(green.id, 'green')).length, before);
});

test('update --traffic "blue=90 green=10": show --query traffic reports it; 1,000 invocations split 90/10 within ±3 %', { timeout: 150_000 }, async () => {
  const { p } = env;
  const ep = await createEndpoint(p, env.ws, 'ep-split');
  await deployNode(env, ep.id, 'blue', { maxConcurrent: 8 });
  await deployNode(env, ep.id, 'green', { maxConcurrent: 8 });

  const updated = JSON.parse(await azOk(p, 'ml', 'online-endpoint', 'update', '--name', 'ep-split', '--traffic', 'blue=90 green=10'));
  assert.deepEqual(updated.traffic, { blue: 90, green: 10 });
  const shown = JSON.parse(await azOk(p, 'ml', 'online-endpoint', 'show', '--name', 'ep-split', '--query', 'traffic'));
  assert.deepEqual(shown, { blue: 90, green: 10 });
  assert.equal((await azOk(p, 'ml', 'online-endpoint', 'show', '--name', 'ep-split', '--query', 'traffic.green', '-o', 'tsv')).trim(), '10');

  const key = await endpointKey(p, ep.id);
  const N = 1000;
  const results = await runBounded(N, 12, (i) => score(agent, updated.scoring_uri, key, { id: `s${i}` }));
  const statuses = tally(results.map((r) => r.status));
  assert.deepEqual(statuses, { 200: N }, JSON.stringify(statuses));
  for (const r of results) assert.equal(r.headers['azureml-model-deployment'], r.json.deployment);
  const by = tally(results.map((r) => r.json.deployment));
  const greenShare = (by.green ?? 0) / N;
  assert.ok(Math.abs(greenShare - 0.1) <= 0.03, `green got ${(greenShare * 100).toFixed(1)} % (${JSON.stringify(by)})`);
  assert.equal((by.blue ?? 0) + (by.green ?? 0), N);
});
