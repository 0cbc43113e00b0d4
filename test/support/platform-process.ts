/**
 * Starts `cerulean start` as its own process on a temporary data home (ports 0), for black-box tests:
 * real clients talk to it only over HTTP(S), and it can be killed (-9) and restarted on the same data home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AdminCredentials, RuntimeInfo } from '../../src/shared/data-home.js';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
export const entry = join(repoRoot, 'test/support/cerulean-entry.ts');

export interface PlatformProcess {
  home: string;
  runtime: RuntimeInfo;
  admin: AdminCredentials;
  proc: ChildProcess;
  output: () => string;
  /** Environment for real clients: proxy + CA variables + CERULEAN_HOME. */
  env: Record<string, string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function newHome(): string {
  return mkdtempSync(join(tmpdir(), 'cerulean-e2e-'));
}

export async function startPlatformProcess(opts: { home?: string; enforcement?: string; timeoutMs?: number } = {}): Promise<PlatformProcess> {
  const home = opts.home ?? newHome();
  const runtimeFile = join(home, 'runtime.json');
  const args = ['--import', 'tsx', entry, 'start', '--data-dir', home, '--port', '0'];
  if (opts.enforcement) args.push('--enforcement', opts.enforcement);
  const proc = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CERULEAN_HOME: home } });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let runtime: RuntimeInfo | undefined;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`cerulean start exited with ${proc.exitCode}:\n${out}`);
    if (existsSync(runtimeFile)) {
      try {
        const rt = JSON.parse(readFileSync(runtimeFile, 'utf8')) as RuntimeInfo;
        if (rt.pid === proc.pid) {
          runtime = rt;
          break;
        }
      } catch {
        /* being written */
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!runtime) {
    proc.kill('SIGKILL');
    throw new Error(`cerulean start did not come up in time:\n${out}`);
  }
  const admin = JSON.parse(readFileSync(runtime.adminCredentials, 'utf8')) as AdminCredentials;
  const env: Record<string, string> = {
    CERULEAN_HOME: home,
    HTTPS_PROXY: runtime.proxyUrl,
    HTTP_PROXY: runtime.proxyUrl,
    https_proxy: runtime.proxyUrl,
    http_proxy: runtime.proxyUrl,
    NO_PROXY: 'localhost,127.0.0.1',
    no_proxy: 'localhost,127.0.0.1',
    REQUESTS_CA_BUNDLE: runtime.caBundle,
    SSL_CERT_FILE: runtime.caBundle,
    CURL_CA_BUNDLE: runtime.caBundle,
    NODE_EXTRA_CA_CERTS: runtime.caCert,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
  };
  return {
    home,
    runtime,
    admin,
    proc,
    output: () => out,
    env,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const done = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}
