/**
 * A YAML file loaded with positions: the plain data plus a way to find the line and column of any value or key
 * (for `file:line:col` messages). Parse errors are reported the same way.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { CliError } from '../errors.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlSource {
  /** The path as the user wrote it (used in messages). */
  file: string;
  data: unknown;
  /** `file:line:col` of the value at `path` (or of the key `key` inside it); falls back to the nearest ancestor. */
  locate(path: YamlPath, key?: string): string;
}

export function parseYamlText(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const msg = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new CliError(`${file}:${pos.line}:${pos.col} ${msg}`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  return {
    file,
    data,
    locate(path, key) {
      const offset = findOffset(doc, path, key);
      if (offset === undefined) return file;
      const pos = lineCounter.linePos(offset);
      return `${file}:${pos.line}:${pos.col}`;
    },
  };
}

/** Reads and parses a YAML file; `display` is how the file is named in messages. */
export function loadYamlFile(path: string, display = path): YamlSource {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`Can't find ${display}: no such file or directory.`);
    throw new CliError(`Cannot read ${display}: ${(e as Error).message}`);
  }
  return parseYamlText(text, display);
}

function findOffset(doc: Document, path: YamlPath, key?: string): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const seg of path) {
    const next = child(node, seg);
    if (!next) return best;
    node = next.value ?? next.key;
    best = rangeStart(node) ?? rangeStart(next.key) ?? best;
  }
  if (key !== undefined) {
    const hit = child(node, key);
    if (hit) return rangeStart(hit.key) ?? best;
  }
  return best;
}

function child(node: unknown, seg: string | number): { key?: unknown; value?: unknown } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(k) === String(seg)) return { key: pair.key, value: pair.value ?? undefined };
    }
    return undefined;
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
