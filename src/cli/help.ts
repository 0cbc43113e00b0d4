/** `-h/--help` text for groups and commands, in az's layout. */
import type { CommandSpec, GroupSpec } from './command-spec.js';
import { globalOptionSpecs } from './parse/global-options.js';

export function groupHelp(path: string[], commands: CommandSpec[], groups: GroupSpec[], prog = 'az'): string {
  const summary = groups.find((g) => g.path.join(' ') === path.join(' '))?.summary ?? '';
  const depth = path.length;
  const under = (p: string[]) => p.length > depth && path.every((w, i) => p[i] === w);
  const subgroups = [...new Set(commands.filter((c) => under(c.path) && c.path.length > depth + 1).map((c) => c.path[depth]))];
  const direct = commands.filter((c) => under(c.path) && c.path.length === depth + 1);
  const lines = ['', 'Group', `    ${[prog, ...path].join(' ')}${summary ? ` : ${summary}` : ''}`, ''];
  const width = Math.max(0, ...subgroups.map((s) => s.length), ...direct.map((c) => c.path[depth].length));
  if (subgroups.length) {
    lines.push('Subgroups:');
    for (const s of subgroups.sort()) {
      const g = groups.find((x) => x.path.join(' ') === [...path, s].join(' '));
      lines.push(`    ${s.padEnd(width)} : ${g?.summary ?? ''}`);
    }
    lines.push('');
  }
  if (direct.length) {
    lines.push('Commands:');
    for (const c of [...direct].sort((a, b) => a.path[depth].localeCompare(b.path[depth]))) {
      lines.push(`    ${c.path[depth].padEnd(width)} : ${c.summary}`);
    }
    lines.push('');
  }
  return lines.join('\n') + '\n';
}

export function commandHelp(spec: CommandSpec, prog = 'az'): string {
  const lines = ['', 'Command', `    ${[prog, ...spec.path].join(' ')} : ${spec.summary}`, ''];
  const fmt = (names: string[], help?: string, required?: boolean) =>
    `    ${names.join(' ')}${required ? ' [Required]' : ''}${help ? ` : ${help}` : ''}`;
  if (spec.positionals?.length || spec.options.length) {
    lines.push('Arguments');
    for (const p of spec.positionals ?? []) lines.push(fmt([p.dest.toUpperCase()], p.help, p.required));
    for (const o of spec.options) lines.push(fmt(o.names, o.help, o.required));
    lines.push('');
  }
  lines.push('Global Arguments');
  for (const o of globalOptionSpecs) lines.push(fmt(o.names, o.help));
  return lines.join('\n') + '\n';
}
