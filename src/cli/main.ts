/**
 * Entry point of the `cerulean` command: `start`, `env`, and `az …` (an az-compatible client of the
 * running platform). `runCli` runs in-process with an injected environment and captured output.
 */
import { dataHome, dataPaths } from '../shared/data-home.js';
import { defaultIo, type CliIo } from './cli-io.js';
import { CommandContext } from './command-context.js';
import type { CommandSpec, GroupSpec } from './command-spec.js';
import { azCommands, azGroups } from './commands/az-commands.js';
import { denialsCommand } from './commands/denials/denials-command.js';
import { envCommand } from './commands/env.js';
import { startCommand } from './commands/start.js';
import { studioCommand } from './commands/studio.js';
import { formatCliError } from './errors.js';
import { ExitWith } from './exit-with.js';
import { commandHelp, groupHelp } from './help.js';
import { renderResult } from './output/print-result.js';
import { parseOptions, resolveCommand } from './parse/argv-parser.js';
import { ConfigStore } from './profile/config-store.js';

export type { CliIo } from './cli-io.js';

const topCommands: CommandSpec[] = [startCommand, envCommand, denialsCommand, studioCommand];
const topGroups: GroupSpec[] = [{ path: [], summary: "Azure ML's managed-identity platform on one machine." }];

const TOP_HELP = `
Usage: cerulean <command>

Commands:
    start [--port N] [--data-dir DIR] [--enforcement strict|soft|off] [--tunnel-unknown-hosts]
                 : Start the platform in the foreground.
    env [--unset]: Print shell exports for clients: eval "$(cerulean env)".
    studio [--no-open]
                 : Print the studio's URL (the web UI) and open it in the browser.
    denials [--scope S] [--principal P] [--top N]
                 : List authorization denials at a scope and below it, newest first.
    exec [--identity ID]... [--imds] -- <command> [args...]
                 : Run a local command as a workload holding managed identities.
    compute exec|shell <name> [-w WS] [-g RG] [-- <command> [args...]]
                 : Run a command or a shell inside an Azure ML compute instance.
    az ...       : Azure CLI-compatible commands against the running platform (cerulean az --help).
`;

export async function main(argv: string[]): Promise<number> {
  return runCli(argv);
}

/** Runs one command line; `io` replaces the process's environment, streams, clock and transport. */
export async function runCli(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const embedded = io.env !== undefined || io.stdout !== undefined;
  const base = defaultIo();
  const full: CliIo = { ...base, ...(embedded ? { prompt: undefined } : {}), ...io };
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    full.stdout(TOP_HELP);
    return 0;
  }
  if (first === 'az') return runTable(rest, azCommands, azGroups, 'az', full);
  if (first === 'exec') return runExec(rest, full, embedded);
  if (first === 'compute') return runExec(rest, full, embedded, 'compute');
  return runTable(argv, topCommands, topGroups, 'cerulean', full);
}

async function runTable(tokens: string[], commands: CommandSpec[], groups: GroupSpec[], prog: string, io: CliIo): Promise<number> {
  const started = io.now();
  let verbose = false;
  try {
    const config = new ConfigStore(dataPaths(dataHome(io.env.CERULEAN_HOME || undefined)).cliDir, io.env);
    const lookup = (key: string) => (key === 'core.output' ? config.get('core', 'output') : config.getDefault(key));
    const resolved = resolveCommand(tokens, commands, groups);
    if (resolved.kind === 'group') {
      parseOptions(resolved.rest, null, lookup);
      io.stdout(groupHelp(resolved.path, commands, groups, prog));
      return 0;
    }
    const { args, globals } = parseOptions(resolved.rest, resolved.spec, lookup);
    verbose = globals.verbose || globals.debug;
    if (globals.help) {
      io.stdout(commandHelp(resolved.spec, prog));
      return 0;
    }
    const ctx = new CommandContext(io, globals);
    const result = await resolved.spec.run(ctx, args);
    if (result instanceof ExitWith) return result.code;
    const text = renderResult(result, { output: globals.output, query: globals.query, tableTransform: resolved.spec.tableTransform });
    if (text) io.stdout(text);
    return 0;
  } catch (err) {
    const { text, exitCode } = formatCliError(err);
    io.stderr(text);
    return exitCode;
  } finally {
    if (verbose) io.stderr(`INFO: Command ran in ${((io.now() - started) / 1000).toFixed(3)} seconds\n`);
  }
}

/** `cerulean exec` streams stdio, so it gets process streams (or adapters over the injected writers). */
async function runExec(argv: string[], io: CliIo, embedded: boolean, kind: 'exec' | 'compute' = 'exec'): Promise<number> {
  const { runExecCommand } = await import('./exec-command.js');
  const run = kind === 'compute' ? (await import('./compute-command.js')).runComputeCommand : runExecCommand;
  const { Readable, Writable } = await import('node:stream');
  const sink = (write: (t: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        cb();
      },
    });
  return run(argv, {
    env: io.env,
    stdin: embedded ? Readable.from([]) : process.stdin,
    stdout: embedded ? sink(io.stdout) : process.stdout,
    stderr: embedded ? sink(io.stderr) : process.stderr,
    cwd: io.cwd,
  });
}
