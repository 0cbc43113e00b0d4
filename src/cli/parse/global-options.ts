/** Options every `az` command accepts. */
import type { OptionSpec } from '../command-spec.js';

export const outputFormats = ['json', 'jsonc', 'none', 'table', 'tsv', 'yaml', 'yamlc'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export interface GlobalOptions {
  query?: string;
  output: OutputFormat;
  subscription?: string;
  onlyShowErrors: boolean;
  verbose: boolean;
  debug: boolean;
  help: boolean;
}

export const globalOptionSpecs: OptionSpec[] = [
  { dest: 'query', names: ['--query'], help: 'JMESPath query string. See http://jmespath.org/ for more information and examples.' },
  { dest: 'output', names: ['--output', '-o'], choices: [...outputFormats], help: 'Output format.' },
  { dest: 'subscription', names: ['--subscription'], help: 'Name or ID of subscription.' },
  { dest: 'onlyShowErrors', names: ['--only-show-errors'], kind: 'flag', help: 'Only show errors, suppressing warnings.' },
  { dest: 'verbose', names: ['--verbose'], kind: 'flag', help: 'Increase logging verbosity.' },
  { dest: 'debug', names: ['--debug'], kind: 'flag', help: 'Increase logging verbosity to show all debug logs.' },
  { dest: 'help', names: ['--help', '-h'], kind: 'flag', help: 'Show this help message and exit.' },
];

export const globalDests = new Set(globalOptionSpecs.map((o) => o.dest));
