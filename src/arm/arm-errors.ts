/**
 * ARM's error dialect: `{"error":{"code","message","target"?,"details"?,"additionalInfo"?}}` with the request
 * id headers, and the exact 401/403 answers ARM gives for missing, expired, mis-addressed and denied tokens.
 */
import type { ServerResponse } from 'node:http';
import { ApiError, type ErrorDetail } from '../shared/errors.js';
import type { RequestContext } from '../http/operation.js';
import type { DenialInfo } from '../http/plane.js';
import { principalDisplayId, type Principal } from '../shared/principal.js';
import { TokenError } from '../identity/types.js';
import { authorizationFailedMessage } from '../authz/explain.js';

/** Audiences ARM names in `InvalidAuthenticationTokenAudience`. */
const ARM_AUDIENCE_LIST =
  "'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'";

/** Error codes ARM's front door answers itself (`x-ms-failure-cause: gateway`). */
const GATEWAY_CODES = new Set([
  'AuthenticationFailed',
  'AuthenticationFailedMissingToken',
  'InvalidAuthenticationToken',
  'InvalidAuthenticationTokenAudience',
  'InvalidAuthenticationTokenTenant',
  'ExpiredAuthenticationToken',
  'AuthorizationFailed',
  'LinkedAuthorizationFailed',
  'MissingApiVersionParameter',
  'InvalidApiVersionParameter',
  'NoRegisteredProviderFound',
  'InvalidResourceNamespace',
  'InvalidResourceType',
  'SubscriptionNotFound',
  'ResourceGroupNotFound',
  'InvalidSubscriptionId',
]);

export function wwwAuthenticate(tenantId: string, description: string): string {
  return `Bearer authorization_uri="https://login.windows.net/${tenantId}", error="invalid_token", error_description="${description}"`;
}

function unauthorized(code: string, message: string, tenantId: string, description: string): ApiError {
  return new ApiError(401, code, message, { headers: { 'WWW-Authenticate': wwwAuthenticate(tenantId, description) } });
}

/** 401 for a request without an `Authorization` header. */
export function armUnauthenticated(tenantId: string): ApiError {
  return unauthorized(
    'AuthenticationFailed',
    "Authentication failed. The 'Authorization' header is missing.",
    tenantId,
    "The authentication failed because of missing 'Authorization' header.",
  );
}

/** Formats a time the way ARM prints token times: `M/d/yyyy h:mm:ss AM` (UTC). */
export function armUtcTime(ms: number): string {
  const d = new Date(ms);
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ` +
    `${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h24 < 12 ? 'AM' : 'PM'}`
  );
}

function numberDetail(detail: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = detail[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  }
  return undefined;
}

/**
 * Maps a token verification failure (or a missing token) to ARM's 401 (the bearer authenticator's `onError`).
 * The challenge names the `common` tenant; the ARM plane's renderer puts its own tenant there.
 */
export function armTokenError(e: TokenError | 'missing', _ctx?: RequestContext): ApiError {
  const tenantId = 'common';
  if (e === 'missing') return armUnauthenticated(tenantId);
  if (e instanceof TokenError && e.reason === 'expired') {
    const exp = numberDetail(e.detail, 'exp', 'expiresOn');
    const now = numberDetail(e.detail, 'now') ?? Math.floor(Date.now() / 1000);
    const expText = armUtcTime((exp ?? now) * 1000);
    return unauthorized(
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${expText}' is earlier than current UTC time '${armUtcTime(now * 1000)}'.`,
      tenantId,
      'The access token is expired.',
    );
  }
  if (e instanceof TokenError && e.reason === 'bad-audience') {
    const raw = e.detail.aud ?? e.detail.audience;
    const aud = Array.isArray(raw) ? raw.join(',') : String(raw ?? '');
    return unauthorized(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCE_LIST}.`,
      tenantId,
      'The access token has been obtained for wrong audience or resource.',
    );
  }
  return unauthorized('InvalidAuthenticationToken', 'The access token is invalid.', tenantId, 'The authentication failed because the access token is invalid.');
}

const ROLE_ASSIGNMENT_WRITE_OR_DELETE = /^microsoft\.authorization\/roleassignments\/(write|delete)$/i;

/** Azure's `AuthorizationFailed` message; role-assignment writes and deletes use the ABAC wording. */
export function authorizationFailedText(principal: Principal, action: string, scope: string): string {
  return authorizationFailedMessage(principalDisplayId(principal), principal.objectId, action, scope, ROLE_ASSIGNMENT_WRITE_OR_DELETE.test(action));
}

/**
 * 403 `AuthorizationFailed` for a denial. For role assignments ARM names the assignment id itself as the scope
 * (`…/providers/Microsoft.Authorization/roleAssignments/{id}`), so `messageScope` may differ from `info.scope`.
 */
export function armAuthorizationFailed(principal: Principal, info: DenialInfo, messageScope = info.scope): ApiError {
  return new ApiError(403, 'AuthorizationFailed', authorizationFailedText(principal, info.action, messageScope), {
    additionalInfo: [{ type: 'CeruleanAccessExplanation', info: { explanation: info.explanation, suggestions: info.suggestions } }],
  });
}

export function correlationIdOf(ctx: RequestContext | undefined): string | undefined {
  const h = ctx?.req.headers['x-ms-correlation-request-id'];
  const v = Array.isArray(h) ? h[0] : h;
  return v || ctx?.requestId;
}

function errorBody(err: ApiError): { error: ErrorDetail } {
  const error: ErrorDetail = { code: err.code, message: err.message };
  if (err.target !== undefined) error.target = err.target;
  if (err.details !== undefined) error.details = err.details;
  if (err.additionalInfo !== undefined) error.additionalInfo = err.additionalInfo;
  return { error };
}

/** Writes an ApiError as ARM does. `tenantId` fixes the tenant in 401 challenges. */
export function renderArmError(res: ServerResponse, err: ApiError, ctx: RequestContext | undefined, tenantId?: string): void {
  const requestId = ctx?.requestId ?? (res.getHeader('x-ms-request-id') as string | undefined);
  const buf = Buffer.from(JSON.stringify(errorBody(err)), 'utf8');
  res.statusCode = err.status;
  for (const [k, v] of Object.entries(err.headers)) {
    if (k.toLowerCase() === 'www-authenticate' && tenantId) {
      res.setHeader(k, v.replace(/authorization_uri="https:\/\/login\.windows\.net\/[^"]*"/, `authorization_uri="https://login.windows.net/${tenantId}"`));
    } else res.setHeader(k, v);
  }
  if (requestId) res.setHeader('x-ms-request-id', requestId);
  const correlation = correlationIdOf(ctx);
  if (correlation) res.setHeader('x-ms-correlation-request-id', correlation);
  res.setHeader('x-ms-failure-cause', GATEWAY_CODES.has(err.code) ? 'gateway' : 'service');
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  if (ctx?.method === 'HEAD') {
    res.setHeader('content-length', 0);
    res.end();
    return;
  }
  res.setHeader('content-length', buf.length);
  res.end(buf);
}
