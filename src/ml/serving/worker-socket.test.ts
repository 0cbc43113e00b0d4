import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_SOCKET, linkHostSocket, unlinkHostSocket } from './worker-socket.js';
import { forwardScoring } from './scoring-forward.js';
import { pythonInterpreter } from './host-assets.js';
import { scriptDir, startTestPool, type TestPool } from './testing/test-launcher.js';
import { send } from './testing/http-send.js';

const havePython = existsSync(pythonInterpreter()) || pythonInterpreter() === 'python3';

function sandbox(): { root: string; sandboxDir: string; linkDir: string; sock: string } {
  const root = mkdtempSync(join(tmpdir(), 'cerulean-ws-'));
  const sandboxDir = join(root, 'sb');
  mkdirSync(join(sandboxDir, 'tmp', 'azmlinfsrv'), { recursive: true, mode: 0o700 });
  return { root, sandboxDir, linkDir: join(root, 'links'), sock: join(sandboxDir, HOST_SOCKET) };
}

test('linkHostSocket: links a socket into a 0700 folder; refuses files, symbolic links, missing sandboxes, long paths', { timeout: 10_000 }, async () => {
  const s = sandbox();
  const server = net.createServer((c) => c.end('hello'));
  try {
    await new Promise<void>((r) => server.listen(s.sock, () => r()));
    const link = linkHostSocket(s.linkDir, 'w1.sock', s.sandboxDir, undefined);
    assert.equal(link, join(s.linkDir, 'w1.sock'));
    assert.equal(statSync(s.linkDir).mode & 0o777, 0o700);
    const got = await new Promise<string>((resolve, reject) => {
      let text = '';
      net.connect(link!).on('data', (d) => (text += d)).on('end', () => resolve(text)).on('error', reject);
    });
    assert.equal(got, 'hello');
    unlinkHostSocket(link);
    assert.equal(existsSync(link!), false);

    assert.equal(linkHostSocket(s.linkDir, 'w2.sock', undefined, undefined), undefined);
    assert.equal(linkHostSocket(join(s.root, 'x'.repeat(120)), 'w3.sock', s.sandboxDir, undefined), undefined);
    // A socket owned by another uid than the workload's.
    assert.equal(linkHostSocket(s.linkDir, 'w4.sock', s.sandboxDir, (process.getuid?.() ?? 0) + 4242), undefined);

    // A symbolic link where the socket should be is linked as a link, not followed: refused.
    const other = sandbox();
    await new Promise<void>((r) => server.close(() => r()));
    const elsewhere = net.createServer();
    await new Promise<void>((r) => elsewhere.listen(other.sock, () => r()));
    symlinkSync(other.sock, s.sock);
    assert.equal(linkHostSocket(s.linkDir, 'w5.sock', s.sandboxDir, undefined), undefined);
    elsewhere.close();
    rmSync(other.root, { recursive: true, force: true });

    rmSync(s.sock);
    writeFileSync(s.sock, 'not a socket');
    assert.equal(linkHostSocket(s.linkDir, 'w6.sock', s.sandboxDir, undefined), undefined);
    assert.deepEqual(readdirSync(s.linkDir), []);
  } finally {
    server.close();
    rmSync(s.root, { recursive: true, force: true });
  }
});

async function viaRouter(p: TestPool, body: string): Promise<{ status: number; text: string; deployment: unknown }> {
  const server = http.createServer((req, res) => void forwardScoring(req, res, { deploymentName: 'blue', pool: p.pool, requestTimeoutMs: 5000 }, 'rid-1'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const r = await send((server.address() as AddressInfo).port, 'POST', '/score', body, { 'content-type': 'application/json' });
    return { status: r.status, text: r.text, deployment: r.headers['azureml-model-deployment'] };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/** The connection the router keeps to the instance after a request, by the agent's name for it. */
function pooledVia(p: TestPool): string[] {
  return Object.keys(p.pool.instances[0].agent.freeSockets);
}

test('router → Node host over its Unix domain socket; TCP when the instance has no socket folder', { timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.mjs': 'export function init() {}\nexport function run(raw) { return { got: JSON.parse(raw) }; }\n' });
  const uds = await startTestPool(dir, 'score.mjs');
  const tcp = await startTestPool(dir, 'score.mjs', { tcpOnly: true });
  try {
    const inst = uds.pool.instances[0];
    assert.ok(inst.socketPath && statSync(inst.socketPath).isSocket());
    const a = await viaRouter(uds, '{"x":1}');
    assert.deepEqual([a.status, JSON.parse(a.text), a.deployment], [200, { got: { x: 1 } }, 'blue']);
    assert.ok(pooledVia(uds).some((k) => k.includes(inst.socketPath!)), pooledVia(uds).join());

    assert.equal(tcp.pool.instances[0].socketPath, undefined);
    const b = await viaRouter(tcp, '{"x":2}');
    assert.deepEqual([b.status, JSON.parse(b.text)], [200, { got: { x: 2 } }]);
    assert.ok(pooledVia(tcp).some((k) => k.includes(`:${tcp.pool.instances[0].port}:`)), pooledVia(tcp).join());

    const link = inst.socketPath;
    await uds.close();
    assert.equal(inst.socketPath, undefined);
    assert.equal(existsSync(link), false);
  } finally {
    await uds.close();
    await tcp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('router → Python host over its Unix domain socket', { skip: !havePython && 'no python3', timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.py': 'import json\ndef init():\n    pass\ndef run(raw):\n    return {"got": json.loads(raw)}\n' });
  const p = await startTestPool(dir, 'score.py');
  try {
    const inst = p.pool.instances[0];
    assert.ok(inst.socketPath && statSync(inst.socketPath).isSocket());
    const r = await viaRouter(p, '{"y":[1,2]}');
    assert.deepEqual([r.status, JSON.parse(r.text)], [200, { got: { y: [1, 2] } }]);
    assert.ok(pooledVia(p).some((k) => k.includes(inst.socketPath!)), pooledVia(p).join());
    // The TCP port still answers (probes, direct calls).
    assert.equal((await send(inst.port, 'GET', '/')).text, 'Healthy');
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
