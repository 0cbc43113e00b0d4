/**
 * The little XML the Blob service speaks: escaping for responses, and a strict reader for the one request body
 * it parses (Put Block List).
 */
import { ApiError } from '../../shared/errors.js';

const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>';

/** Escapes text content (`&`, `<`, `>`); attribute values also get `"` escaped. */
export function xmlEscape(s: string, attribute = false): string {
  const re = attribute ? /[&<>"]/g : /[&<>]/g;
  return s.replace(re, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** `<Name>value</Name>`, or `<Name />` for undefined/empty. Values are escaped. */
export function el(name: string, value?: string | number | boolean): string {
  if (value === undefined || value === '') return `<${name} />`;
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** `<Name>` + already-rendered children + `</Name>`. */
export function wrap(name: string, inner: string, attrs: Record<string, string> = {}): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlEscape(v, true)}"`)
    .join('');
  return `<${name}${a}>${inner}</${name}>`;
}

export function xmlDocument(root: string): string {
  return XML_DECL + root;
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

export function invalidXml(reason: string): ApiError {
  return new ApiError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.', {
    extra: { LineNumber: '1', LinePosition: '1', Reason: reason },
  });
}

export type BlockListKind = 'Latest' | 'Committed' | 'Uncommitted';

export interface BlockListEntry {
  kind: BlockListKind;
  id: string;
}

/**
 * Parses `<BlockList><Latest>id</Latest><Committed>id</Committed><Uncommitted>id</Uncommitted>…</BlockList>`
 * (any order, whitespace between elements allowed).
 */
export function parseBlockList(xml: string): BlockListEntry[] {
  let s = xml.replace(/^\uFEFF/, '').trim();
  s = s.replace(/^<\?xml[^?]*\?>/, '').trim();
  const root = /^<BlockList\s*>([\s\S]*)<\/BlockList\s*>$/.exec(s);
  if (!root) {
    if (/^<BlockList\s*\/>$/.test(s)) return [];
    throw invalidXml('The root element must be BlockList.');
  }
  const out: BlockListEntry[] = [];
  let rest = root[1];
  const item = /^\s*<(Latest|Committed|Uncommitted)\s*>([^<]*)<\/\1\s*>/;
  while (rest.trim().length > 0) {
    const m = item.exec(rest);
    if (!m) throw invalidXml('Unexpected content in BlockList.');
    out.push({ kind: m[1] as BlockListKind, id: unescapeXml(m[2].trim()) });
    rest = rest.slice(m[0].length);
  }
  return out;
}
