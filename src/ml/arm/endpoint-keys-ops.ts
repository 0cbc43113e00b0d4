/**
 * Endpoint credentials: `listKeys` (Key endpoints), `regenerateKeys` ({keyType: Primary|Secondary, keyValue?}),
 * `token` (AMLToken endpoints: a 1 h token for the caller, `{accessToken, tokenType, expiryTimeUtc, refreshAfterTimeUtc}`).
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ENDPOINT_PATH, ML_API_VERSIONS, T, wsAction } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { bodyOf, enumValue, optString } from './ml-request.js';
import { getEndpointKeys, putEndpointKeys, type EndpointRecord } from './ml-records.js';
import { newEndpointKey, requireEndpoint } from './endpoint-ops.js';
import { AML_TOKEN_LIFETIME_SECONDS, amlTokenAudience, subjectOf } from './scoring-auth.js';

function requireMode(ep: EndpointRecord, mode: 'Key' | 'AMLToken', what: string): void {
  if (ep.properties.authMode !== mode) {
    throw mlErrors.user(`${what} is only available for online endpoints with authMode '${mode}'; endpoint '${ep.name}' uses '${ep.properties.authMode}'.`);
  }
}

function listKeys(ctx: PlatformContext, rc: RequestContext): Reply {
  const { ep } = requireEndpoint(ctx, rc);
  requireMode(ep, 'Key', 'Listing keys');
  const keys = getEndpointKeys(ctx, ep.id);
  if (!keys) throw mlErrors.user(`Endpoint '${ep.name}' has no keys.`);
  return { status: 200, body: { primaryKey: keys.primaryKey, secondaryKey: keys.secondaryKey } };
}

function regenerate(ctx: PlatformContext, rc: RequestContext): Reply {
  const { ep } = requireEndpoint(ctx, rc);
  requireMode(ep, 'Key', 'Regenerating keys');
  const body = bodyOf(rc);
  const keyType = enumValue(body.keyType, ['Primary', 'Secondary'] as const, 'keyType');
  if (!keyType) throw mlErrors.user("The keyType property is required: 'Primary' or 'Secondary'.");
  const value = optString(body, 'keyValue') || newEndpointKey();
  const keys = getEndpointKeys(ctx, ep.id) ?? { primaryKey: newEndpointKey(), secondaryKey: newEndpointKey() };
  putEndpointKeys(ctx, ep.id, keyType === 'Primary' ? { ...keys, primaryKey: value } : { ...keys, secondaryKey: value });
  return { status: 200 };
}

async function token(ctx: PlatformContext, rc: RequestContext): Promise<Reply> {
  const { ep } = requireEndpoint(ctx, rc);
  requireMode(ep, 'AMLToken', 'Getting a token');
  const principal = rc.caller.principal;
  if (!principal) throw mlErrors.user('A token can only be issued to an authenticated caller.', 401);
  const t = await ctx.tokens.issueAccessToken(subjectOf(principal), amlTokenAudience(ep), { lifetimeSeconds: AML_TOKEN_LIFETIME_SECONDS, reuse: false });
  return {
    status: 200,
    body: { accessToken: t.accessToken, tokenType: 'Bearer', expiryTimeUtc: t.expiresOn, refreshAfterTimeUtc: t.notBefore + Math.floor(AML_TOKEN_LIFETIME_SECONDS / 2) },
  };
}

export function endpointKeyOperations(ctx: PlatformContext): Operation[] {
  const common = { apiVersions: ML_API_VERSIONS, resourceType: T.endpoint } as const;
  const A = wsAction('/onlineEndpoints');
  const scope = (rc: RequestContext) => rc.url.pathname.replace(/\/(listKeys|regenerateKeys|token)\/?$/i, '');
  return [
    { ...common, id: 'OnlineEndpoints_ListKeys', method: 'POST', path: `${ENDPOINT_PATH}/listKeys`, action: `${A}/listKeys/action`, scope, handler: (rc) => listKeys(ctx, rc) },
    { ...common, id: 'OnlineEndpoints_RegenerateKeys', method: 'POST', path: `${ENDPOINT_PATH}/regenerateKeys`, action: `${A}/regenerateKeys/action`, scope, handler: (rc) => regenerate(ctx, rc) },
    { ...common, id: 'OnlineEndpoints_GetToken', method: 'POST', path: `${ENDPOINT_PATH}/token`, action: `${A}/token/action`, scope, handler: (rc) => token(ctx, rc) },
  ];
}
