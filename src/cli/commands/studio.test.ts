import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../main.js';
import { findOpener, studioUrl } from './studio.js';

let dir: string;
let home: string;
let bin: string;
const opened = () => join(dir, 'opened.txt');

function writeRuntime(direct: Record<string, string>): void {
  writeFileSync(join(home, 'runtime.json'), JSON.stringify({ pid: process.pid, proxyUrl: 'http://127.0.0.1:7480', direct, caCert: '', caBundle: '' }));
}

async function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { env: { CERULEAN_HOME: home, ...env }, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cerulean-studio-cli-'));
  home = join(dir, 'home');
  bin = join(dir, 'bin');
  mkdirSync(home);
  mkdirSync(bin);
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened()}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('studioUrl is the direct studio port on localhost', () => {
  assert.equal(studioUrl({ direct: { studio: 'https://127.0.0.1:7492' } } as never), 'https://localhost:7492/');
  assert.throws(() => studioUrl({ direct: { arm: 'https://127.0.0.1:7483' } } as never), /does not serve the studio/);
});

test('findOpener needs a display and xdg-open on PATH', () => {
  assert.equal(findOpener({ PATH: bin }), undefined);
  assert.equal(findOpener({ PATH: bin, DISPLAY: ':0' }), join(bin, 'xdg-open'));
  assert.equal(findOpener({ PATH: bin, WAYLAND_DISPLAY: 'wayland-0' }), join(bin, 'xdg-open'));
  assert.equal(findOpener({ PATH: join(dir, 'nowhere'), DISPLAY: ':0' }), undefined);
});

test('cerulean studio prints the URL; without a display it only says so and succeeds', async () => {
  writeRuntime({ arm: 'https://127.0.0.1:7483', studio: 'https://127.0.0.1:7492' });
  const noOpen = await cli(['studio', '--no-open'], { PATH: bin, DISPLAY: ':0' });
  assert.equal(noOpen.code, 0, noOpen.err);
  assert.equal(noOpen.out, 'https://localhost:7492/\n');
  assert.equal(noOpen.err, '');
  const headless = await cli(['studio'], { PATH: bin });
  assert.equal(headless.code, 0);
  assert.equal(headless.out, 'https://localhost:7492/\n');
  assert.match(headless.err, /open the URL yourself/);
  assert.equal(existsSync(opened()), false);
});

test('cerulean studio opens the URL with xdg-open when there is a display', async () => {
  writeRuntime({ studio: 'https://127.0.0.1:7492' });
  const r = await cli(['studio'], { PATH: `${bin}:/usr/bin:/bin`, DISPLAY: ':0' });
  assert.equal(r.code, 0, r.err);
  const deadline = Date.now() + 5000;
  while (!existsSync(opened()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  assert.equal(readFileSync(opened(), 'utf8'), 'https://localhost:7492/');
});

test('cerulean studio without a running platform says how to start it', async () => {
  rmSync(join(home, 'runtime.json'), { force: true });
  const r = await cli(['studio', '--no-open'], {});
  assert.equal(r.code, 1);
  assert.match(r.err, /Cerulean is not running/);
});
