/** `cerulean start`: parses the options and hands over to the platform (loaded only for this command). */
import type { CommandSpec } from '../command-spec.js';
import { UsageError } from '../errors.js';
import { ExitWith } from '../exit-with.js';

export interface StartOptions {
  port?: number;
  dataDir?: string;
  enforcement?: 'strict' | 'soft' | 'off';
  tunnelUnknownHosts?: boolean;
}

type RunStart = (opts: StartOptions) => Promise<number>;

/** The platform module is resolved at run time so the CLI never loads server code for other commands. */
const PLATFORM_START = '../../platform/start.js';

export const startCommand: CommandSpec = {
  path: ['start'],
  summary: 'Start the Cerulean platform (token service, ARM, Graph, data planes, forward proxy) in the foreground.',
  options: [
    { dest: 'port', names: ['--port'], help: 'Port of the forward proxy / main listener.' },
    { dest: 'dataDir', names: ['--data-dir'], help: 'Data home (default: $CERULEAN_HOME or ~/.cerulean).' },
    { dest: 'enforcement', names: ['--enforcement'], choices: ['strict', 'soft', 'off'], help: 'RBAC enforcement mode (default strict).' },
    { dest: 'tunnelUnknownHosts', names: ['--tunnel-unknown-hosts'], kind: 'flag', help: 'Tunnel hosts no plane owns instead of refusing them.' },
  ],
  async run(_ctx, args) {
    const opts: StartOptions = {};
    const port = args.str('port');
    if (port !== undefined) {
      const n = Number(port);
      if (!/^\d+$/.test(port) || n > 65535) throw new UsageError(`argument --port: invalid int value: '${port}'`);
      opts.port = n;
    }
    if (args.str('dataDir')) opts.dataDir = args.str('dataDir');
    if (args.str('enforcement')) opts.enforcement = args.str('enforcement') as StartOptions['enforcement'];
    if (args.flag('tunnelUnknownHosts')) opts.tunnelUnknownHosts = true;
    const mod = (await import(PLATFORM_START)) as { runStart: RunStart };
    return new ExitWith(await mod.runStart(opts));
  },
};
