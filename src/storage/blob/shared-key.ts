/**
 * Shared Key signatures (Blob service, version 2009-09-19 and later):
 *
 *   VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n Content-MD5 \n Content-Type \n
 *   Date \n If-Modified-Since \n If-Match \n If-None-Match \n If-Unmodified-Since \n Range \n
 *   CanonicalizedHeaders (x-ms-*, lower-cased, sorted, `name:value\n`) CanonicalizedResource
 *   (`/{account}{path}` then `\n{param}:{decoded values, sorted, comma-joined}` per query parameter, names sorted).
 *
 * Clients differ in small ways (the JS SDK puts Content-Language before Content-Encoding, sorts header names the
 * way .NET's culture-aware comparison does and skips empty query values; path-style URLs repeat the account), so
 * the verifier accepts a signature over any of those variants — each still needs the account key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequestParts {
  method: string;
  /** Lower-case header names, as Node's `req.headers`. */
  headers: Record<string, string | string[] | undefined>;
  /** Encoded path as sent, e.g. `/container/my%20blob.txt`. */
  path: string;
  /** Raw query string without the leading `?`. */
  search: string;
}

export interface SharedKeyCredentials {
  account: string;
  signature: string;
}

/** Parses `SharedKey account:signature`; undefined when the header uses another scheme. */
export function parseSharedKeyAuthorization(value: string | undefined): SharedKeyCredentials | 'malformed' | undefined {
  if (!value) return undefined;
  const m = /^\s*SharedKey\s+(.*)$/i.exec(value);
  if (!m) return undefined;
  const colon = m[1].lastIndexOf(':');
  if (colon <= 0) return 'malformed';
  return { account: m[1].slice(0, colon).trim(), signature: m[1].slice(colon + 1).trim() };
}

function headerValue(h: SignedRequestParts['headers'], name: string): string {
  const v = h[name];
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join(',') : v;
}

/** Rank of a character in the culture-aware order clients emulate: `-` is ignored, `.` < `_` < digits < letters. */
function cultureKey(name: string): string {
  let out = '';
  for (const ch of name) {
    if (ch === '-' || ch === "'") continue;
    const c = ch.toLowerCase();
    if (c === '.') out += '\u0001';
    else if (c === '_') out += '\u0002';
    else out += c;
  }
  return out;
}

function canonicalHeaders(h: SignedRequestParts['headers'], order: 'ordinal' | 'culture', collapse: boolean): string {
  const names = [...new Set(Object.keys(h).map((k) => k.toLowerCase()).filter((k) => k.startsWith('x-ms-')))];
  if (order === 'ordinal') names.sort();
  else names.sort((a, b) => {
    const ka = cultureKey(a);
    const kb = cultureKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  const value = (n: string) => (collapse ? headerValue(h, n).replace(/\s+/g, ' ') : headerValue(h, n)).trim();
  return names.map((n) => `${n}:${value(n)}\n`).join('');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function canonicalQuery(search: string, skipEmpty: boolean): string {
  const params = new Map<string, string[]>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (skipEmpty && value === '') continue;
    const list = params.get(key) ?? [];
    list.push(safeDecode(value));
    params.set(key, list);
  }
  return [...params.keys()]
    .sort()
    .map((k) => `\n${k}:${params.get(k)!.sort().join(',')}`)
    .join('');
}

/** Every string-to-sign variant a genuine client could have signed (deduplicated). */
export function stringsToSign(req: SignedRequestParts, account: string, extraPaths: string[] = []): string[] {
  const h = req.headers;
  const length = headerValue(h, 'content-length');
  const tail = [
    length === '0' ? '' : length,
    headerValue(h, 'content-md5'),
    headerValue(h, 'content-type'),
    headerValue(h, 'date'),
    headerValue(h, 'if-modified-since'),
    headerValue(h, 'if-match'),
    headerValue(h, 'if-none-match'),
    headerValue(h, 'if-unmodified-since'),
    headerValue(h, 'range'),
  ];
  const enc = headerValue(h, 'content-encoding');
  const lang = headerValue(h, 'content-language');
  const heads = [
    [req.method.toUpperCase(), enc, lang, ...tail].join('\n') + '\n',
    [req.method.toUpperCase(), lang, enc, ...tail].join('\n') + '\n',
  ];
  const out = new Set<string>();
  for (const head of heads) {
    for (const order of ['ordinal', 'culture'] as const) {
      for (const collapse of [true, false]) {
        const ch = canonicalHeaders(h, order, collapse);
        for (const path of [req.path || '/', ...extraPaths]) {
          for (const skipEmpty of [false, true]) out.add(head + ch + `/${account}${path}` + canonicalQuery(req.search, skipEmpty));
        }
      }
    }
  }
  return [...out];
}

export function sign(keyBase64: string, stringToSign: string): string {
  return createHmac('sha256', Buffer.from(keyBase64, 'base64')).update(stringToSign, 'utf8').digest('base64');
}

function sameSignature(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ba.length !== bb.length) return false;
  return timingSafeEqual(ba, bb);
}

/** Verifies `signature` against each key and each variant. Returns the canonical string to sign on failure. */
export function verifySharedKey(
  req: SignedRequestParts,
  account: string,
  signature: string,
  keys: readonly string[],
  extraPaths: string[] = [],
): { ok: true } | { ok: false; stringToSign: string } {
  const candidates = stringsToSign(req, account, extraPaths);
  let ok = false;
  for (const key of keys) {
    for (const s of candidates) {
      // Evaluate every candidate (no early exit) so timing does not reveal which variant or key matched.
      if (sameSignature(sign(key, s), signature)) ok = true;
    }
  }
  return ok ? { ok: true } : { ok: false, stringToSign: candidates[0] };
}
