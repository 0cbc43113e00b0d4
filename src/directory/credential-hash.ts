/**
 * Hashing of directory credentials. User passwords (low entropy) use scrypt with a per-user salt; client secrets
 * (high entropy, checked on every token request) use salted HMAC-SHA256. Stored hashes carry their algorithm and
 * parameters, so the format can change without breaking existing records. Comparison is constant time.
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export type RandomBytes = (n: number) => Buffer;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

export interface SaltedHash {
  hash: string;
  salt: string;
}

export function hashPassword(password: string, random: RandomBytes = randomBytes): SaltedHash {
  const salt = random(16).toString('base64url');
  const dk = scryptSync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return { hash: `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${dk.toString('base64url')}`, salt };
}

export function hashSecret(secret: string, random: RandomBytes = randomBytes): SaltedHash {
  const salt = random(16).toString('base64url');
  return { hash: `hmac-sha256$${hmac(secret, salt)}`, salt };
}

function hmac(secret: string, salt: string): string {
  return createHmac('sha256', salt).update(secret, 'utf8').digest('base64url');
}

/** Recomputes the hash of `candidate` with the stored parameters and compares in constant time. */
export function verifyHash(candidate: string, stored: SaltedHash): boolean {
  const parts = stored.hash.split('$');
  let actual: Buffer;
  let expected: Buffer;
  if (parts[0] === 'scrypt' && parts.length === 5) {
    const [N, r, p] = parts.slice(1, 4).map(Number);
    expected = Buffer.from(parts[4], 'base64url');
    actual = scryptSync(candidate, stored.salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  } else if (parts[0] === 'hmac-sha256' && parts.length === 2) {
    expected = Buffer.from(parts[1], 'base64url');
    actual = Buffer.from(hmac(candidate, stored.salt), 'base64url');
  } else {
    return false;
  }
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A stored password hash that matches nothing: verifying against it costs what a real check costs,
 *  so an unknown user name and a wrong password take the same time. */
export const DUMMY_PASSWORD_HASH: SaltedHash = {
  hash: `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.alloc(SCRYPT.keylen).toString('base64url')}`,
  salt: 'AAAAAAAAAAAAAAAAAAAAAA',
};

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~';

/** The first characters are alphanumeric, so a secret never starts with '-' (command lines would read an option). */
const PREFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomChars(n: number, random: RandomBytes, alphabet = SECRET_ALPHABET): string {
  // Rejection sampling keeps the distribution uniform (the alphabet's size does not divide 256).
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < n) {
    for (const b of random(n * 2)) {
      if (b < limit) out += alphabet[b % alphabet.length];
      if (out.length === n) break;
    }
  }
  return out;
}

/** A 40-character client secret in the shape Entra issues: 3 characters, the `8Q~` marker, 34 characters. */
export function generateClientSecret(random: RandomBytes = randomBytes): string {
  return `${randomChars(3, random, PREFIX_ALPHABET)}8Q~${randomChars(34, random)}`;
}
