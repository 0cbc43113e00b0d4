/** PKCE (RFC 7636) with the S256 method: the challenge is base64url(SHA-256(verifier)), 43 characters. */
import { createHash } from 'node:crypto';
import { safeEqual } from '../../shared/ids.js';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A well-formed S256 challenge (the base64url of a SHA-256 digest, unpadded). */
export function isS256Challenge(challenge: string): boolean {
  return CHALLENGE.test(challenge);
}

/** True when `verifier` is a valid RFC 7636 verifier whose S256 hash is `challenge`. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  return VERIFIER.test(verifier) && safeEqual(s256Challenge(verifier), challenge);
}
