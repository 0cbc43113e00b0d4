/**
 * `GET /{tenant}/oauth2/v2.0/authorize` (and v1 `/oauth2/authorize`): the authorization code flow with PKCE for
 * public clients. With a live session cookie (and no `prompt=login`/`select_account`) the code is issued at once;
 * `prompt=none` without one answers `login_required`; otherwise the sign-in page is shown. `POST` to the same URL
 * carries the form back: the flow token (single use) names the pending request, the credentials are checked
 * against the directory as the password grant does, and success redirects to `redirect_uri?code=…&state=…`.
 */
import { createHash } from 'node:crypto';
import type { Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import type { UserRecord } from '../../directory/types.js';
import { resolveTenant } from '../tenants.js';
import { formFields } from '../token-request.js';
import { badUserCredentials, flowTokenExpired, silentSignInWithoutSession } from '../oauth-errors.js';
import { clientInfo } from '../id-token.js';
import { FIRST_PARTY_PUBLIC_CLIENTS } from '../public-clients.js';
import { checkAuthorizeRequest, type AuthorizeParams } from './authorize-request.js';
import { errorFields, errorPageReply, redirectReply } from './authorize-response.js';
import { readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie.js';
import type { SignInSession, SignInState } from './sign-in-state.js';
import { signInPage } from './pages.js';

export function handleAuthorizeGet(pctx: PlatformContext, state: SignInState, ctx: RequestContext): Reply {
  const version = /\/v2\.0\//i.test(ctx.path) ? 'v2' : 'v1';
  const check = checkAuthorizeRequest(pctx, ctx.params.tenant, ctx.query, version);
  if (check.kind === 'page-error') return errorPageReply(pctx, ctx, check.error);
  if (check.kind === 'redirect-error') return redirectReply(check.target, errorFields(pctx, ctx, check.error));
  const p = check.params;
  const sessionId = readCookie(ctx, SESSION_COOKIE);
  const signedIn = liveSession(pctx, state, sessionId, p);
  if (p.prompt === 'none') {
    if (!signedIn) return redirectReply(p, errorFields(pctx, ctx, silentSignInWithoutSession(), p.correlationId));
    return complete(state, p, signedIn.session, signedIn.user, sessionId!);
  }
  if (signedIn && p.prompt !== 'login' && p.prompt !== 'select_account') return complete(state, p, signedIn.session, signedIn.user, sessionId!);
  return showSignIn(state, ctx, p, p.loginHint);
}

export function handleAuthorizePost(pctx: PlatformContext, state: SignInState, ctx: RequestContext): Reply {
  const form = formFields(ctx);
  const p = state.takeSignIn(form.flowToken ?? '');
  let sameTenant = false;
  try {
    sameTenant = !!p && resolveTenant(pctx, ctx.params.tenant).tenantId === p.tenant.tenantId;
  } catch {
    sameTenant = false;
  }
  if (!p || !sameTenant) return errorPageReply(pctx, ctx, flowTokenExpired(), p?.correlationId);
  const username = (form.username ?? '').trim();
  const password = form.password ?? '';
  const user = username && password ? pctx.directory.verifyUserPassword(username, password) : undefined;
  if (!user) return showSignIn(state, ctx, p, username || p.loginHint, badUserCredentials().message);
  const opened = state.openSession(user.id, p.tenant.tenantId);
  return complete(state, p, opened.session, user, opened.id, { 'set-cookie': sessionCookie(ctx, opened.id) });
}

function liveSession(
  pctx: PlatformContext,
  state: SignInState,
  sessionId: string | undefined,
  p: AuthorizeParams,
): { session: SignInSession; user: UserRecord } | undefined {
  const session = state.session(sessionId);
  if (!session || session.tenantId !== p.tenant.tenantId) return undefined;
  const user = pctx.directory.getUser(session.userId);
  if (!user || !user.accountEnabled) return undefined;
  if (p.loginHint && p.loginHint.toLowerCase() !== user.userPrincipalName.toLowerCase()) return undefined;
  return { session, user };
}

function showSignIn(state: SignInState, ctx: RequestContext, p: AuthorizeParams, username?: string, error?: string): Reply {
  const flowToken = state.beginSignIn(p);
  return signInPage({
    action: ctx.path + ctx.url.search,
    flowToken,
    clientName: FIRST_PARTY_PUBLIC_CLIENTS.get(p.clientId.toLowerCase()) ?? p.clientId,
    username,
    error,
    redirectOrigin: new URL(p.redirectUri).origin,
  });
}

function complete(
  state: SignInState,
  p: AuthorizeParams,
  session: SignInSession,
  user: UserRecord,
  sessionId: string,
  headers: Record<string, string> = {},
): Reply {
  const code = state.codes.issue({
    clientId: p.clientId,
    redirectUri: p.redirectUri,
    codeChallenge: p.codeChallenge,
    userId: user.id,
    tenantId: p.tenant.tenantId,
    scope: p.scope,
    nonce: p.nonce,
    authTime: session.authTime,
  });
  const fields: Record<string, string> = { code };
  if (p.clientInfo) fields.client_info = clientInfo(user.id, p.tenant.tenantId);
  fields.session_state = sessionState(sessionId);
  return redirectReply(p, fields, headers);
}

/** A stable, non-secret name of the browser session (OIDC session management's `session_state`). */
function sessionState(sessionId: string): string {
  const h = createHash('sha256').update(`session-state:${sessionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
