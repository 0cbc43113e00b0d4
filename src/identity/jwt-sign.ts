/** Compact RS256 JWS signing with node:crypto (synchronous; a few hundred microseconds per token). */
import { sign } from 'node:crypto';
import type { SigningKey } from './key-ring.js';

/** Signs `payload` with `key`. v1 tokens carry `x5t` next to `kid` in the header, v2 tokens only `kid`. */
export function signJwt(key: SigningKey, payload: Record<string, unknown>, opts: { x5t?: boolean } = {}): string {
  const header = opts.x5t === false ? { typ: 'JWT', alg: 'RS256', kid: key.kid } : { typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), key.privateKey).toString('base64url');
  return `${input}.${signature}`;
}

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}
