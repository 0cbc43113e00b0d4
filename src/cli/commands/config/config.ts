/** `az config get|set|unset` (azure-cli config module). */
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { ConfigStore } from '../../profile/config-store.js';

/** `section.name`, or just a section; az 2.45 requires the section part. */
function splitKey(key: string): { section: string; name?: string } {
  const i = key.indexOf('.');
  return i < 0 ? { section: key } : { section: key.slice(0, i), name: key.slice(i + 1) };
}

export function configGet(config: ConfigStore, key?: string): unknown {
  if (!key) {
    const result: Record<string, unknown> = {};
    for (const section of config.sections()) result[section] = config.items(section);
    return result;
  }
  const { section, name } = splitKey(key);
  const items = config.items(section);
  if (!name) return items;
  const hit = items.find((i) => i.name === name.toLowerCase());
  if (!hit) throw new CliError(`Configuration '${key}' is not set.`);
  return hit;
}

export const configGetCommand: CommandSpec = {
  path: ['config', 'get'],
  summary: 'Get a configuration.',
  options: [{ dest: 'local', names: ['--local'], kind: 'flag', help: 'Include local configuration.' }],
  positionals: [{ dest: 'key', help: 'The configuration to get, e.g. defaults.group.' }],
  async run(ctx, args) {
    return configGet(ctx.config, args.str('key'));
  },
};

export const configSetCommand: CommandSpec = {
  path: ['config', 'set'],
  summary: 'Set a configuration.',
  options: [{ dest: 'local', names: ['--local'], kind: 'flag', help: 'Set as a local configuration.' }],
  positionals: [{ dest: 'keyValue', required: true, help: "'section.name=value' pair." }],
  async run(ctx, args) {
    const kv = args.str('keyValue')!;
    const eq = kv.indexOf('=');
    const { section, name } = splitKey(eq < 0 ? kv : kv.slice(0, eq));
    if (eq < 0 || !name) throw new CliError('usage error: [section].[name]=[value] ...', 2);
    const value = kv.slice(eq + 1);
    ctx.config.set(section, name, value === "''" || value === '""' ? '' : value);
    return undefined;
  },
};

export const configUnsetCommand: CommandSpec = {
  path: ['config', 'unset'],
  summary: 'Unset a configuration.',
  options: [{ dest: 'local', names: ['--local'], kind: 'flag', help: 'Unset the local configuration.' }],
  positionals: [{ dest: 'key', required: true, help: "'section.name' key." }],
  async run(ctx, args) {
    const { section, name } = splitKey(args.str('key')!);
    if (!name) throw new CliError('usage error: [section].[name]', 2);
    ctx.config.unset(section, name);
    return undefined;
  },
};
