/** `grant_type=refresh_token`: redeems (and rotates) a refresh token for a new access token. */
import type { PlatformContext } from '../../platform/context.js';
import type { TokenRequest } from '../token-request.js';
import { requestedResource } from '../token-request.js';
import { redeemRefreshToken } from '../refresh-tokens.js';
import { invalidRefreshToken, missingParameter, userDisabled } from '../oauth-errors.js';
import { checkUserClient, userSubject, type UserGrant } from './user-grant.js';

export function refreshTokenGrant(pctx: PlatformContext, req: TokenRequest): UserGrant {
  const clientId = checkUserClient(pctx, req);
  const presented = req.form.refresh_token?.trim();
  if (!presented) throw missingParameter('refresh_token');
  // Validate the request before consuming the token, so a malformed request does not burn it.
  const peek = req.version === 'v2' && !req.form.scope?.trim();
  if (peek) throw missingParameter('scope');
  const record = redeemRefreshToken(pctx.store, pctx.clock, presented, clientId);
  if (record.tenantId.toLowerCase() !== req.tenant.tenantId.toLowerCase()) throw invalidRefreshToken();
  const user = pctx.directory.getUser(record.userId);
  if (!user) throw invalidRefreshToken();
  if (!user.accountEnabled) throw userDisabled();
  const { audience, scopes } = requestedResource(req, { fallback: record.resource });
  return { kind: 'user', user, subject: userSubject(user, req.tenant.tenantId), clientId, audience, scopes };
}
