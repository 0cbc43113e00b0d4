/**
 * The `login` plane: Cerulean's Entra-compatible security token service on login.microsoftonline.com and its
 * aliases — OpenID discovery, JWKS, MSAL instance discovery, user realm, the v1/v2 token endpoints, and
 * interactive sign-in (authorize with PKCE, the sign-in page, logout) for the studio web client.
 * Nothing here requires a caller identity; token endpoint errors are Entra's OAuth JSON, sign-in errors HTML pages.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../shared/errors.js';
import type { Operation, RequestContext } from '../http/operation.js';
import type { Plane } from '../http/plane.js';
import type { PlatformContext } from '../platform/context.js';
import type { KeyRing } from './key-ring.js';
import { discoveryOperations } from './oidc.js';
import { handleTokenRequest, type TokenEndpointOptions } from './token-endpoint.js';
import { renderOAuthError } from './oauth-errors.js';
import { TokenReplyCache } from './token-reply-cache.js';
import { SignInState } from './authorize/sign-in-state.js';
import { handleAuthorizeGet, handleAuthorizePost } from './authorize/authorize-endpoint.js';
import { handleLogout } from './authorize/logout-endpoint.js';

export const LOGIN_HOSTS = ['login.microsoftonline.com', 'login.windows.net', 'sts.windows.net', 'login.microsoft.com'];

export interface LoginPlaneOptions extends TokenEndpointOptions {
  /** The signing keys; default: the key ring of the platform's token service (`createTokenService`). */
  keyRing?: KeyRing;
  /** Pending sign-ins, browser sessions and authorization codes; default: a new in-memory one. */
  signIn?: SignInState;
}

export function createLoginPlane(pctx: PlatformContext, opts: LoginPlaneOptions = {}): Plane {
  const keyRing = opts.keyRing ?? (pctx.tokens as { keyRing?: KeyRing }).keyRing;
  if (!keyRing) throw new Error('The login plane needs the signing key ring: pass opts.keyRing or use a token service made by createTokenService.');

  const signIn = opts.signIn ?? new SignInState({ clock: pctx.clock });
  const endpointOpts: TokenEndpointOptions = { ...opts, replies: opts.replies ?? new TokenReplyCache(), codes: signIn.codes };
  const token = (id: string, path: string, version: 'v1' | 'v2'): Operation => ({
    id,
    method: 'POST',
    path,
    auth: 'none',
    body: 'form',
    maxBodyBytes: 64 * 1024,
    handler: (ctx) => handleTokenRequest(pctx, keyRing, ctx, version, endpointOpts),
  });
  const authorize = (id: string, path: string): Operation[] => [
    { id, method: 'GET', path, auth: 'none', body: 'none', handler: (ctx) => handleAuthorizeGet(pctx, signIn, ctx) },
    { id: `${id}_SignIn`, method: 'POST', path, auth: 'none', body: 'form', maxBodyBytes: 16 * 1024, handler: (ctx) => handleAuthorizePost(pctx, signIn, ctx) },
  ];
  const logout = (id: string, path: string): Operation => ({ id, method: 'GET', path, auth: 'none', body: 'none', handler: (ctx) => handleLogout(pctx, signIn, ctx) });

  return {
    name: 'login',
    hosts: [...LOGIN_HOSTS],
    operations: [
      ...discoveryOperations(pctx, keyRing),
      token('Token_V1', '/{tenant}/oauth2/token', 'v1'),
      token('Token_V2', '/{tenant}/oauth2/v2.0/token', 'v2'),
      ...authorize('Authorize_V1', '/{tenant}/oauth2/authorize'),
      ...authorize('Authorize_V2', '/{tenant}/oauth2/v2.0/authorize'),
      logout('Logout_V1', '/{tenant}/oauth2/logout'),
      logout('Logout_V2', '/{tenant}/oauth2/v2.0/logout'),
    ],
    authenticators: [],
    renderError(res: ServerResponse, err: ApiError, ctx?: RequestContext) {
      renderOAuthError(res, err, ctx, pctx.clock, pctx.ids);
    },
    notFound(ctx) {
      return new ApiError(404, 'not_found', `The requested resource '${ctx.path}' was not found on ${ctx.host}.`);
    },
    unauthenticated() {
      return new ApiError(401, 'invalid_client', 'Client authentication failed.');
    },
    denied() {
      return new ApiError(403, 'unauthorized_client', 'The client is not authorized to perform this request.');
    },
  };
}
