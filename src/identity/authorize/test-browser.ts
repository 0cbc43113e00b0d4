/**
 * For tests: the login plane on a loopback HTTP server and a minimal browser — no redirects followed, cookies kept
 * by hand — that walks the authorization code flow as the studio does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createPlaneHandler } from '../../http/pipeline.js';
import { createLoginPlane } from '../login-plane.js';
import { STUDIO_CLIENT_ID } from '../public-clients.js';
import type { LoginFixture } from '../test-support.js';
import { s256Challenge } from './pkce.js';

export const STUDIO_REDIRECT = 'https://ml.azure.com/auth/callback';
export const STUDIO_SCOPE = 'https://management.azure.com/user_impersonation openid profile offline_access';

export interface LoginServer {
  base: string;
  close(): Promise<void>;
}

export async function startLoginServer(fx: LoginFixture): Promise<LoginServer> {
  const handler = createPlaneHandler(createLoginPlane(fx.pctx), fx.pctx);
  const server = http.createServer((req, res) => void handler(req, res, { host: 'login.microsoftonline.com', origin: 'https://login.microsoftonline.com' }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

export function authorizePath(tenant: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `/${tenant}/oauth2/v2.0/authorize?${q}`;
}

/** The usual studio authorize parameters (override or remove with `undefined`). */
export function studioParams(challenge: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    client_id: STUDIO_CLIENT_ID,
    response_type: 'code',
    redirect_uri: STUDIO_REDIRECT,
    scope: STUDIO_SCOPE,
    state: 'st-123',
    nonce: 'n-456',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
}

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  location?: URL;
  cookies: string[];
}

export async function browse(base: string, path: string, opts: { cookie?: string; form?: Record<string, string> } = {}): Promise<Page> {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  const r = await fetch(base + path, { method: opts.form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
  const loc = r.headers.get('location');
  return { status: r.status, headers: r.headers, text: await r.text(), location: loc ? new URL(loc) : undefined, cookies: r.headers.getSetCookie() };
}

/** The hidden flow token of a sign-in page. */
export function flowTokenOf(page: Page): string {
  const m = /name="flowToken" value="([^"]+)"/.exec(page.text);
  if (!m) throw new Error(`no sign-in form in: ${page.status} ${page.text.slice(0, 400)}`);
  return m[1];
}

/** `ESTSAUTH=…` from a reply's Set-Cookie, for the next request's Cookie header. */
export function sessionCookieOf(page: Page): string | undefined {
  const c = page.cookies.find((s) => s.startsWith('ESTSAUTH='));
  return c?.split(';')[0];
}

/** Authorize → sign in with the password → the redirect carrying the code. */
export async function signInForCode(
  base: string,
  tenant: string,
  username: string,
  password: string,
  extra: Record<string, string | undefined> = {},
): Promise<{ code: string; verifier: string; redirect: Page }> {
  const { verifier, challenge } = pkcePair();
  const path = authorizePath(tenant, studioParams(challenge, extra));
  const page = await browse(base, path);
  const redirect = await browse(base, path, { form: { flowToken: flowTokenOf(page), username, password } });
  const code = redirect.location?.searchParams.get('code');
  if (redirect.status !== 302 || !code) throw new Error(`sign-in did not redirect with a code: ${redirect.status} ${redirect.text.slice(0, 400)}`);
  return { code, verifier, redirect };
}
