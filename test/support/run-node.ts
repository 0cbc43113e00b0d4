/**
 * Runs a Node script (TypeScript via tsx) in a child process with the given environment — how the tests drive the
 * official Azure SDKs: the CA is trusted only through NODE_EXTRA_CA_CERTS, hosts are reached through HTTPS_PROXY.
 */
import { spawn } from 'node:child_process';
import { repoRoot } from './platform-process.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runProcess(cmd: string, args: string[], opts: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, ...opts.env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function runNodeScript(script: string, env: Record<string, string>, args: string[] = []): Promise<RunResult> {
  return runProcess(process.execPath, ['--import', 'tsx', script, ...args], { env: { NODE_OPTIONS: undefined, ...env } });
}
