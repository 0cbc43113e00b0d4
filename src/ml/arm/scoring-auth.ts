/**
 * How a scoring request to an online endpoint is authenticated, by the endpoint's auth mode:
 * - Key: `Authorization: Bearer <primary or secondary key>` (constant-time compare);
 * - AMLToken: a token from `POST …/onlineEndpoints/{ep}/token` — a JWT signed by the platform's token service
 *   whose audience names this endpoint instance (so it is worthless anywhere else, and after re-creation);
 * - AADToken: an Entra access token for `https://ml.azure.com`; the caller then needs
 *   `…/onlineEndpoints/score/action` on the endpoint (the scoring router asks the authorizer).
 * Also: finding an endpoint by its scoring host name.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { ApiError } from '../../shared/errors.js';
import { safeEqual } from '../../shared/ids.js';
import { TokenError, type TokenSubject } from '../../identity/types.js';
import { bearerToken } from '../../identity/bearer-authenticator.js';
import { endpointIdByName, getEndpoint, getEndpointKeys, type EndpointRecord } from './ml-records.js';

export type ScoringAuthKind = 'key' | 'aml_token' | 'aad_token';

export interface ScoringAuth {
  kind: ScoringAuthKind;
  /** The verified caller for token modes (for `score/action` with aad_token). */
  principal?: Principal;
}

/** Audiences of an Entra token for Azure ML (`aad_token`). */
export const ML_AAD_AUDIENCES: readonly string[] = ['https://ml.azure.com', 'https://ml.azure.com/'];

/** RBAC action an aad_token caller needs on the endpoint. */
export const SCORE_ACTION = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action';

export const AML_TOKEN_LIFETIME_SECONDS = 3600;

/** The `aud` of AML tokens for one endpoint instance. */
export function amlTokenAudience(ep: EndpointRecord): string {
  return `https://ml.azure.com/onlineEndpoints/${ep.internal?.uid ?? ep.id.toLowerCase()}`;
}

function unauthorized(code: string, message: string): ApiError {
  return new ApiError(401, code, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

export const scoringAuthErrors = {
  missing: () => unauthorized('MissingAuthorization', "The request has no 'Authorization: Bearer <key or token>' header."),
  badKey: () => unauthorized('InvalidKey', 'The key in the Authorization header is not a key of this endpoint. Get the keys with `az ml online-endpoint get-credentials`.'),
  badToken: (detail: string) => unauthorized('InvalidToken', `The token in the Authorization header is not valid for this endpoint: ${detail}`),
  expired: () => unauthorized('TokenExpired', 'The token in the Authorization header has expired. Get a new one.'),
  unknownEndpoint: () => unauthorized('EndpointNotFound', 'The endpoint does not exist.'),
};

function tokenFailure(e: unknown): ApiError {
  if (e instanceof TokenError) return e.reason === 'expired' ? scoringAuthErrors.expired() : scoringAuthErrors.badToken(e.message);
  throw e;
}

/**
 * Authenticates a scoring request for `endpointId` from its `Authorization` header value.
 * Throws ApiError 401 (codes MissingAuthorization, InvalidKey, InvalidToken, TokenExpired, EndpointNotFound).
 */
export async function authenticateScoringRequest(ctx: PlatformContext, endpointId: string, authorizationHeader: string | string[] | undefined): Promise<ScoringAuth> {
  const ep = getEndpoint(ctx, endpointId);
  if (!ep) throw scoringAuthErrors.unknownEndpoint();
  const token = bearerToken(authorizationHeader);
  if (!token) throw scoringAuthErrors.missing();
  const mode = ep.properties.authMode;
  if (mode === 'Key') {
    const keys = getEndpointKeys(ctx, ep.id);
    // Both comparisons always run: the time taken does not tell which key matched.
    const primary = keys ? safeEqual(token, keys.primaryKey) : false;
    const secondary = keys ? safeEqual(token, keys.secondaryKey) : false;
    if (!primary && !secondary) throw scoringAuthErrors.badKey();
    return { kind: 'key' };
  }
  const audiences = mode === 'AMLToken' ? [amlTokenAudience(ep)] : ML_AAD_AUDIENCES;
  try {
    const principal = await ctx.tokens.verifyAccessToken(token, audiences);
    return { kind: mode === 'AMLToken' ? 'aml_token' : 'aad_token', principal };
  } catch (e) {
    throw tokenFailure(e);
  }
}

/** What the token service needs to sign an AML token for the caller. */
export function subjectOf(principal: Principal): TokenSubject {
  const kind = principal.type === 'User' ? 'user' : principal.miResourceId ? 'managedIdentity' : 'servicePrincipal';
  return {
    objectId: principal.objectId,
    tenantId: principal.tenantId,
    kind,
    ...(principal.appId ? { appId: principal.appId } : {}),
    ...(principal.upn ? { upn: principal.upn } : {}),
    ...(principal.displayName ? { name: principal.displayName } : {}),
    ...(principal.miResourceId ? { miResourceId: principal.miResourceId } : {}),
  };
}

const HOST = /^([a-z][-a-z0-9]*)\.([a-z0-9]+)\.inference\.ml\.azure\.com$/;

/** The endpoint behind `<endpoint>.<region>.inference.ml.azure.com` (port and case ignored), if any. */
export function findEndpointByHost(ctx: PlatformContext, host: string): EndpointRecord | undefined {
  const m = HOST.exec(host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, ''));
  if (!m) return undefined;
  const id = endpointIdByName(ctx, m[1], m[2]);
  return id ? getEndpoint(ctx, id) : undefined;
}
