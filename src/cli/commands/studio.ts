/**
 * `cerulean studio [--no-open]`: prints the running platform's studio URL (from runtime.json in the data home) and
 * opens it with `xdg-open` when there is a display to open it on. Never fails because no browser could be opened.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { RuntimeInfo } from '../../shared/data-home.js';
import type { CommandSpec } from '../command-spec.js';
import { CliError } from '../errors.js';
import { loadRuntimeInfo } from '../runtime-info.js';

type Env = Record<string, string | undefined>;

/** The studio's URL on `localhost` (the origin its sign-in redirects to), from the direct port in runtime.json. */
export function studioUrl(runtime: RuntimeInfo): string {
  const direct = runtime.direct?.studio;
  if (!direct) throw new CliError('The running platform does not serve the studio. Restart it with `cerulean start`.');
  const u = new URL(direct);
  return `https://localhost${u.port ? `:${u.port}` : ''}/`;
}

/** `xdg-open`'s path when a graphical session (DISPLAY or WAYLAND_DISPLAY) could show the page, else undefined. */
export function findOpener(env: Env): string | undefined {
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'xdg-open');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** Starts the opener detached; resolves whether it could be started (its own exit status is not awaited). */
export function openInBrowser(opener: string, url: string, env: Env): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const child = spawn(opener, [url], { detached: true, stdio: 'ignore', env: env as NodeJS.ProcessEnv });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

export const studioCommand: CommandSpec = {
  path: ['studio'],
  summary: 'Print the URL of the Cerulean studio (the web UI) and open it in the browser.',
  options: [{ dest: 'noOpen', names: ['--no-open'], kind: 'flag', help: 'Only print the URL.' }],
  async run(ctx, args) {
    const url = studioUrl(loadRuntimeInfo(ctx.home));
    ctx.io.stdout(`${url}\n`);
    if (args.flag('noOpen')) return undefined;
    const opener = findOpener(ctx.io.env);
    if (!opener) {
      ctx.io.stderr('No graphical session to open a browser in (DISPLAY/WAYLAND_DISPLAY unset, or no xdg-open): open the URL yourself.\n');
      return undefined;
    }
    if (!(await openInBrowser(opener, url, ctx.io.env))) ctx.io.stderr(`Could not run ${opener}: open the URL yourself.\n`);
    return undefined;
  },
};
