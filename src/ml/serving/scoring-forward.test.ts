import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { forwardScoring, type ForwardTarget } from './scoring-forward.js';
import { scriptDir, startTestPool, type TestPool } from './testing/test-launcher.js';
import { send } from './testing/http-send.js';

const SCRIPT = `
export function init() {}
export async function run(raw) {
  const d = JSON.parse(raw);
  if (d.sleep) await new Promise((r) => setTimeout(r, d.sleep));
  if (d.crash) setTimeout(() => process.exit(1), 10);
  if (d.fail) throw new Error('scoring failed');
  return { pid: process.pid };
}
`;

async function withRouter(p: TestPool, timeoutMs: number, fn: (port: number) => Promise<void>): Promise<void> {
  const target: ForwardTarget = { deploymentName: 'blue', pool: p.pool, requestTimeoutMs: timeoutMs };
  let n = 0;
  const server = http.createServer((req, res) => void forwardScoring(req, res, target, `req-${++n}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const score = (port: number, body: unknown) => send(port, 'POST', '/score', JSON.stringify(body), { 'content-type': 'application/json' });

test('router: a second request waits in the queue, a third beyond 2 × max_concurrent × instances gets 429', { timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.mjs': SCRIPT });
  const p = await startTestPool(dir, 'score.mjs', { maxConcurrent: 1 });
  try {
    await withRouter(p, 5000, async (port) => {
      const a = score(port, { sleep: 400 });
      await new Promise((r) => setTimeout(r, 50));
      const b = score(port, {});
      await new Promise((r) => setTimeout(r, 50));
      const c = await score(port, {});
      assert.equal(c.status, 429);
      const [ra, rb] = await Promise.all([a, b]);
      assert.equal(ra.status, 200);
      assert.equal(rb.status, 200);
      assert.equal(ra.headers['azureml-model-deployment'], 'blue');
      assert.equal(ra.headers['x-request-id'], 'req-1');
      assert.equal(p.pool.inFlight, 0);
    });
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('router: request_timeout_ms exceeded → 408; scoring error → 424 with the model error headers', { timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.mjs': SCRIPT });
  const p = await startTestPool(dir, 'score.mjs', { maxConcurrent: 2 });
  try {
    await withRouter(p, 300, async (port) => {
      const t0 = Date.now();
      const slow = await score(port, { sleep: 2000 });
      assert.equal(slow.status, 408);
      assert.equal(slow.text, 'upstream request timeout');
      assert.ok(Date.now() - t0 < 1500);
      const failed = await score(port, { fail: true });
      assert.equal(failed.status, 424);
      assert.equal(failed.headers['ms-azureml-model-error-statuscode'], '500');
      assert.equal(failed.headers['ms-azureml-model-error-reason'], 'model_error');
      assert.equal(failed.headers['x-ms-run-function-failed'], 'True');
      assert.equal(JSON.parse(failed.text).message, 'An unexpected error occurred in scoring script. Check the logs for more info.');
      assert.equal((await score(port, {})).status, 200);
    });
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('router: an instance that crashes mid-request → 502, 503 while it restarts, then served by the new process', { timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.mjs': SCRIPT });
  const p = await startTestPool(dir, 'score.mjs', { maxConcurrent: 2, backoffMs: 300 });
  try {
    await withRouter(p, 5000, async (port) => {
      const first = await score(port, {});
      const pid1 = JSON.parse(first.text).pid;
      const inflight = score(port, { sleep: 1000 });
      await new Promise((r) => setTimeout(r, 100));
      const crash = score(port, { crash: true });
      const lost = await inflight;
      assert.equal(lost.status, 502);
      assert.match(lost.text, /upstream connect error or disconnect\/reset before headers/);
      await crash;
      // The reset socket can reach the router before the host's exit event does: wait for the pool to see the exit.
      for (let i = 0; i < 100 && p.pool.instances[0].state === 'ready'; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(p.pool.instances[0].state, 'restarting');
      const during = await score(port, {});
      assert.equal(during.status, 503);
      let after;
      for (let i = 0; i < 100; i++) {
        after = await score(port, {});
        if (after.status === 200) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(after?.status, 200);
      assert.notEqual(JSON.parse(after!.text).pid, pid1);
      assert.equal(p.pool.instances[0].restarts, 1);
      assert.match(p.logs.tail('inference-server', 200), /The scoring host exited \(code 1\); restarting in 300 ms/);
    });
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('liveness: an instance that stops answering its probe is killed and restarted', { timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.mjs': SCRIPT });
  const p = await startTestPool(dir, 'score.mjs', { backoffMs: 50, liveness: { periodMs: 100, failureThreshold: 3 } });
  try {
    const inst = p.pool.instances[0];
    const pid = inst.pid!;
    process.kill(pid, 'SIGSTOP');
    for (let i = 0; i < 200 && !(inst.state === 'ready' && inst.pid !== pid); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(inst.state, 'ready');
    assert.notEqual(inst.pid, pid);
    assert.match(p.logs.tail('inference-server', 200), /Liveness probe failed 3 times/);
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const COUNTER = `
let calls = 0;
export function init() {}
export function run(raw) {
  const d = JSON.parse(raw);
  if (d.count) return { calls };
  calls++;
  return { tag: process.env.TAG, calls };
}
`;

test('mirror: the mirrored deployment gets a copy; the caller sees only the primary answer', { timeout: 30_000 }, async () => {
  const { mirrorScoring } = await import('./scoring-forward.js');
  const dir = scriptDir({ 'score.mjs': COUNTER });
  const primary = await startTestPool(dir, 'score.mjs', { env: { TAG: 'blue' } });
  const mirror = await startTestPool(dir, 'score.mjs', { env: { TAG: 'green' }, maxConcurrent: 4 });
  const t = (pool: TestPool, name: string): ForwardTarget => ({ deploymentName: name, pool: pool.pool, requestTimeoutMs: 5000 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      mirrorScoring(req, t(mirror, 'green'), 'm', body);
      void forwardScoring(req, res, t(primary, 'blue'), 'p', body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (server.address() as AddressInfo).port;
    for (let i = 0; i < 3; i++) {
      const r = await score(port, { data: [i] });
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.text).tag, 'blue');
      assert.equal(r.headers['azureml-model-deployment'], 'blue');
    }
    await new Promise((r) => setTimeout(r, 200));
    const counted = await send(mirror.pool.instances[0].port, 'POST', '/score', JSON.stringify({ count: true }), { 'content-type': 'application/json' });
    assert.equal(JSON.parse(counted.text).calls, 3);
    assert.equal(mirror.pool.inFlight, 0);
  } finally {
    server.closeAllConnections();
    server.close();
    await primary.close();
    await mirror.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
