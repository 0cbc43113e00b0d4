/**
 * The Blob service's error dialect: `<Error><Code/><Message>text\nRequestId:…\nTime:…</Message>…</Error>` with
 * `x-ms-error-code`, and the error codes/messages the service uses (copied verbatim, including its typos).
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../../shared/errors.js';
import type { RequestContext } from '../../http/operation.js';
import { el, xmlDocument } from './blob-xml.js';
import { storageIsoTime } from './blob-time.js';

export const STORAGE_RESOURCE = 'https://storage.azure.com';

function err(status: number, code: string, message: string, extra?: Record<string, string>, headers?: Record<string, string>): ApiError {
  return new ApiError(status, code, message, { extra, headers });
}

export const blobErrors = {
  containerNotFound: () => err(404, 'ContainerNotFound', 'The specified container does not exist.'),
  blobNotFound: () => err(404, 'BlobNotFound', 'The specified blob does not exist.'),
  resourceNotFound: () => err(404, 'ResourceNotFound', 'The specified resource does not exist.'),
  containerAlreadyExists: () => err(409, 'ContainerAlreadyExists', 'The specified container already exists.'),
  blobAlreadyExists: () => err(409, 'BlobAlreadyExists', 'The specified blob already exists.'),
  invalidResourceName: () => err(400, 'InvalidResourceName', 'The specifed resource name contains invalid characters.'),
  outOfRangeInput: () => err(400, 'OutOfRangeInput', 'One of the request inputs is out of range.'),
  invalidUri: () => err(400, 'InvalidUri', 'The requested URI does not represent any resource on the server.'),
  invalidBlockList: () => err(400, 'InvalidBlockList', 'The specified block list is invalid.'),
  invalidBlobOrBlock: () => err(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.'),
  invalidMetadata: () => err(400, 'InvalidMetadata', 'The metadata specified is invalid. It has characters that are not permitted.'),
  conditionNotMet: () => err(412, 'ConditionNotMet', 'The condition specified using HTTP conditional header(s) is not met.'),
  unsupportedVerb: () => err(405, 'UnsupportedHttpVerb', "The resource doesn't support specified Http Verb."),
  missingContentLength: () => err(411, 'MissingContentLengthHeader', 'Content-Length HTTP header is missing.'),
  invalidRange: (size: number) =>
    err(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.', undefined, { 'Content-Range': `bytes */${size}` }),
  invalidHeaderValue: (name: string, value: string) =>
    err(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.', { HeaderName: name, HeaderValue: value }),
  missingRequiredHeader: (name: string) =>
    err(400, 'MissingRequiredHeader', "An HTTP header that's mandatory for this request is not specified.", { HeaderName: name }),
  invalidQueryParameterValue: (name: string, value: string, reason?: string) =>
    err(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', {
      QueryParameterName: name,
      QueryParameterValue: value,
      ...(reason ? { Reason: reason } : {}),
    }),
  missingRequiredQueryParameter: (name: string) =>
    err(400, 'MissingRequiredQueryParameter', "A query parameter that's mandatory for this request is not specified.", { QueryParameterName: name }),
  md5Mismatch: (user: string, server: string) =>
    err(400, 'Md5Mismatch', 'The MD5 value specified in the request did not match with the MD5 value calculated by the server.', {
      UserSpecifiedMd5: user,
      ServerCalculatedMd5: server,
    }),
  requestBodyTooLarge: (limit: number) =>
    err(413, 'RequestBodyTooLarge', 'The request body is too large and exceeds the maximum permissible limit.', { MaxLimit: String(limit) }),
  authenticationFailed: (detail: string) =>
    err(
      403,
      'AuthenticationFailed',
      'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
      { AuthenticationErrorDetail: detail },
    ),
  keyBasedAuthNotPermitted: () => err(403, 'KeyBasedAuthenticationNotPermitted', 'Key based authentication is not permitted on this storage account.'),
  permissionMismatch: (explanation?: string) =>
    err(
      403,
      'AuthorizationPermissionMismatch',
      'This request is not authorized to perform this operation using this permission.',
      undefined,
      explanation ? { 'x-ms-cerulean-explanation': headerSafe(explanation) } : undefined,
    ),
};

/** The bearer challenge the Blob service sends with 401s. */
export function bearerChallenge(tenantId: string): string {
  return `Bearer authorization_uri=https://login.microsoftonline.com/${tenantId}/oauth2/authorize resource_id=${STORAGE_RESOURCE}`;
}

/** 401 for a request without credentials. */
export function noAuthenticationInformation(tenantId: string): ApiError {
  return err(
    401,
    'NoAuthenticationInformation',
    'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
    undefined,
    { 'WWW-Authenticate': bearerChallenge(tenantId) },
  );
}

/** 401 for a bearer token that failed validation. */
export function invalidAuthenticationInfo(tenantId: string, detail: string): ApiError {
  return err(
    401,
    'InvalidAuthenticationInfo',
    'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
    { AuthenticationErrorDetail: detail },
    { 'WWW-Authenticate': bearerChallenge(tenantId) },
  );
}

/** A single line of printable Latin-1 that Node accepts as a header value. */
export function headerSafe(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/g, '?').trim();
}

let dateSecond = NaN;
let dateText = '';

/** The `Date` header value, formatted once per second. */
function httpDate(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(nowMs).toUTCString();
  }
  return dateText;
}

/** Headers every Blob response carries (set before anything can fail). */
export function setServiceHeaders(res: ServerResponse, version: string, ctx: RequestContext, nowMs: number): void {
  res.setHeader('Server', 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0');
  res.setHeader('x-ms-version', version);
  res.setHeader('Date', httpDate(nowMs));
  const client = ctx.req.headers['x-ms-client-request-id'];
  if (typeof client === 'string' && client.length > 0) res.setHeader('x-ms-client-request-id', headerSafe(client));
}

export function renderStorageError(res: ServerResponse, error: ApiError, ctx: RequestContext | undefined, nowMs: number): void {
  const requestId = ctx?.requestId ?? String(res.getHeader('x-ms-request-id') ?? '');
  const message = `${error.message}\nRequestId:${requestId}\nTime:${storageIsoTime(nowMs)}`;
  const extras = Object.entries(error.extra)
    .map(([k, v]) => el(k, String(v)))
    .join('');
  const body = Buffer.from(xmlDocument(`<Error>${el('Code', error.code)}${el('Message', message)}${extras}</Error>`), 'utf8');
  res.statusCode = error.status;
  for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
  if (requestId) res.setHeader('x-ms-request-id', requestId);
  res.setHeader('x-ms-error-code', error.code);
  res.setHeader('Content-Type', 'application/xml');
  if (ctx?.method === 'HEAD') {
    // HEAD answers carry no body; the SDKs read the code from x-ms-error-code.
    res.setHeader('Content-Length', 0);
    res.end();
    return;
  }
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
