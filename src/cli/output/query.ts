/**
 * `--query`: JMESPath over the result. Objects the query creates (multiselect hashes) keep their key order
 * in tsv/table output, like the OrderedDicts az's jmespath returns; objects taken from the result are plain
 * dicts whose keys az sorts.
 */
import jmespath from 'jmespath';
import { UsageError } from '../errors.js';

export interface QueriedResult {
  result: unknown;
  queryActive: boolean;
  /** True for objects whose key order must be kept (created by the query). */
  isOrdered: (obj: object) => boolean;
}

export function applyQuery(result: unknown, query: string | undefined): QueriedResult {
  if (query === undefined) return { result, queryActive: false, isOrdered: () => false };
  const original = new WeakSet<object>();
  collectObjects(result, original);
  let out: unknown;
  try {
    out = jmespath.search(result ?? null, query);
  } catch (e) {
    throw new UsageError(`argument --query: invalid jmespath_type value: '${query}'${e instanceof Error ? ` (${e.message})` : ''}`);
  }
  return { result: out, queryActive: true, isOrdered: (obj) => !original.has(obj) };
}

function collectObjects(value: unknown, into: WeakSet<object>): void {
  if (value === null || typeof value !== 'object' || into.has(value)) return;
  into.add(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) collectObjects(v, into);
}
