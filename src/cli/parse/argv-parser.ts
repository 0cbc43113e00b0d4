/**
 * An argparse-like parser driven by the command table: resolves the command path, then reads options
 * (`--name value`, `--name=value`, `-n value`, flags, and nargs='+' lists), applies configured defaults and
 * reports usage errors with az's wording.
 */
import type { CommandSpec, GroupSpec, OptionSpec } from '../command-spec.js';
import { UsageError } from '../errors.js';
import { globalOptionSpecs, type GlobalOptions, type OutputFormat } from './global-options.js';
import { ParsedArgs, type ArgValue } from './parsed-args.js';

export type Resolved =
  | { kind: 'command'; spec: CommandSpec; rest: string[] }
  | { kind: 'group'; path: string[]; rest: string[] };

/** Finds the longest command path at the start of `tokens` (words before the first option). */
export function resolveCommand(tokens: string[], commands: CommandSpec[], groups: GroupSpec[]): Resolved {
  const path: string[] = [];
  let i = 0;
  while (i < tokens.length && !tokens[i].startsWith('-')) {
    const candidate = [...path, tokens[i]];
    const command = commands.find((c) => samePath(c.path, candidate));
    if (command) return { kind: 'command', spec: command, rest: tokens.slice(i + 1) };
    const isGroup =
      groups.some((g) => samePath(g.path, candidate)) || commands.some((c) => startsWith(c.path, candidate));
    if (!isGroup) throw new UsageError(`'${tokens[i]}' is misspelled or not recognized by the system.`);
    path.push(tokens[i]);
    i += 1;
  }
  return { kind: 'group', path, rest: tokens.slice(i) };
}

export interface ParseResult {
  args: ParsedArgs;
  globals: GlobalOptions;
}

/** Parses options for a command (or only the global options for a group). */
export function parseOptions(
  tokens: string[],
  spec: CommandSpec | null,
  configDefault: (key: string) => string | undefined = () => undefined,
): ParseResult {
  const specs = [...(spec?.options ?? []), ...globalOptionSpecs];
  const byName = new Map<string, OptionSpec>();
  for (const o of specs) for (const n of o.names) byName.set(n, o);

  const values = new Map<string, ArgValue>();
  const positionals: string[] = [];
  const unrecognized: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    if (tok === '--') {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (!isOptionLike(tok)) {
      positionals.push(tok);
      i += 1;
      continue;
    }
    const eq = tok.startsWith('--') ? tok.indexOf('=') : tok.length > 2 && tok[2] === '=' ? 2 : -1;
    const name = eq >= 0 ? tok.slice(0, eq) : tok;
    const inline = eq >= 0 ? tok.slice(eq + 1) : undefined;
    const opt = byName.get(name);
    if (!opt) {
      unrecognized.push(tok);
      i += 1;
      while (i < tokens.length && !isOptionLike(tokens[i])) unrecognized.push(tokens[i++]);
      continue;
    }
    const kind = opt.kind ?? 'string';
    i += 1;
    if (kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`argument ${optionLabel(opt)}: ignored explicit argument '${inline}'`);
      values.set(opt.dest, true);
    } else if (kind === 'string') {
      let value = inline;
      if (value === undefined) {
        if (i >= tokens.length || isOptionLike(tokens[i])) throw new UsageError(`argument ${optionLabel(opt)}: expected one argument`);
        value = tokens[i++];
      }
      checkChoice(opt, value);
      values.set(opt.dest, value);
    } else {
      const list: string[] = inline !== undefined ? [inline] : [];
      while (i < tokens.length && !isOptionLike(tokens[i])) list.push(tokens[i++]);
      if (list.length === 0) throw new UsageError(`argument ${optionLabel(opt)}: expected at least one argument`);
      values.set(opt.dest, list);
    }
  }

  const posSpecs = spec?.positionals ?? [];
  if (positionals.length > posSpecs.length) unrecognized.push(...positionals.slice(posSpecs.length));
  if (unrecognized.length > 0) throw new UsageError(`unrecognized arguments: ${unrecognized.join(' ')}`);
  posSpecs.forEach((p, idx) => {
    if (positionals[idx] !== undefined) values.set(p.dest, positionals[idx]);
  });

  const help = values.get('help') === true;
  if (spec) {
    for (const o of spec.options) {
      if (values.has(o.dest) || !o.configDefault) continue;
      const d = configDefault(o.configDefault);
      if (d !== undefined && d !== '') values.set(o.dest, o.kind === 'list' ? [d] : d);
    }
    if (!help) {
      const missing = spec.options.filter((o) => o.required && !values.has(o.dest)).map(optionLabel);
      const missingPos = posSpecs.filter((p) => p.required && !values.has(p.dest)).map((p) => p.dest);
      if (missing.length + missingPos.length > 0) {
        throw new UsageError(`the following arguments are required: ${[...missingPos, ...missing].join(', ')}`);
      }
    }
  }

  const globals: GlobalOptions = {
    query: values.get('query') as string | undefined,
    output: ((values.get('output') as string | undefined) ?? configDefault('core.output') ?? 'json') as OutputFormat,
    subscription: values.get('subscription') as string | undefined,
    onlyShowErrors: values.get('onlyShowErrors') === true,
    verbose: values.get('verbose') === true,
    debug: values.get('debug') === true,
    help,
  };
  for (const g of globalOptionSpecs) values.delete(g.dest);
  return { args: new ParsedArgs(values, positionals.slice(0, posSpecs.length)), globals };
}

export function optionLabel(o: OptionSpec): string {
  return o.names.join('/');
}

function checkChoice(opt: OptionSpec, value: string): void {
  if (opt.choices && !opt.choices.includes(value)) {
    const allowed = opt.choices.map((c) => `'${c}'`).join(', ');
    throw new UsageError(`argument ${optionLabel(opt)}: invalid choice: '${value}' (choose from ${allowed})`);
  }
}

/** argparse treats `-x`/`--x` as options but negative numbers and a lone `-` as values. */
function isOptionLike(tok: string): boolean {
  if (!tok.startsWith('-') || tok === '-') return false;
  return !/^-\d+(\.\d+)?$/.test(tok);
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

function startsWith(path: string[], prefix: string[]): boolean {
  return prefix.length < path.length && prefix.every((w, i) => w === path[i]);
}
