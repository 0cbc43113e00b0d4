/**
 * Refresh tokens: opaque random strings, stored only as SHA-256 hashes (kind 'refreshToken'), bound to a user and
 * the client they were issued to, rotated on every use (the old one stops working), valid 90 days.
 */
import type { Store } from '../store/store.js';
import type { Clock } from '../shared/clock.js';
import { randomSecret, sha256Hex } from '../shared/ids.js';
import { isFamilyClient } from './public-clients.js';
import { invalidRefreshToken, refreshTokenClientMismatch, refreshTokenExpired } from './oauth-errors.js';

export const REFRESH_TOKEN_KIND = 'refreshToken';
export const REFRESH_TOKEN_LIFETIME_SECONDS = 90 * 24 * 3600;

export interface RefreshTokenRecord {
  userId: string;
  clientId: string;
  tenantId: string;
  /** The resource of the token it was issued with (v1 default when a refresh names none). */
  resource: string;
  family: boolean;
  issuedAt: string;
  /** Epoch ms. */
  expiresAt: number;
}

export function issueRefreshToken(store: Store, clock: Clock, input: { userId: string; clientId: string; tenantId: string; resource: string }): string {
  const token = `0.${randomSecret(64)}`;
  const now = clock.now();
  const record: RefreshTokenRecord = {
    ...input,
    family: isFamilyClient(input.clientId),
    issuedAt: new Date(now).toISOString(),
    expiresAt: now + REFRESH_TOKEN_LIFETIME_SECONDS * 1000,
  };
  store.put(REFRESH_TOKEN_KIND, sha256Hex(token), record);
  return token;
}

/**
 * Consumes a refresh token presented by `clientId`: returns its record and deletes it (the caller issues the
 * replacement). Throws the Entra `invalid_grant` error for unknown, expired or foreign tokens.
 */
export function redeemRefreshToken(store: Store, clock: Clock, token: string, clientId: string): RefreshTokenRecord {
  const key = sha256Hex(token);
  return store.transaction(() => {
    const doc = store.get<RefreshTokenRecord>(REFRESH_TOKEN_KIND, key);
    if (!doc) throw invalidRefreshToken();
    const rec = doc.body;
    if (rec.expiresAt <= clock.now()) {
      store.delete(REFRESH_TOKEN_KIND, key);
      throw refreshTokenExpired(rec.issuedAt);
    }
    const sameClient = rec.clientId.toLowerCase() === clientId.toLowerCase();
    if (!sameClient && !(rec.family && isFamilyClient(clientId))) throw refreshTokenClientMismatch();
    store.delete(REFRESH_TOKEN_KIND, key);
    return rec;
  });
}

/** Revokes every refresh token of a user (password change, deletion). Returns how many were removed. */
export function revokeUserRefreshTokens(store: Store, userId: string): number {
  let n = 0;
  store.transaction(() => {
    for (const doc of store.list<RefreshTokenRecord>(REFRESH_TOKEN_KIND)) {
      if (doc.body.userId.toLowerCase() === userId.toLowerCase() && store.delete(REFRESH_TOKEN_KIND, doc.key)) n++;
    }
  });
  return n;
}
