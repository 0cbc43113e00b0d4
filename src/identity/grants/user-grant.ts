/** What the password and refresh-token grants share: the client check and the signed-in user's token subject. */
import type { PlatformContext } from '../../platform/context.js';
import type { UserRecord } from '../../directory/types.js';
import type { TokenSubject } from '../types.js';
import type { TokenRequest } from '../token-request.js';
import { isFirstPartyPublicClient } from '../public-clients.js';
import { applicationNotFound, invalidClientSecret, missingParameter } from '../oauth-errors.js';

export interface UserGrant {
  kind: 'user';
  user: UserRecord;
  subject: TokenSubject;
  clientId: string;
  audience: string;
  /** v2 resource scopes as requested (for the reply's `scope`). */
  scopes: string[];
  /** OIDC scopes granted earlier (the authorize request of a code), besides those of the token request. */
  oidcScopes?: string[];
  /** The authorize request's `nonce`, for the ID token. */
  nonce?: string;
}

/**
 * The client a user signs in with: a first-party public client (Azure CLI, Azure PowerShell, VS Code) or an
 * application registered in the tenant (whose secret, when sent, must be valid). Returns the client id.
 */
export function checkUserClient(pctx: PlatformContext, req: TokenRequest): string {
  const clientId = req.clientId;
  if (!clientId) throw missingParameter('client_id');
  if (isFirstPartyPublicClient(clientId)) return clientId;
  const app = pctx.directory.getApplicationByAppId(clientId);
  if (!app) throw applicationNotFound(clientId, req.tenant.tenantId);
  if (req.clientSecret !== undefined && !pctx.directory.verifyClientSecret(clientId, req.clientSecret)) throw invalidClientSecret(clientId);
  return clientId;
}

export function userSubject(user: UserRecord, tenantId: string): TokenSubject {
  return { objectId: user.id, tenantId, kind: 'user', upn: user.userPrincipalName, name: user.displayName };
}
