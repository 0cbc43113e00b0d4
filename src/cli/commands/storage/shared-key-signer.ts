/**
 * Shared Key request signing for the Blob service (version 2009-09-19 and later), as the Python SDK az uses does it:
 *
 *   VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n Content-MD5 \n Content-Type \n
 *   Date \n If-Modified-Since \n If-Match \n If-None-Match \n If-Unmodified-Since \n Range \n
 *   x-ms-* headers (lower-cased, sorted, `name:value\n`) + `/{account}{path}` + `\n{param}:{value}` per query
 *   parameter (names lower-cased and sorted, values decoded).
 */
import { createHmac } from 'node:crypto';

const STANDARD_HEADERS = [
  'content-encoding',
  'content-language',
  'content-length',
  'content-md5',
  'content-type',
  'date',
  'if-modified-since',
  'if-match',
  'if-none-match',
  'if-unmodified-since',
  'range',
];

export function stringToSign(method: string, url: string, headers: Record<string, string>, account: string): string {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = String(v);
  const standard = STANDARD_HEADERS.map((name) => {
    const v = h[name] ?? '';
    return name === 'content-length' && v === '0' ? '' : v;
  });
  const canonicalHeaders = Object.keys(h)
    .filter((k) => k.startsWith('x-ms-'))
    .sort()
    .map((k) => `${k}:${h[k].trim()}\n`)
    .join('');
  return [method.toUpperCase(), ...standard].join('\n') + '\n' + canonicalHeaders + canonicalResource(url, account);
}

function canonicalResource(url: string, account: string): string {
  const u = new URL(url);
  let out = `/${account}${u.pathname || '/'}`;
  const params = new Map<string, string[]>();
  for (const [k, v] of u.searchParams) {
    const key = k.toLowerCase();
    params.set(key, [...(params.get(key) ?? []), v]);
  }
  for (const key of [...params.keys()].sort()) out += `\n${key}:${params.get(key)!.sort().join(',')}`;
  return out;
}

/** The `Authorization` header value for a request. */
export function sharedKeyAuthorization(method: string, url: string, headers: Record<string, string>, account: string, keyBase64: string): string {
  const signature = createHmac('sha256', Buffer.from(keyBase64, 'base64')).update(stringToSign(method, url, headers, account), 'utf8').digest('base64');
  return `SharedKey ${account}:${signature}`;
}
