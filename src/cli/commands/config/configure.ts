/** `az configure --defaults k=v …` and `az configure --list-defaults`. */
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { ConfigStore } from '../../profile/config-store.js';

/** Default names commands read (`group`, `location`, and the `ml` extension's `workspace`). */
export const KNOWN_DEFAULTS = ['group', 'location', 'workspace', 'acr', 'vm', 'vmss', 'web', 'appserviceplan'];

/**
 * Stores `name=value` pairs under [defaults]. A name that is a known default with extra leading letters
 * (the Azure ML docs print `gitworkspace=`) is also stored under the name a reader means, with a warning.
 */
export function applyDefaults(config: ConfigStore, pairs: string[], warn: (m: string) => void): void {
  const parsed = pairs.map((kv) => {
    const i = kv.indexOf('=');
    if (i < 0) throw new CliError('usage error: --defaults STRING=STRING STRING=STRING ...', 2);
    const value = kv.slice(i + 1);
    return { name: kv.slice(0, i).toLowerCase(), value: value === "''" || value === '""' ? '' : value };
  });
  const names = new Set(parsed.map((p) => p.name));
  for (const { name, value } of parsed) {
    config.set('defaults', name, value);
    if (KNOWN_DEFAULTS.includes(name)) continue;
    const meant = KNOWN_DEFAULTS.find((k) => name.endsWith(k) && name.length - k.length <= 3);
    if (meant && !names.has(meant)) {
      config.set('defaults', meant, value);
      warn(`'${name}' is not a default any command reads; also set '${meant}=${value}'. Write: az configure --defaults ${meant}=${value}`);
    }
  }
}

export const configureCommand: CommandSpec = {
  path: ['configure'],
  summary: 'Manage Azure CLI configuration.',
  options: [
    { dest: 'defaults', names: ['--defaults', '-d'], kind: 'list', help: "Space-separated 'name=value' pairs for common argument defaults." },
    { dest: 'listDefaults', names: ['--list-defaults', '-l'], kind: 'flag', help: 'List all applicable defaults.' },
    { dest: 'scope', names: ['--scope'], choices: ['global', 'local'], help: 'Scope of defaults (only global is kept).' },
  ],
  async run(ctx, args) {
    if (args.flag('listDefaults')) return ctx.config.items('defaults');
    const defaults = args.list('defaults');
    if (!defaults) throw new CliError('usage error: az configure --defaults STRING=STRING ... | --list-defaults', 2);
    applyDefaults(ctx.config, defaults, (m) => ctx.warn(m));
    return undefined;
  },
};
