/**
 * Authorization codes: opaque, single-use, valid 10 minutes, bound to the client, redirect URI, PKCE challenge,
 * user, tenant, scope and nonce of the authorize request. Kept in memory only (they need not survive a restart);
 * a redeemed code is remembered until it would have expired, so a second redemption is told apart.
 */
import type { Clock } from '../../shared/clock.js';
import { randomSecret, sha256Hex } from '../../shared/ids.js';
import { ExpiringMap } from './expiring-map.js';

export const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;
const MAX_CODES = 10_000;
/** Entra codes start `0.A`/`1.A`; ours are `1.A` + 64 base64url characters (48 random bytes). */
const CODE_SHAPE = /^1\.A[A-Za-z0-9_-]{64}$/;

export interface AuthCodeBinding {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userId: string;
  tenantId: string;
  /** The `scope` of the authorize request, as sent. */
  scope: string;
  nonce?: string;
  /** When the user signed in (epoch seconds). */
  authTime: number;
}

interface CodeRecord extends AuthCodeBinding {
  expiresAt: number;
  redeemed: boolean;
}

export type CodeRedemption =
  | { status: 'ok'; binding: AuthCodeBinding }
  | { status: 'malformed' | 'unknown' | 'expired' | 'redeemed' };

export class AuthCodeStore {
  private readonly codes: ExpiringMap<CodeRecord>;

  constructor(
    private readonly clock: Clock,
    private readonly random: (bytes: number) => string = randomSecret,
    maxEntries = MAX_CODES,
  ) {
    this.codes = new ExpiringMap(clock, maxEntries);
  }

  issue(binding: AuthCodeBinding): string {
    const code = `1.A${this.random(48)}`;
    this.codes.set(sha256Hex(code), { ...binding, expiresAt: this.clock.now() + AUTH_CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  /** Consumes the code: whatever the caller then finds wrong with the request, the code cannot be used again. */
  redeem(code: string): CodeRedemption {
    if (!CODE_SHAPE.test(code)) return { status: 'malformed' };
    const key = sha256Hex(code);
    const rec = this.codes.peek(key);
    if (!rec) return { status: 'unknown' };
    if (rec.expiresAt <= this.clock.now()) {
      this.codes.delete(key);
      return { status: 'expired' };
    }
    if (rec.redeemed) return { status: 'redeemed' };
    rec.redeemed = true;
    const { expiresAt: _e, redeemed: _r, ...binding } = rec;
    return { status: 'ok', binding };
  }
}
