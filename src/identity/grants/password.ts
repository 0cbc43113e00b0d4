/** `grant_type=password` (resource owner password credentials), as `az login -u -p` and MSAL's ROPC use it. */
import type { PlatformContext } from '../../platform/context.js';
import type { TokenRequest } from '../token-request.js';
import { requestedResource } from '../token-request.js';
import { badUserCredentials, missingParameter, userDisabled, userNotFound } from '../oauth-errors.js';
import { checkUserClient, userSubject, type UserGrant } from './user-grant.js';

const GRAPH = 'https://graph.microsoft.com';

export function passwordGrant(pctx: PlatformContext, req: TokenRequest): UserGrant {
  const clientId = checkUserClient(pctx, req);
  const username = req.form.username?.trim();
  if (!username) throw missingParameter('username');
  const password = req.form.password;
  if (password === undefined || password === '') throw missingParameter('password');
  const { audience, scopes } = requestedResource(req, { fallback: req.version === 'v2' ? GRAPH : undefined });
  const user = pctx.directory.verifyUserPassword(username, password);
  if (!user) {
    const known = pctx.directory.getUser(username);
    if (!known) throw userNotFound(username, req.tenant.tenantId);
    if (!known.accountEnabled) throw userDisabled();
    throw badUserCredentials();
  }
  return { kind: 'user', user, subject: userSubject(user, req.tenant.tenantId), clientId, audience, scopes };
}
