/**
 * `cerulean start`: the platform in the foreground on the data home, until SIGINT/SIGTERM.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createPlatform } from './create-platform.js';
import { renderBanner } from './banner.js';
import { dataHome, dataPaths, type RuntimeInfo } from '../shared/data-home.js';
import type { EnforcementMode } from './context.js';

export interface StartOptions {
  port?: number;
  dataDir?: string;
  enforcement?: EnforcementMode;
  tunnelUnknownHosts?: boolean;
}

export const DEFAULT_PORT = 7480;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function runStart(opts: StartOptions): Promise<number> {
  const home = dataHome(opts.dataDir);
  const paths = dataPaths(home);
  if (existsSync(paths.runtimeFile)) {
    try {
      const rt = JSON.parse(readFileSync(paths.runtimeFile, 'utf8')) as RuntimeInfo;
      if (rt.pid !== process.pid && isAlive(rt.pid)) {
        process.stderr.write(`ERROR: Cerulean is already running on this data home (pid ${rt.pid}, proxy ${rt.proxyUrl}).\n`);
        return 1;
      }
    } catch {
      /* stale or unreadable runtime file: replaced below */
    }
  }
  const platform = await createPlatform({
    dataDir: home,
    keepDataDir: true,
    port: opts.port ?? DEFAULT_PORT,
    enforcement: opts.enforcement ?? 'strict',
    tunnelUnknownHosts: opts.tunnelUnknownHosts,
    logToStdout: true,
    writeRuntimeFile: true,
  });
  process.stderr.write(
    renderBanner(platform, { tunnelUnknownHosts: Boolean(opts.tunnelUnknownHosts) }) + '\n',
  );
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n  Cerulean is stopping (${signal}).\n`);
      platform.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}
