/**
 * `POST /{tenant}/oauth2/token` (v1, `resource=`) and `POST /{tenant}/oauth2/v2.0/token` (v2, `scope=`):
 * dispatches the grant, issues (or reuses) the access token and shapes the reply as Entra does —
 * v1 replies carry numbers as strings, v2 replies as numbers.
 */
import type { Reply, RequestContext } from '../http/operation.js';
import type { PlatformContext } from '../platform/context.js';
import type { KeyRing } from './key-ring.js';
import type { IssuedToken } from './types.js';
import { resolveTenant } from './tenants.js';
import { clientCredentials, formFields, requestedOidcScope, type TokenRequest } from './token-request.js';
import { missingParameter, unsupportedGrantType } from './oauth-errors.js';
import { clientCredentialsGrant, type AppGrant } from './grants/client-credentials.js';
import { passwordGrant } from './grants/password.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import type { AuthCodeStore } from './authorize/auth-codes.js';
import type { UserGrant } from './grants/user-grant.js';
import { grantedScopes } from './audiences.js';
import { issueRefreshToken } from './refresh-tokens.js';
import { buildIdToken, clientInfo, v2Issuer } from './id-token.js';
import { isFamilyClient } from './public-clients.js';
import { JSON_CONTENT_TYPE, type TokenReplyCache } from './token-reply-cache.js';

export interface TokenEndpointOptions {
  /** Reuse a cached still-valid access token per (subject, client, audience). Default true. */
  reuse?: boolean;
  /** Where serialised application replies are kept for reuse (the login plane keeps one); none: serialise each time. */
  replies?: TokenReplyCache;
  /** Authorization codes issued by the authorize endpoint; without it the authorization_code grant is unsupported. */
  codes?: AuthCodeStore;
}

export function parseTokenRequest(pctx: PlatformContext, ctx: RequestContext, version: 'v1' | 'v2'): TokenRequest {
  const tenant = resolveTenant(pctx, ctx.params.tenant);
  const form = formFields(ctx);
  const { clientId, clientSecret } = clientCredentials(ctx, form);
  return { version, tenant, form, clientId, clientSecret, ctx };
}

/** The reply to a token request; synchronous when the access token is reused (no promise to wait for). */
export function handleTokenRequest(
  pctx: PlatformContext,
  keyRing: KeyRing,
  ctx: RequestContext,
  version: 'v1' | 'v2',
  opts: TokenEndpointOptions = {},
): Reply | Promise<Reply> {
  const req = parseTokenRequest(pctx, ctx, version);
  const grantType = req.form.grant_type?.trim();
  if (!grantType) throw missingParameter('grant_type');
  let grant: AppGrant | UserGrant;
  switch (grantType) {
    case 'client_credentials':
      grant = clientCredentialsGrant(pctx, req);
      break;
    case 'password':
      grant = passwordGrant(pctx, req);
      break;
    case 'refresh_token':
      grant = refreshTokenGrant(pctx, req);
      break;
    case 'authorization_code':
      if (!opts.codes) throw unsupportedGrantType(grantType);
      grant = authorizationCodeGrant(pctx, req, opts.codes);
      break;
    default:
      throw unsupportedGrantType(grantType);
  }
  const reuse = opts.reuse ?? true;
  const tokens = pctx.tokens;
  const reused = reuse && tokens.reusableAccessToken ? tokens.reusableAccessToken(grant.subject, grant.audience, grant.clientId) : undefined;
  if (reused) return tokenReply(pctx, keyRing, ctx, req, grant, reused, opts);
  return tokens
    .issueAccessToken(grant.subject, grant.audience, { clientAppId: grant.clientId, reuse })
    .then((token) => tokenReply(pctx, keyRing, ctx, req, grant, token, opts));
}

function tokenReply(
  pctx: PlatformContext,
  keyRing: KeyRing,
  ctx: RequestContext,
  req: TokenRequest,
  grant: AppGrant | UserGrant,
  token: IssuedToken,
  opts: TokenEndpointOptions,
): Reply {
  const headers: Record<string, string> = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };
  const sent = ctx.req.headers['client-request-id'];
  if (typeof sent === 'string') headers['client-request-id'] = sent;
  if (grant.kind === 'app' && opts.replies) {
    // An application's reply is a function of the token, the version and the seconds left.
    const body = opts.replies.bytes(token.accessToken, req.version, token.expiresIn, () => appReply(req, token));
    headers['content-type'] = JSON_CONTENT_TYPE;
    return { status: 200, headers, body };
  }
  const body = grant.kind === 'app' ? appReply(req, token) : userReply(pctx, keyRing, req, grant, token);
  return { status: 200, headers, body };
}

function appReply(req: TokenRequest, token: IssuedToken): Record<string, unknown> {
  if (req.version === 'v2') {
    return { token_type: 'Bearer', expires_in: token.expiresIn, ext_expires_in: token.expiresIn, access_token: token.accessToken };
  }
  return {
    token_type: 'Bearer',
    expires_in: String(token.expiresIn),
    ext_expires_in: String(token.expiresIn),
    expires_on: String(token.expiresOn),
    not_before: String(token.notBefore),
    resource: token.resource,
    access_token: token.accessToken,
  };
}

function userReply(pctx: PlatformContext, keyRing: KeyRing, req: TokenRequest, grant: UserGrant, token: IssuedToken): Record<string, unknown> {
  const tenantId = req.tenant.tenantId;
  const now = pctx.clock.now() / 1000;
  const granted = grant.oidcScopes ?? [];
  const wantsRefresh = requestedOidcScope(req, 'offline_access') || granted.includes('offline_access');
  const wantsIdToken = requestedOidcScope(req, 'openid') || granted.includes('openid');
  const refreshToken = wantsRefresh
    ? issueRefreshToken(pctx.store, pctx.clock, { userId: grant.user.id, clientId: grant.clientId, tenantId, resource: grant.audience })
    : undefined;
  const idToken = wantsIdToken
    ? buildIdToken({
        keyRing,
        version: req.version,
        issuer: v2Issuer(req.ctx.origin, req.ctx.host, tenantId),
        tenantId,
        user: grant.user,
        clientId: grant.clientId,
        now,
        nonce: grant.nonce,
      })
    : undefined;
  const foci = isFamilyClient(grant.clientId) ? { foci: '1' } : {};
  if (req.version === 'v2') {
    const scopes = grant.scopes.length > 0 ? grant.scopes : [`${grant.audience}/.default`];
    return {
      token_type: 'Bearer',
      scope: grantedScopes(scopes, grant.audience),
      expires_in: token.expiresIn,
      ext_expires_in: token.expiresIn,
      access_token: token.accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...foci,
      ...(idToken ? { id_token: idToken } : {}),
      ...(req.form.client_info === '1' ? { client_info: clientInfo(grant.user.id, tenantId) } : {}),
    };
  }
  return {
    token_type: 'Bearer',
    scope: 'user_impersonation',
    expires_in: String(token.expiresIn),
    ext_expires_in: String(token.expiresIn),
    expires_on: String(token.expiresOn),
    not_before: String(token.notBefore),
    resource: token.resource,
    access_token: token.accessToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    ...foci,
    ...(idToken ? { id_token: idToken } : {}),
    ...(req.form.client_info === '1' ? { client_info: clientInfo(grant.user.id, tenantId) } : {}),
  };
}
