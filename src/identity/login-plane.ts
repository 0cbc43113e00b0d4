/**
 * The `login` plane: Cerulean's Entra-compatible security token service on login.microsoftonline.com and its
 * aliases — OpenID discovery, JWKS, MSAL instance discovery, user realm, and the v1/v2 token endpoints.
 * Nothing here requires a caller identity; errors are Entra's OAuth JSON.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../shared/errors.js';
import type { Operation, RequestContext } from '../http/operation.js';
import type { Plane } from '../http/plane.js';
import type { PlatformContext } from '../platform/context.js';
import type { KeyRing } from './key-ring.js';
import { discoveryOperations } from './oidc.js';
import { handleTokenRequest, type TokenEndpointOptions } from './token-endpoint.js';
import { renderOAuthError, unsupportedResponseType } from './oauth-errors.js';
import { resolveTenant } from './tenants.js';
import { TokenReplyCache } from './token-reply-cache.js';

export const LOGIN_HOSTS = ['login.microsoftonline.com', 'login.windows.net', 'sts.windows.net', 'login.microsoft.com'];

export interface LoginPlaneOptions extends TokenEndpointOptions {
  /** The signing keys; default: the key ring of the platform's token service (`createTokenService`). */
  keyRing?: KeyRing;
}

export function createLoginPlane(pctx: PlatformContext, opts: LoginPlaneOptions = {}): Plane {
  const keyRing = opts.keyRing ?? (pctx.tokens as { keyRing?: KeyRing }).keyRing;
  if (!keyRing) throw new Error('The login plane needs the signing key ring: pass opts.keyRing or use a token service made by createTokenService.');

  const endpointOpts: TokenEndpointOptions = { ...opts, replies: opts.replies ?? new TokenReplyCache() };
  const token = (id: string, path: string, version: 'v1' | 'v2'): Operation => ({
    id,
    method: 'POST',
    path,
    auth: 'none',
    body: 'form',
    maxBodyBytes: 64 * 1024,
    handler: (ctx) => handleTokenRequest(pctx, keyRing, ctx, version, endpointOpts),
  });
  const authorize = (id: string, path: string): Operation => ({
    id,
    method: 'GET',
    path,
    auth: 'none',
    body: 'none',
    handler: (ctx) => {
      resolveTenant(pctx, ctx.params.tenant);
      throw unsupportedResponseType();
    },
  });

  return {
    name: 'login',
    hosts: [...LOGIN_HOSTS],
    operations: [
      ...discoveryOperations(pctx, keyRing),
      token('Token_V1', '/{tenant}/oauth2/token', 'v1'),
      token('Token_V2', '/{tenant}/oauth2/v2.0/token', 'v2'),
      authorize('Authorize_V1', '/{tenant}/oauth2/authorize'),
      authorize('Authorize_V2', '/{tenant}/oauth2/v2.0/authorize'),
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
