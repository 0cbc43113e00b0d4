/**
 * Isolation when the platform runs as root: each workload runs under its own uid and can read neither another
 * running workload's /proc/<pid>/environ (where its secret lives) nor the data home's keys, CA key, store or
 * admin credentials.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { createGroup, createUai, ceruleanExec, execRunner, openWorkDir, type Uai } from './fixtures/workloads-setup.js';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let p: PlatformProcess;
let uai: Uai;

before(async () => {
  if (!asRoot) return;
  p = await startPlatformProcess();
  await createGroup(p, 'iso');
  uai = await createUai(p, 'iso', 'iso-id');
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

test('a workload cannot read another workload\'s environment nor the data home\'s secrets', { skip: !asRoot && 'needs root', timeout: 120_000 }, async () => {
  // Workload A: prints its pid and uid, then waits.
  const a = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), execRunner, '--identity', uai.id, '--', '/bin/sh', '-c', 'echo "$$ $(id -u)"; sleep 60'], {
    env: { ...process.env, ...p.env },
    cwd: openWorkDir(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  try {
    const [pidA, uidA] = (
      await new Promise<string>((resolve, reject) => {
        a.stdout.once('data', (d) => resolve(String(d).trim()));
        a.once('exit', (code) => reject(new Error(`workload A exited early (${code})`)));
      })
    ).split(' ');
    const home = p.home;
    const probe = [
      `echo "uid $(id -u)"`,
      `cat /proc/${pidA}/environ >/dev/null 2>&1 && echo "environ readable" || echo "environ denied"`,
      `cat /proc/self/environ >/dev/null 2>&1 && echo "own environ readable" || echo "own environ denied"`,
      `ls ${join(home, 'keys')} >/dev/null 2>&1 && echo "keys readable" || echo "keys denied"`,
      `cat ${join(home, 'ca', 'ca-key.pem')} >/dev/null 2>&1 && echo "ca key readable" || echo "ca key denied"`,
      `ls ${join(home, 'store')} >/dev/null 2>&1 && echo "store readable" || echo "store denied"`,
      `cat ${join(home, 'admin-credentials.json')} >/dev/null 2>&1 && echo "admin readable" || echo "admin denied"`,
      `ls ${home} >/dev/null 2>&1 && echo "home listable" || echo "home not listable"`,
      `cat ${p.runtime.caCert} >/dev/null 2>&1 && echo "ca cert readable" || echo "ca cert denied"`,
      `cat ${p.runtime.caBundle} >/dev/null 2>&1 && echo "bundle readable" || echo "bundle denied"`,
    ].join('; ');
    const b = await ceruleanExec(p, ['--identity', uai.id, '--', '/bin/sh', '-c', probe]);
    assert.equal(b.code, 0, b.stderr);
    const lines = b.stdout.trim().split('\n');
    const uidB = lines[0].split(' ')[1];
    assert.notEqual(uidB, uidA);
    assert.ok(Number(uidA) >= 200000 && Number(uidB) >= 200000);
    assert.deepEqual(lines.slice(1), [
      'environ denied',
      'own environ readable',
      'keys denied',
      'ca key denied',
      'store denied',
      'admin denied',
      'home not listable',
      'ca cert readable',
      'bundle readable',
    ]);
  } finally {
    a.kill('SIGINT');
    await new Promise((r) => (a.exitCode !== null ? r(undefined) : a.once('exit', r)));
  }
});

test('a workload whose uid cannot enter the working directory gets a clear error', { skip: !asRoot && 'needs root' }, async () => {
  const r = await ceruleanExec(p, ['--', '/bin/true'], { cwd: p.home.replace(/$/, '/store') });
  assert.equal(r.code, 126);
  assert.match(r.stderr, /cannot enter the working directory/);
});
