/**
 * The command table is data: each command declares its path (`['group', 'create']`), its options and a
 * handler. Groups added later (`identity`, `storage`, `ml …`) export more `CommandSpec`s.
 */
import type { CommandContext } from './command-context.js';
import type { ParsedArgs } from './parse/parsed-args.js';

export type OptionKind = 'string' | 'flag' | 'list';

export interface OptionSpec {
  /** Key in ParsedArgs, e.g. `resourceGroup`. */
  dest: string;
  /** Option strings as az spells them, long first: `['--resource-group', '-g']`. */
  names: string[];
  /** `string` takes one value, `flag` none, `list` one or more (argparse nargs='+'). Default `string`. */
  kind?: OptionKind;
  required?: boolean;
  choices?: string[];
  help?: string;
  /** Name of an `az configure --defaults` key that fills this option when absent (e.g. `group`). */
  configDefault?: string;
}

export interface PositionalSpec {
  dest: string;
  required?: boolean;
  help?: string;
}

export interface CommandSpec {
  /** Words after `az`, e.g. `['role', 'assignment', 'create']`. */
  path: string[];
  summary: string;
  options: OptionSpec[];
  positionals?: PositionalSpec[];
  /** az's table transformer, applied for `-o table` when no `--query` is given. */
  tableTransform?: (result: unknown) => unknown;
  /** Returns what to print (`undefined` prints nothing). */
  run(ctx: CommandContext, args: ParsedArgs): Promise<unknown>;
}

/** Help text of a command group (e.g. `role assignment`). */
export interface GroupSpec {
  path: string[];
  summary: string;
}

/** Options most commands share, declared once. */
export const resourceGroupOption: OptionSpec = {
  dest: 'resourceGroup',
  names: ['--resource-group', '-g'],
  help: 'Name of resource group. You can configure the default group using `az configure --defaults group=<name>`.',
  configDefault: 'group',
};

export const locationOption: OptionSpec = {
  dest: 'location',
  names: ['--location', '-l'],
  help: 'Location. You can configure the default location using `az configure --defaults location=<location>`.',
  configDefault: 'location',
};
