/** `grant_type=client_credentials`: an application signs in as its service principal with a client secret. */
import type { PlatformContext } from '../../platform/context.js';
import type { TokenSubject } from '../types.js';
import type { TokenRequest } from '../token-request.js';
import { requestedResource } from '../token-request.js';
import { applicationDisabled, applicationNotFound, clientSecretRequired, invalidClientSecret, missingParameter, servicePrincipalMissing } from '../oauth-errors.js';

export interface AppGrant {
  kind: 'app';
  subject: TokenSubject;
  clientId: string;
  audience: string;
}

export function clientCredentialsGrant(pctx: PlatformContext, req: TokenRequest): AppGrant {
  const clientId = req.clientId;
  if (!clientId) throw missingParameter('client_id');
  const { audience } = requestedResource(req, { requireDefault: true });
  // The secret is checked first: when it matches, the application's service principal is known to exist (the
  // check returns it), so the lookup that tells the failure cases apart is needed only when it does not.
  const verified = req.clientSecret ? pctx.directory.verifyClientSecret(clientId, req.clientSecret) : undefined;
  if (!verified || verified.servicePrincipalType !== 'Application') {
    const sp = pctx.directory.getServicePrincipalByAppId(clientId);
    if (!sp || sp.servicePrincipalType !== 'Application') {
      if (!sp && pctx.directory.getApplicationByAppId(clientId)) throw servicePrincipalMissing(clientId, req.tenant.tenantId);
      throw applicationNotFound(clientId, req.tenant.tenantId);
    }
    if (!req.clientSecret) throw clientSecretRequired();
    throw invalidClientSecret(clientId);
  }
  if (!verified.accountEnabled) throw applicationDisabled(clientId, verified.displayName);
  return {
    kind: 'app',
    clientId,
    audience,
    subject: { objectId: verified.id, tenantId: req.tenant.tenantId, kind: 'servicePrincipal', appId: verified.appId, name: verified.displayName },
  };
}
