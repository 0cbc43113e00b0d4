/**
 * Validates a loaded az ml YAML (after `--set`) against its zod schema. Messages name the place:
 * `deployment.yml:10:17 instance_count: Invalid input: expected number, received string`; unknown keys list the
 * allowed ones. `--set` values are strings: where the schema wants a number or boolean they are converted first.
 */
import type { z } from 'zod';
import { CliError } from '../errors.js';
import { isOverridden, overrideAt, type Override } from './set-overrides.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  keys?: string[];
  errors?: Issue[][];
  input?: unknown;
}

export function validateSpec<S extends z.ZodType>(
  schema: S,
  data: Record<string, unknown>,
  source: YamlSource | undefined,
  overrides: readonly Override[] = [],
  label = source?.file ?? 'command line',
): z.output<S> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return result.data;
    const issues = flatten(result.error.issues as unknown as Issue[]);
    if (attempt < 19 && coerceOverrides(data, issues, overrides)) continue;
    const lines = issues.map((i) => describe(schema, i, source, overrides, label));
    throw new CliError(lines[0], 1, lines.slice(1).map((l) => `ERROR: ${l}`));
  }
  throw new CliError(`${label}: validation did not converge`);
}

/** Unions (string reference | inline object): report the branch matching the value's kind. */
function flatten(issues: Issue[], prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      const isObj = issue.input !== null && typeof issue.input === 'object';
      const branch =
        issue.errors.find((b) => !b.some((e) => e.code === 'invalid_type' && e.path.length === 0)) ??
        issue.errors.find((b) => b.some((e) => e.path.length === 0 && e.expected === (isObj ? 'object' : 'string'))) ??
        issue.errors[0];
      if (branch.every((e) => e.code === 'invalid_type' && e.path.length === 0)) {
        const expected = issue.errors.map((b) => b[0]?.expected).filter(Boolean).join(' or ');
        out.push({ ...issue, path, code: 'invalid_type', message: `Invalid input: expected ${expected}, received ${kindOf(issue.input)}` });
      } else {
        out.push(...flatten(branch, path));
      }
      continue;
    }
    out.push({ ...issue, path });
  }
  return out;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function coerceOverrides(data: Record<string, unknown>, issues: Issue[], overrides: readonly Override[]): boolean {
  let changed = false;
  for (const issue of issues) {
    if (issue.code !== 'invalid_type' || typeof issue.input !== 'string' || !isOverridden(overrides, issue.path)) continue;
    const text = issue.input.trim();
    let value: unknown;
    if (issue.expected === 'number' && text !== '' && Number.isFinite(Number(text))) value = Number(text);
    else if (issue.expected === 'boolean' && /^(true|false)$/i.test(text)) value = text.toLowerCase() === 'true';
    if (value === undefined) continue;
    setAt(data, issue.path, value);
    changed = true;
  }
  return changed;
}

function setAt(root: unknown, path: PropertyKey[], value: unknown): void {
  let node = root as Record<PropertyKey, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg as string] as Record<PropertyKey, unknown>;
  node[path[path.length - 1] as string] = value;
}

export function dottedPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += (out ? '.' : '') + String(seg);
  }
  return out;
}

function describe(schema: z.ZodType, issue: Issue, source: YamlSource | undefined, overrides: readonly Override[], label: string): string {
  const yamlPath = issue.path.filter((s): s is string | number => typeof s !== 'symbol') as YamlPath;
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const allowed = allowedKeys(schema, yamlPath);
    return issue.keys
      .map((key) => {
        const where = source ? source.locate(yamlPath, key) : label;
        const full = dottedPath([...yamlPath, key]);
        return `${where} ${full}: Unrecognized key "${key}". Allowed keys: ${allowed.join(', ')}`;
      })
      .join('\n');
  }
  const dotted = dottedPath(yamlPath) || '(root)';
  const o = overrideAt(overrides, issue.path);
  const from = o?.origin === 'param' ? `--${dotted.replace(/_/g, '-')}` : `--set ${dotted}`;
  const where = o ? `${label} (${from})` : source ? source.locate(yamlPath) : label;
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  const message = missing ? `Missing data for required field.` : issue.message;
  return `${where} ${dotted}: ${message}`;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
}

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Keys an object schema allows at `path` (through optionals, unions, arrays and records). */
export function allowedKeys(schema: z.ZodType, path: YamlPath): string[] {
  const found = new Set<string>();
  const walk = (s: z.ZodType, rest: YamlPath): void => {
    const def = defOf(s);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
        walk(def.innerType!, rest);
        return;
      case 'pipe':
        walk(def.in!, rest);
        return;
      case 'union':
        for (const o of def.options ?? []) walk(o, rest);
        return;
      case 'array':
        if (typeof rest[0] === 'number') walk(def.element!, rest.slice(1));
        return;
      case 'record':
        if (rest.length > 0) walk(def.valueType!, rest.slice(1));
        return;
      case 'object': {
        const shape = def.shape ?? {};
        if (rest.length === 0) {
          for (const k of Object.keys(shape)) if (!isDumpOnly(shape[k])) found.add(k);
        } else if (typeof rest[0] === 'string' && shape[rest[0]]) {
          walk(shape[rest[0]], rest.slice(1));
        }
        return;
      }
      default:
        return;
    }
  };
  walk(schema, path);
  return [...found].filter((k) => k !== '$schema').sort();
}

function isDumpOnly(s: z.ZodType): boolean {
  const def = defOf(s);
  return def.type === 'optional' && defOf(def.innerType!).type === 'unknown';
}
