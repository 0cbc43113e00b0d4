/**
 * `-o table` (knack _TableOutput + tabulate "simple"): columns from keys (first letter upper-cased;
 * id/type/etag and null or nested values skipped), widths = max(header + 2, widest cell), a dashed line,
 * numbers right-aligned, trailing blanks stripped.
 */
import { compareCodePoints } from './json-format.js';
import { pythonStr } from './python-str.js';

const SKIP_KEYS = new Set(['id', 'type', 'etag']);

type Row = Map<string, unknown>;

export function formatTable(result: unknown, sortKeys: boolean): string {
  const items = Array.isArray(result) ? result : [result];
  const rows = items.map((item) => tableRow(item, sortKeys));
  if (rows.length === 0) return '\n';
  const headers: string[] = [];
  for (const r of rows) for (const k of r.keys()) if (!headers.includes(k)) headers.push(k);
  if (headers.length === 0) return '\n';
  const cells = rows.map((r) => headers.map((h) => (r.has(h) ? r.get(h) : undefined)));
  const numeric = headers.map((_, c) => {
    const present = cells.map((row) => row[c]).filter((v) => v !== undefined);
    return present.length > 0 && present.every((v) => typeof v === 'number');
  });
  const text = cells.map((row) => row.map((v) => (v === undefined ? '' : pythonStr(v))));
  const widths = headers.map((h, c) => Math.max(h.length + 2, ...text.map((row) => row[c].length)));
  const pad = (s: string, c: number) => (numeric[c] ? s.padStart(widths[c]) : s.padEnd(widths[c]));
  const line = (cols: string[]) => cols.map(pad).join('  ').replace(/\s+$/, '');
  const out = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)];
  return out.join('\n') + '\n';
}

function tableRow(item: unknown, sortKeys: boolean): Row {
  const row: Row = new Map();
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const obj = item as Record<string, unknown>;
    const keys = sortKeys ? Object.keys(obj).sort(compareCodePoints) : Object.keys(obj);
    for (const k of keys) {
      const v = obj[k];
      if (SKIP_KEYS.has(k) || v === null || v === undefined || typeof v === 'object') continue;
      row.set(k ? k[0].toUpperCase() + k.slice(1) : k, v);
    }
  } else if (Array.isArray(item)) {
    item.forEach((v, i) => row.set(`Column${i + 1}`, v));
  } else {
    row.set('Result', item);
  }
  return row;
}
