/**
 * `-o tsv` (knack _TsvOutput): one row per list element; a row's columns are a dict's values (sorted by key
 * unless ordered) or a list's items; nested lists print their length, nested dicts an empty column.
 */
import { compareCodePoints } from './json-format.js';
import { pythonStr } from './python-str.js';

export function formatTsv(result: unknown, isOrdered: (o: object) => boolean = () => false): string {
  const rows = Array.isArray(result) ? result : [result];
  return rows.map((row) => dumpRow(row, isOrdered) + '\n').join('');
}

function dumpRow(data: unknown, isOrdered: (o: object) => boolean): string {
  if (Array.isArray(data)) return data.map(dumpObj).join('\t');
  if (data !== null && typeof data === 'object') {
    const obj = data as Record<string, unknown>;
    const keys = isOrdered(obj) ? Object.keys(obj) : Object.keys(obj).sort(compareCodePoints);
    return keys.map((k) => dumpObj(obj[k])).join('\t');
  }
  if (typeof data === 'boolean') return String(data);
  return dumpObj(data);
}

function dumpObj(data: unknown): string {
  if (Array.isArray(data)) return String(data.length);
  if (data !== null && typeof data === 'object') return '';
  return pythonStr(data);
}
