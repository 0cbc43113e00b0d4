/**
 * Sign-in as a public client of Cerulean's token service: authorization code + PKCE (S256), tokens in sessionStorage,
 * one refresh token redeemed per resource, refreshed before expiry, sign-out through the logout endpoint.
 */
import { config } from './config.js';

const SESSION_KEY = 'cerulean.studio.session';
const PENDING_KEY = 'cerulean.studio.pending';
export const CALLBACK_PATH = '/auth/callback';

export const RESOURCE_SCOPES = {
  arm: 'https://management.azure.com/user_impersonation',
  graph: 'https://graph.microsoft.com/User.Read',
  storage: 'https://storage.azure.com/user_impersonation',
  ml: 'https://ml.azure.com/.default',
  acr: 'https://containerregistry.azure.net/.default',
} as const;
export type Resource = keyof typeof RESOURCE_SCOPES;

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

interface Session {
  refreshToken: string;
  account: { username: string; name: string; objectId: string; tenantId: string };
  tokens: Partial<Record<Resource, CachedToken>>;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(n = 32): string {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return b64url(new Uint8Array(digest));
}

function authority(): string {
  const c = config();
  return `${c.endpoints.login}/${c.tenantId}/oauth2/v2.0`;
}

const redirectUri = (): string => `${location.origin}${CALLBACK_PATH}`;

function readSession(): Session | undefined {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return undefined;
  }
}

function writeSession(s: Session | undefined): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

function decodeJwt(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(Array.from(json, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''))) as Record<string, unknown>;
}

export function account(): Session['account'] | undefined {
  return readSession()?.account;
}

export function isSignedIn(): boolean {
  return readSession() !== undefined;
}

/** Starts the interactive sign-in: redirects the page to the authorize endpoint. */
export async function signIn(returnTo = location.pathname + location.search, loginHint?: string): Promise<never> {
  const verifier = randomString(48);
  const pending: Pending = { verifier, state: randomString(16), nonce: randomString(16), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const q = new URLSearchParams({
    client_id: config().clientId,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: `${RESOURCE_SCOPES.arm} openid profile offline_access`,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    response_mode: 'query',
  });
  if (loginHint) q.set('login_hint', loginHint);
  location.assign(`${authority()}/authorize?${q}`);
  return new Promise<never>(() => {});
}

export class SignInError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface TokenReply {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number | string;
  error?: string;
  error_description?: string;
}

async function tokenRequest(body: URLSearchParams): Promise<TokenReply> {
  const res = await fetch(`${authority()}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const json = (await res.json().catch(() => ({}))) as TokenReply;
  if (!res.ok || json.error) throw new SignInError(json.error ?? `http_${res.status}`, json.error_description ?? `The token service answered ${res.status}.`);
  return json;
}

/** Completes the sign-in on `/auth/callback`; returns the path to go back to. */
export async function completeSignIn(): Promise<string> {
  const q = new URLSearchParams(location.search);
  const pendingRaw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (q.get('error')) throw new SignInError(q.get('error')!, q.get('error_description') ?? 'Sign-in failed.');
  if (!pendingRaw) throw new SignInError('no_pending_request', 'No sign-in was in progress in this tab. Sign in again.');
  const pending = JSON.parse(pendingRaw) as Pending;
  if (q.get('state') !== pending.state) throw new SignInError('state_mismatch', 'The sign-in response does not belong to this tab (state mismatch).');
  const code = q.get('code');
  if (!code) throw new SignInError('no_code', 'The sign-in response carries no authorization code.');
  const reply = await tokenRequest(
    new URLSearchParams({
      client_id: config().clientId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
      scope: `${RESOURCE_SCOPES.arm} openid profile offline_access`,
    }),
  );
  if (!reply.refresh_token) throw new SignInError('no_refresh_token', 'The token service returned no refresh token.');
  const idClaims = reply.id_token ? decodeJwt(reply.id_token) : decodeJwt(reply.access_token);
  if (reply.id_token && idClaims.nonce !== pending.nonce) throw new SignInError('nonce_mismatch', 'The ID token does not answer this sign-in (nonce mismatch).');
  const at = decodeJwt(reply.access_token);
  writeSession({
    refreshToken: reply.refresh_token,
    account: {
      username: String(idClaims.preferred_username ?? at.upn ?? at.unique_name ?? ''),
      name: String(idClaims.name ?? at.name ?? ''),
      objectId: String(idClaims.oid ?? at.oid ?? ''),
      tenantId: String(idClaims.tid ?? at.tid ?? ''),
    },
    tokens: { arm: { accessToken: reply.access_token, expiresAt: Date.now() + Number(reply.expires_in) * 1000 } },
  });
  return pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('//') ? pending.returnTo : '/';
}

const inflight = new Map<Resource, Promise<string>>();

/** An access token for a resource: cached until 5 minutes before expiry, else redeemed with the refresh token. */
export async function accessToken(resource: Resource): Promise<string> {
  const s = readSession();
  if (!s) return signIn();
  const cached = s.tokens[resource];
  if (cached && cached.expiresAt - Date.now() > 5 * 60_000) return cached.accessToken;
  let p = inflight.get(resource);
  if (!p) {
    p = refresh(resource).finally(() => inflight.delete(resource));
    inflight.set(resource, p);
  }
  return p;
}

async function refresh(resource: Resource): Promise<string> {
  const s = readSession();
  if (!s) return signIn();
  let reply: TokenReply;
  try {
    reply = await tokenRequest(
      new URLSearchParams({
        client_id: config().clientId,
        grant_type: 'refresh_token',
        refresh_token: s.refreshToken,
        scope: `${RESOURCE_SCOPES[resource]} offline_access`,
      }),
    );
  } catch (e) {
    if (e instanceof SignInError && e.code === 'invalid_grant') {
      writeSession(undefined);
      return signIn();
    }
    throw e;
  }
  const now = readSession() ?? s;
  now.tokens[resource] = { accessToken: reply.access_token, expiresAt: Date.now() + Number(reply.expires_in) * 1000 };
  if (reply.refresh_token) now.refreshToken = reply.refresh_token;
  writeSession(now);
  return reply.access_token;
}

/** Keeps the ARM token fresh while the tab is open (silent refresh). */
export function startSilentRefresh(): () => void {
  const timer = setInterval(() => {
    const s = readSession();
    const t = s?.tokens.arm;
    if (s && (!t || t.expiresAt - Date.now() < 10 * 60_000)) void accessToken('arm').catch(() => undefined);
  }, 60_000);
  return () => clearInterval(timer);
}

export function signOut(): void {
  writeSession(undefined);
  const q = new URLSearchParams({ post_logout_redirect_uri: `${location.origin}/` });
  location.assign(`${authority()}/logout?${q}`);
}
