/**
 * `--set KEY=VALUE [KEY=VALUE ...]` as az ml applies it (pydash `set_` on the loaded YAML, before validation):
 * dotted keys walk maps, `[n]` indexes lists, missing levels are created (a list when the next key is an index),
 * values stay strings. Setting below a string (an `azureml:` reference) is refused as az ml refuses it.
 */
import { CliError, UsageError } from '../errors.js';

export type PathSegment = string | number;

export interface Override {
  key: string;
  path: PathSegment[];
  value: string;
  /** `param` when a command option (e.g. `--name`) supplied it rather than `--set`. */
  origin?: 'set' | 'param';
}

/** Splits each `KEY=VALUE` on its first `=`. */
export function parseSetItems(items: readonly string[] | undefined): Override[] {
  return (items ?? []).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`usage error: --set KEY=VALUE [KEY=VALUE ...] (got '${item}')`);
    const key = item.slice(0, eq);
    return { key, path: parseSetPath(key), value: item.slice(eq + 1) };
  });
}

/** `a.b[0].c` → `['a', 'b', 0, 'c']`. */
export function parseSetPath(key: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(key)) !== null) {
    const between = key.slice(consumed, m.index);
    if (between !== '' && between !== '.') throw new UsageError(`usage error: invalid --set key '${key}'`);
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    consumed = re.lastIndex;
  }
  if (out.length === 0 || consumed !== key.length) throw new UsageError(`usage error: invalid --set key '${key}'`);
  return out;
}

/** Applies the overrides to `data` (a YAML mapping), in order, and returns it. */
export function applyOverrides(data: unknown, overrides: readonly Override[]): Record<string, unknown> {
  const root = (isObject(data) ? data : {}) as Record<string, unknown>;
  for (const o of overrides) setPath(root, o);
  return root;
}

function setPath(root: Record<string, unknown>, o: Override): void {
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < o.path.length; i += 1) {
    const seg = o.path[i];
    const last = i === o.path.length - 1;
    if (last) {
      write(node, seg, o.value);
      return;
    }
    let next = read(node, seg);
    if (typeof next === 'string') {
      throw new CliError(`Cannot use '--set' on properties defined by reference strings: --set ${o.key}`);
    }
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof o.path[i + 1] === 'number' ? [] : {};
      write(node, seg, next);
    }
    node = next as Record<string, unknown> | unknown[];
  }
}

function read(node: Record<string, unknown> | unknown[], seg: PathSegment): unknown {
  return Array.isArray(node) ? (typeof seg === 'number' ? node[seg] : undefined) : node[String(seg)];
}

function write(node: Record<string, unknown> | unknown[], seg: PathSegment, value: unknown): void {
  if (Array.isArray(node) && typeof seg === 'number') {
    while (node.length < seg) node.push(null);
    node[seg] = value;
  } else if (Array.isArray(node)) {
    throw new CliError(`Cannot use '--set' with key '${seg}' on a list.`);
  } else {
    node[String(seg)] = value;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The last override that set exactly `path`, if any. */
export function overrideAt(overrides: readonly Override[], path: ReadonlyArray<PropertyKey>): Override | undefined {
  return [...overrides].reverse().find((o) => o.path.length === path.length && o.path.every((s, i) => String(s) === String(path[i])));
}

/** Whether `path` was set by an override (exactly). */
export function isOverridden(overrides: readonly Override[], path: ReadonlyArray<PropertyKey>): boolean {
  return overrideAt(overrides, path) !== undefined;
}
