/** `az configure --defaults k=v …` and `az configure --list-defaults`. */
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { ConfigStore } from '../../profile/config-store.js';

/** Default names commands read (`group`, `location`, and the `ml` extension's `workspace`). */
export const KNOWN_DEFAULTS = ['group', 'location', 'workspace', 'acr', 'vm', 'vmss', 'web', 'appserviceplan'];

/** Edit distance, for suggesting the default a misspelt name means. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The known default an unknown name most likely means (`gitworkspace` → `workspace`), if any. */
export function meantDefault(name: string): string | undefined {
  const close = (k: string) => ((name.endsWith(k) || name.startsWith(k)) && name.length - k.length <= 3) || distance(name, k) <= 2;
  return KNOWN_DEFAULTS.find(close);
}

/**
 * Stores `name=value` pairs under [defaults], every name as given (as az does). A name no command reads gets a
 * warning, naming the default it most likely means (the Azure ML docs print `gitworkspace=` for `workspace=`).
 */
export function applyDefaults(config: ConfigStore, pairs: string[], warn: (m: string) => void): void {
  const parsed = pairs.map((kv) => {
    const i = kv.indexOf('=');
    if (i < 0) throw new CliError('usage error: --defaults STRING=STRING STRING=STRING ...', 2);
    const value = kv.slice(i + 1);
    return { name: kv.slice(0, i).toLowerCase(), value: value === "''" || value === '""' ? '' : value };
  });
  for (const { name, value } of parsed) {
    config.set('defaults', name, value);
    if (KNOWN_DEFAULTS.includes(name)) continue;
    const meant = meantDefault(name);
    const hint = meant ? ` Did you mean '${meant}'? Write: az configure --defaults ${meant}=${value}` : '';
    warn(`Unknown default '${name}': no command reads it (stored as given).${hint}`);
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
