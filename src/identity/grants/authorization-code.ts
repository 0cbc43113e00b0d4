/**
 * `grant_type=authorization_code` with PKCE: redeems a code from the authorize endpoint. The code is consumed by
 * the first attempt whatever its outcome; it must have been issued to this client and tenant, for this
 * `redirect_uri`, and `code_verifier` must hash (S256) to the challenge of the authorize request.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { TokenRequest } from '../token-request.js';
import { requestedResource } from '../token-request.js';
import { scopeToResource, OIDC_SCOPES } from '../audiences.js';
import {
  authorizationCodeExpired,
  authorizationCodeRedeemed,
  codeVerifierMismatch,
  codeVerifierMissing,
  invalidRefreshToken,
  missingParameter,
  publicClientSecretPresented,
  redirectUriMismatch,
  refreshTokenClientMismatch,
  replyAddressMismatch,
  userDisabled,
} from '../oauth-errors.js';
import { isFirstPartyPublicClient } from '../public-clients.js';
import type { AuthCodeStore } from '../authorize/auth-codes.js';
import { isRegisteredRedirectUri } from '../authorize/redirect-uris.js';
import { verifierMatches } from '../authorize/pkce.js';
import { checkUserClient, userSubject, type UserGrant } from './user-grant.js';

const GRAPH = 'https://graph.microsoft.com';

export function authorizationCodeGrant(pctx: PlatformContext, req: TokenRequest, codes: AuthCodeStore): UserGrant {
  const clientId = checkUserClient(pctx, req);
  if (isFirstPartyPublicClient(clientId) && (req.clientSecret !== undefined || req.form.client_assertion)) throw publicClientSecretPresented();
  const code = req.form.code?.trim();
  if (!code) throw missingParameter('code');
  const redirectUri = req.form.redirect_uri?.trim();
  if (!redirectUri) throw missingParameter('redirect_uri');
  if (!isRegisteredRedirectUri(pctx, clientId, redirectUri)) throw redirectUriMismatch(redirectUri, clientId);

  const redemption = codes.redeem(code);
  switch (redemption.status) {
    case 'malformed':
      throw invalidRefreshToken(); // AADSTS9002313: Invalid request. Request is malformed or invalid.
    case 'unknown':
    case 'expired':
      throw authorizationCodeExpired();
    case 'redeemed':
      throw authorizationCodeRedeemed();
  }
  const bound = redemption.binding;
  if (bound.clientId.toLowerCase() !== clientId.toLowerCase() || bound.tenantId.toLowerCase() !== req.tenant.tenantId.toLowerCase()) {
    throw refreshTokenClientMismatch(); // AADSTS70000: Provided grant is invalid or malformed.
  }
  if (bound.redirectUri !== redirectUri) throw replyAddressMismatch(redirectUri, bound.redirectUri);
  const verifier = req.form.code_verifier;
  if (!verifier) throw codeVerifierMissing();
  if (!verifierMatches(verifier, bound.codeChallenge)) throw codeVerifierMismatch();

  const user = pctx.directory.getUser(bound.userId);
  if (!user) throw authorizationCodeExpired();
  if (!user.accountEnabled) throw userDisabled();
  // The token request may name the resource (MSAL repeats the scopes); otherwise the authorize request's scope does.
  const fallback = scopeToResource(bound.scope) ?? (req.version === 'v2' ? GRAPH : undefined);
  const fromRequest = req.form.scope?.trim() || req.form.resource?.trim();
  const { audience, scopes } = fromRequest
    ? requestedResource(req, { fallback })
    : requestedResource({ ...req, form: { ...req.form, scope: bound.scope } }, { fallback });
  const oidcScopes = bound.scope
    .split(/\s+/)
    .map((s) => s.toLowerCase())
    .filter((s) => OIDC_SCOPES.has(s));
  return {
    kind: 'user',
    user,
    subject: userSubject(user, req.tenant.tenantId),
    clientId,
    audience,
    scopes,
    oidcScopes,
    nonce: bound.nonce,
  };
}
