/**
 * CORS for the studio's origins, on every plane, decided once per request before routing and authentication:
 * a preflight from a studio origin is answered here (204); any other request from a studio origin gets
 * `Access-Control-Allow-Origin` and the exposed headers set on the response before a handler writes, so successes,
 * errors and streamed bodies all carry them. Other origins get no CORS header (and their preflights are refused).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../shared/errors.js';

/** Response headers the studio's pages read (`*` covers the rest, e.g. `x-ms-meta-*`, for requests without credentials). */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  'x-ms-request-id',
  'x-ms-client-request-id',
  'x-ms-correlation-request-id',
  'x-ms-routing-request-id',
  'x-ms-error-code',
  'x-ms-version',
  'x-ms-blob-type',
  'x-ms-blob-content-md5',
  'x-ms-lease-state',
  'x-ms-lease-status',
  'x-ms-creation-time',
  'x-ms-access-tier',
  'x-ms-server-encrypted',
  'x-ms-has-immutability-policy',
  'x-ms-has-legal-hold',
  'x-ms-cerulean-explanation',
  'x-ms-ratelimit-remaining-subscription-reads',
  'x-ms-ratelimit-remaining-subscription-writes',
  'ETag',
  'Last-Modified',
  'Content-Range',
  'Content-Length',
  'Content-Type',
  'Content-MD5',
  'Content-Encoding',
  'Content-Disposition',
  'Accept-Ranges',
  'Location',
  'Link',
  'Azure-AsyncOperation',
  'Retry-After',
  'WWW-Authenticate',
  'azureml-model-deployment',
  'ms-azureml-model-error-statuscode',
  'ms-azureml-model-error-reason',
  'x-request-id',
  'Docker-Content-Digest',
  'Docker-Distribution-Api-Version',
  'Docker-Upload-UUID',
  'Range',
  '*',
];

export const CORS_ALLOWED_METHODS = 'GET, HEAD, PUT, POST, PATCH, DELETE, OPTIONS';
export const CORS_MAX_AGE_SECONDS = 600;

const EXPOSED = CORS_EXPOSED_HEADERS.join(', ');
/** What a requested-headers list may contain to be echoed back (header names separated by commas). */
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

export type CorsOutcome =
  /** No `Origin` header: not a cross-origin request (or not from a browser). */
  | 'none'
  /** From an origin that is not the studio's: nothing added. */
  | 'foreign'
  /** From a studio origin: the CORS headers are set on the response; the request proceeds. */
  | 'allowed'
  /** A preflight from a studio origin, answered (204) here. */
  | 'preflight'
  /** A preflight from another origin: refuse it (403) without routing. */
  | 'preflight-refused';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
}

/**
 * Applies CORS for `origins` to one request. For `'preflight'` the response has been sent; for `'preflight-refused'`
 * the caller renders the refusal (in its plane's dialect, see `corsPreflightRefused`).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: ReadonlySet<string> | undefined): CorsOutcome {
  const origin = single(req.headers.origin);
  if (origin === undefined) return 'none';
  const allowed = origins !== undefined && origins.has(origin);
  if (isPreflight(req)) {
    if (!allowed) return 'preflight-refused';
    res.statusCode = 204;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    res.setHeader('Access-Control-Allow-Methods', CORS_ALLOWED_METHODS);
    const requested = single(req.headers['access-control-request-headers'])?.trim();
    if (requested && HEADER_LIST.test(requested)) res.setHeader('Access-Control-Allow-Headers', requested);
    if (single(req.headers['access-control-request-private-network']) === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
    res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE_SECONDS));
    res.end();
    return 'preflight';
  }
  if (!allowed) return 'foreign';
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  return 'allowed';
}

/** The refusal of a preflight from an origin that is not allowed (Azure Storage's words for it). */
export function corsPreflightRefused(): ApiError {
  return new ApiError(403, 'CorsPreflightFailure', 'CORS not enabled or no matching rule found for this request.');
}
