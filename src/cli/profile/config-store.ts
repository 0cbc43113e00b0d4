/**
 * az's `config` file (INI, like ~/.azure/config): `az configure --defaults`, `az config get|set|unset`.
 * Environment variables `AZURE_{SECTION}_{NAME}` override the file, as in knack.
 */
import { join } from 'node:path';
import { readTextFile, writePrivateFile } from './secure-file.js';

export interface ConfigItem {
  name: string;
  source: string;
  value: string;
}

type Sections = Map<string, Map<string, string>>;

export class ConfigStore {
  readonly path: string;

  constructor(
    cliDir: string,
    private readonly env: Record<string, string | undefined>,
  ) {
    this.path = join(cliDir, 'config');
  }

  /** Section names: those in the file plus those only set through the environment. */
  sections(): string[] {
    const names = [...this.read().keys()];
    for (const key of Object.keys(this.env)) {
      const m = /^AZURE_([A-Z0-9]+)_[A-Z0-9_]+$/i.exec(key);
      if (m && this.env[key] !== undefined) {
        const s = m[1].toLowerCase();
        if (!names.includes(s)) names.push(s);
      }
    }
    return names;
  }

  /** Items of a section as az prints them: environment first, then the file. */
  items(section: string): ConfigItem[] {
    const result = new Map<string, ConfigItem>();
    const prefix = `AZURE_${section.toUpperCase()}_`;
    for (const [key, value] of Object.entries(this.env)) {
      if (value === undefined || !key.toUpperCase().startsWith(prefix)) continue;
      const name = key.split('_').pop()!.toLowerCase();
      result.set(name, { name, source: `env: ${key}`, value });
    }
    const fileItems = this.read().get(section.toLowerCase());
    for (const [name, value] of fileItems ?? []) {
      if (!result.has(name)) result.set(name, { name, source: this.path, value });
    }
    return [...result.values()];
  }

  get(section: string, name: string): string | undefined {
    return this.items(section).find((i) => i.name === name.toLowerCase())?.value;
  }

  /** A configured default (`[defaults] group = …`); empty values count as unset. */
  getDefault(name: string): string | undefined {
    const v = this.get('defaults', name);
    return v === undefined || v === '' ? undefined : v;
  }

  set(section: string, name: string, value: string): void {
    const data = this.read();
    const s = section.toLowerCase();
    if (!data.has(s)) data.set(s, new Map());
    data.get(s)!.set(name.toLowerCase(), value);
    this.write(data);
  }

  /** Returns whether the key existed. */
  unset(section: string, name: string): boolean {
    const data = this.read();
    const existed = data.get(section.toLowerCase())?.delete(name.toLowerCase()) ?? false;
    if (existed) this.write(data);
    return existed;
  }

  private read(): Sections {
    return parseIni(readTextFile(this.path) ?? '');
  }

  private write(data: Sections): void {
    writePrivateFile(this.path, renderIni(data));
  }
}

export function parseIni(text: string): Sections {
  const out: Sections = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      const name = sec[1].trim().toLowerCase();
      current = out.get(name) ?? new Map();
      out.set(name, current);
      continue;
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (m && current) current.set(m[1].toLowerCase(), m[2]);
  }
  return out;
}

export function renderIni(data: Sections): string {
  const parts: string[] = [];
  for (const [section, items] of data) {
    parts.push(`[${section}]`);
    for (const [k, v] of items) parts.push(`${k} = ${v}`);
    parts.push('');
  }
  return parts.join('\n');
}
