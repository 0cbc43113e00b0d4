/**
 * `GET /{tenant}/oauth2/v2.0/logout` (and v1 `/oauth2/logout`): ends the browser's sign-in session and clears its
 * cookie, then redirects to `post_logout_redirect_uri` when it is on a studio origin (with `state` if sent);
 * otherwise shows the signed-out page. Tokens already issued stay valid, as in Entra.
 */
import type { Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { resolveTenant } from '../tenants.js';
import { errorPageReply } from './authorize-response.js';
import { clearedSessionCookie, readCookie, SESSION_COOKIE } from './session-cookie.js';
import type { SignInState } from './sign-in-state.js';
import { isStudioUrl } from './redirect-uris.js';
import { signedOutPage } from './pages.js';
import type { ApiError } from '../../shared/errors.js';

export function handleLogout(pctx: PlatformContext, state: SignInState, ctx: RequestContext): Reply {
  try {
    resolveTenant(pctx, ctx.params.tenant);
  } catch (e) {
    return errorPageReply(pctx, ctx, e as ApiError);
  }
  state.closeSession(readCookie(ctx, SESSION_COOKIE));
  const headers = { 'set-cookie': clearedSessionCookie(ctx) };
  const target = ctx.query.get('post_logout_redirect_uri') ?? ctx.query.get('post_logout_redirect_url') ?? '';
  if (target && isStudioUrl(pctx, target)) {
    const url = new URL(target);
    const st = ctx.query.get('state');
    if (st !== null) url.searchParams.append('state', st);
    return { status: 302, headers: { ...headers, location: url.toString(), 'cache-control': 'no-store, no-cache', pragma: 'no-cache' } };
  }
  return signedOutPage(headers);
}
