/**
 * Microsoft Graph error dialect: codes and messages as Graph v1.0 returns them, and the JSON envelope
 * `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../shared/errors.js';
import type { RequestContext } from '../http/operation.js';

export function resourceNotFound(id: string): ApiError {
  return new ApiError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function insufficientPrivileges(): ApiError {
  return new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

export function badRequest(message: string, details?: Array<{ code: string; message?: string; target: string }>): ApiError {
  return new ApiError(400, 'Request_BadRequest', message, {
    details: details?.map((d) => ({ code: d.code, message: d.message ?? message, target: d.target })),
  });
}

export function objectConflict(property: string): ApiError {
  return badRequest(`Another object with the same value for property ${property} already exists.`, [
    { code: 'ObjectConflict', target: property },
  ]);
}

export function servicePrincipalNameInUse(name: string): ApiError {
  return new ApiError(
    409,
    'Request_MultipleObjectsWithSameKeyValue',
    `The service principal cannot be created, updated, or restored because the service principal name ${name} is already in use.`,
  );
}

export function valueRequired(property: string, resource: string): ApiError {
  return badRequest(`A value is required for property '${property}' of resource '${resource}'.`);
}

export function invalidValue(property: string, resource: string): ApiError {
  return badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.`);
}

export function unknownProperty(property: string): ApiError {
  return badRequest(`Property '${property}' does not exist as a declared property or extension property.`);
}

export function readOnlyProperty(property: string): ApiError {
  return badRequest(`Property '${property}' is read-only and cannot be set.`);
}

export function invalidFilter(detail: string): ApiError {
  return new ApiError(400, 'BadRequest', `Invalid filter clause: ${detail}`);
}

export function emptyToken(): ApiError {
  return new ApiError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
}

/** Graph's 401 messages for token failures, keyed by the token service's failure reasons. */
const TOKEN_FAILURE_MESSAGES: Record<string, string> = {
  malformed: 'IDX14100: JWT is not well formed, there are no dots (.).',
  'bad-audience': 'Access token validation failure. Invalid audience.',
  'bad-issuer': 'Access token validation failure. Invalid issuer.',
  expired: 'Lifetime validation failed, the token is expired.',
  'not-yet-valid': 'Lifetime validation failed, the token is not yet valid.',
  'bad-signature': 'Access token validation failure.',
  'unknown-key': 'Access token validation failure.',
  'unsupported-alg': 'Access token validation failure.',
};

/** The Graph 401 for a token that failed verification for `reason` (the token service's TokenErrorReason). */
export function invalidToken(reason: string | undefined): ApiError {
  const message = (reason && TOKEN_FAILURE_MESSAGES[reason]) ?? 'Access token validation failure.';
  return new ApiError(401, 'InvalidAuthenticationToken', message, { extra: reason ? { reason } : {} });
}

/** Errors raised by shared pipeline steps, in Graph's words: every authentication failure is
 *  `InvalidAuthenticationToken` (using `extra.reason` when present), an unreadable body is `BadRequest`. */
export function toGraphError(err: ApiError): ApiError {
  if (err.code === 'InvalidRequestContent') {
    return new ApiError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  if (err.status !== 401 || err.code === 'InvalidAuthenticationToken') return err;
  const e = invalidToken(typeof err.extra.reason === 'string' ? err.extra.reason : undefined);
  return new ApiError(401, e.code, e.message, { headers: err.headers });
}

/** Graph's innerError date: UTC, seconds precision, no zone designator (e.g. `2024-05-01T10:11:12`). */
export function graphErrorDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function graphErrorBody(err: ApiError, requestId: string, clientRequestId: string, nowMs: number): unknown {
  const error: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.details?.length) error.details = err.details;
  error.innerError = { date: graphErrorDate(nowMs), 'request-id': requestId, 'client-request-id': clientRequestId };
  return { error };
}

export function renderGraphError(res: ServerResponse, err: ApiError, ctx: RequestContext | undefined, nowMs: number): void {
  const e = toGraphError(err);
  const requestId = ctx?.requestId ?? '00000000-0000-0000-0000-000000000000';
  const clientHeader = ctx?.req.headers['client-request-id'];
  const clientRequestId = (Array.isArray(clientHeader) ? clientHeader[0] : clientHeader) ?? requestId;
  const body = JSON.stringify(graphErrorBody(e, requestId, clientRequestId, nowMs));
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'request-id': requestId,
    'client-request-id': clientRequestId,
    ...e.headers,
  };
  if (e.status === 401 && !e.headers['www-authenticate']) {
    headers['www-authenticate'] =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
  }
  res.writeHead(e.status, headers);
  res.end(ctx?.method === 'HEAD' ? undefined : body);
}
