/**
 * The authorize endpoint's answers to the client: the code (or an OAuth error) sent to the registered redirect URI
 * by the requested response mode, and Entra's error page for requests that cannot be redirected.
 */
import type { Reply, RequestContext } from '../../http/operation.js';
import type { ApiError } from '../../shared/errors.js';
import type { PlatformContext } from '../../platform/context.js';
import { isGuid } from '../../shared/ids.js';
import { entraTimestamp } from '../oauth-errors.js';
import type { RedirectTarget } from './authorize-request.js';
import { errorPage, formPostPage } from './pages.js';

const NO_STORE = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };

export function redirectReply(target: RedirectTarget, fields: Record<string, string>, headers: Record<string, string | string[]> = {}): Reply {
  const all: Record<string, string> = { ...fields };
  if (target.state !== undefined) all.state = target.state;
  if (target.responseMode === 'form_post') return formPostPage(target.redirectUri, all, headers);
  const url = new URL(target.redirectUri);
  if (target.responseMode === 'fragment') url.hash = new URLSearchParams(all).toString();
  else for (const [k, v] of Object.entries(all)) url.searchParams.append(k, v);
  return { status: 302, headers: { location: url.toString(), 'referrer-policy': 'no-referrer', ...NO_STORE, ...headers } };
}

/** The correlation id of a request: the client's `client-request-id` (query or header) when a GUID, else a new one. */
export function correlationIdOf(pctx: PlatformContext, ctx: RequestContext, sent?: string): string {
  const candidates = [sent, ctx.query.get('client-request-id') ?? undefined, ctx.req.headers['client-request-id']];
  for (const c of candidates) if (typeof c === 'string' && isGuid(c)) return c;
  return pctx.ids.uuid();
}

/** `error`, `error_description` (with Entra's trace lines), `error_uri` for an error sent to the redirect URI. */
export function errorFields(pctx: PlatformContext, ctx: RequestContext, err: ApiError, correlationId?: string): Record<string, string> {
  const codes = (err.extra.errorCodes as number[] | undefined) ?? [];
  const corr = correlationIdOf(pctx, ctx, correlationId);
  const fields: Record<string, string> = {
    error: err.code,
    error_description: `${err.message}\r\nTrace ID: ${ctx.requestId}\r\nCorrelation ID: ${corr}\r\nTimestamp: ${entraTimestamp(pctx.clock.now())}`,
  };
  if (codes.length > 0) fields.error_uri = `https://login.microsoftonline.com/error?code=${codes[0]}`;
  return fields;
}

export function errorPageReply(pctx: PlatformContext, ctx: RequestContext, err: ApiError, correlationId?: string): Reply {
  return errorPage({
    message: err.message,
    requestId: ctx.requestId,
    correlationId: correlationIdOf(pctx, ctx, correlationId),
    timestamp: new Date(pctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    status: err.status >= 400 && err.status < 600 ? err.status : 400,
  });
}
