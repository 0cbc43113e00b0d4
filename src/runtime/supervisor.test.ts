import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Supervisor, SpawnError } from './supervisor.js';

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    stream.on('data', (d) => (s += d));
    stream.on('end', () => resolve(s));
  });
}

/** Alive and not a zombie (an orphan may wait for init to reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

test('runs a command with its environment and cwd, piping stdio and passing the exit code', async () => {
  const sup = new Supervisor();
  const p = await sup.start({ argv: ['/bin/sh', '-c', 'read x; echo "$x-$FOO-$(pwd)"; echo err >&2; exit 7'], cwd: '/tmp', env: { FOO: 'bar', PATH: '/usr/bin:/bin' } });
  const out = collect(p.stdout);
  const err = collect(p.stderr);
  p.stdin.end('hello\n');
  assert.deepEqual(await p.exited, { code: 7, signal: null });
  assert.equal(await out, 'hello-bar-/tmp\n');
  assert.equal(await err, 'err\n');
  assert.equal(sup.size, 0);
});

test('a missing command is a SpawnError', async () => {
  const sup = new Supervisor({ pdeathsig: false });
  await assert.rejects(sup.start({ argv: ['/nonexistent/cmd'], cwd: '/tmp', env: {} }), (e: unknown) => e instanceof SpawnError && e.code === 'ENOENT');
});

test('closeAll ends workloads and the processes they started', { timeout: 15_000 }, async () => {
  const sup = new Supervisor();
  const p = await sup.start({ argv: ['/bin/sh', '-c', 'sleep 60 & echo $!; wait'], cwd: '/tmp', env: { PATH: '/usr/bin:/bin' } });
  const grandchild = await new Promise<number>((resolve) => p.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  await sup.closeAll(500);
  const exit = await p.exited;
  assert.ok(exit.signal !== null || exit.code !== 0);
  assert.ok(!alive(grandchild), `process ${grandchild} survived`);
});

test('signals reach the workload', { timeout: 15_000 }, async () => {
  const sup = new Supervisor();
  const p = await sup.start({ argv: ['/bin/sh', '-c', 'trap "echo got; exit 3" TERM; echo ready; while :; do sleep 0.05; done'], cwd: '/tmp', env: { PATH: '/usr/bin:/bin' } });
  await new Promise((r) => p.stdout.once('data', r));
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  p.signal('SIGTERM');
  const exit = await p.exited;
  assert.equal(exit.code, 3);
  assert.equal(out, 'got\n');
});

function guardsOf(pid: number): number[] {
  const want = `cerulean-workload-guard\0${pid}\0`;
  const out: number[] = [];
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').endsWith(want) && alive(Number(d))) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return check();
}

test('each workload has a guard that ends with it', { timeout: 15_000 }, async () => {
  const sup = new Supervisor();
  const p = await sup.start({ argv: ['/bin/sh', '-c', 'read x'], cwd: '/tmp', env: { PATH: '/usr/bin:/bin' } });
  try {
    assert.ok(await until(() => guardsOf(p.pid).length === 1, 5_000), 'guard started');
  } finally {
    p.stdin.end('\n');
    await p.exited;
  }
  assert.ok(await until(() => guardsOf(p.pid).length === 0, 5_000), 'guard ended');
});

test('a supervisor killed with -9 takes every process of its workloads with it', { timeout: 20_000 }, async () => {
  const code = [
    `import { Supervisor } from ${JSON.stringify(new URL('./supervisor.js', import.meta.url).href)};`,
    "const p = await new Supervisor().start({ argv: ['/bin/sh', '-c', 'sleep 60 & echo $!; sleep 61 & echo $!; wait'], cwd: '/tmp', env: { PATH: '/usr/bin:/bin' } });",
    "let out = ''; p.stdout.on('data', (d) => { out += d; if (out.split('\\n').length > 2) console.log(JSON.stringify([p.pid, ...out.trim().split('\\n').map(Number)])); });",
  ].join('\n');
  const host = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pids = await new Promise<number[]>((resolve) => host.stdout.once('data', (d) => resolve(JSON.parse(String(d)))));
  assert.ok(pids.every(alive));
  host.kill('SIGKILL');
  const gone = await until(() => !pids.some(alive), 5_000);
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  assert.ok(gone, 'a workload process outlived its supervisor');
});
