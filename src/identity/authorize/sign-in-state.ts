/**
 * What interactive sign-in keeps between requests, all in memory: pending sign-in transactions (the `flowToken`
 * a sign-in form carries: unguessable, single-use, 15 minutes — the form's anti-CSRF token), browser sessions
 * (the `ESTSAUTH` cookie's opaque id, 12 hours) and authorization codes.
 */
import type { Clock } from '../../shared/clock.js';
import { randomSecret, sha256Hex } from '../../shared/ids.js';
import { AuthCodeStore } from './auth-codes.js';
import { ExpiringMap } from './expiring-map.js';
import type { AuthorizeParams } from './authorize-request.js';

export const FLOW_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;

export interface SignInSession {
  userId: string;
  tenantId: string;
  /** Epoch seconds. */
  authTime: number;
  expiresAt: number;
}

interface PendingSignIn {
  params: AuthorizeParams;
  expiresAt: number;
}

export interface SignInStateOptions {
  clock: Clock;
  /** Random base64url strings of `bytes` bytes (flow tokens, session ids, codes). Default: crypto random. */
  random?: (bytes: number) => string;
  maxEntries?: number;
}

export class SignInState {
  readonly codes: AuthCodeStore;
  private readonly pending: ExpiringMap<PendingSignIn>;
  private readonly sessions: ExpiringMap<SignInSession>;
  private readonly clock: Clock;
  private readonly random: (bytes: number) => string;

  constructor(opts: SignInStateOptions) {
    this.clock = opts.clock;
    this.random = opts.random ?? randomSecret;
    const max = opts.maxEntries ?? 10_000;
    this.codes = new AuthCodeStore(this.clock, this.random, max);
    this.pending = new ExpiringMap(this.clock, max);
    this.sessions = new ExpiringMap(this.clock, max);
  }

  /** Starts a sign-in: returns the flow token the form carries back. */
  beginSignIn(params: AuthorizeParams): string {
    const token = this.random(32);
    this.pending.set(sha256Hex(token), { params, expiresAt: this.clock.now() + FLOW_TOKEN_LIFETIME_MS });
    return token;
  }

  /** Consumes a flow token (single use); undefined when unknown, used or expired. */
  takeSignIn(flowToken: string): AuthorizeParams | undefined {
    if (!flowToken) return undefined;
    return this.pending.take(sha256Hex(flowToken))?.params;
  }

  /** Opens a browser session for the user: returns the cookie value. */
  openSession(userId: string, tenantId: string): { id: string; session: SignInSession } {
    const id = this.random(32);
    const now = this.clock.now();
    const session = { userId, tenantId, authTime: Math.floor(now / 1000), expiresAt: now + SESSION_LIFETIME_MS };
    this.sessions.set(sha256Hex(id), session);
    return { id, session };
  }

  session(id: string | undefined): SignInSession | undefined {
    return id ? this.sessions.get(sha256Hex(id)) : undefined;
  }

  closeSession(id: string | undefined): void {
    if (id) this.sessions.delete(sha256Hex(id));
  }
}
