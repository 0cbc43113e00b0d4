/**
 * The sign-in session cookie, `ESTSAUTH` (Entra's name for its session cookie): an opaque, unguessable id of a
 * server-side session; HttpOnly, SameSite=Lax, Secure whenever the plane is reached over HTTPS, no Max-Age (ends
 * with the browser session; the server side ends after 12 hours anyway).
 */
import type { RequestContext } from '../../http/operation.js';

export const SESSION_COOKIE = 'ESTSAUTH';

/** The value of cookie `name` in the request, if any. */
export function readCookie(ctx: RequestContext, name: string): string | undefined {
  const header = ctx.req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function attributes(ctx: RequestContext): string {
  const secure = ctx.origin.startsWith('https:') ? '; Secure' : '';
  return `; Path=/; HttpOnly${secure}; SameSite=Lax`;
}

export function sessionCookie(ctx: RequestContext, id: string): string {
  return `${SESSION_COOKIE}=${id}${attributes(ctx)}`;
}

export function clearedSessionCookie(ctx: RequestContext): string {
  return `${SESSION_COOKIE}=${attributes(ctx)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}
