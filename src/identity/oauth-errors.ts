/**
 * The login plane's error dialect: Entra's OAuth error JSON
 * `{error, error_description:"AADSTS…: …\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …", error_codes, timestamp,
 * trace_id, correlation_id, error_uri}`, and the AADSTS errors the token and discovery endpoints raise.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../shared/errors.js';
import type { RequestContext } from '../http/operation.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import { isGuid } from '../shared/ids.js';

const OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_tenant',
  'invalid_instance',
  'unsupported_response_type',
  'interaction_required',
  'login_required',
  'temporarily_unavailable',
  'server_error',
  'not_found',
]);

/** An Entra error: `error` code, AADSTS number and message (without the `AADSTS…: ` prefix). */
export function oauthError(status: number, error: string, aadsts: number, message: string): ApiError {
  return new ApiError(status, error, `AADSTS${aadsts}: ${message}`, { extra: { errorCodes: [aadsts] } });
}

/** `2024-05-01 12:34:56Z`, Entra's timestamp format. */
export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export function renderOAuthError(res: ServerResponse, err: ApiError, ctx: RequestContext | undefined, clock: Clock, ids: IdGenerator): void {
  const traceId = ctx?.requestId ?? ids.uuid();
  const sent = ctx?.req.headers['client-request-id'];
  const correlationId = typeof sent === 'string' && isGuid(sent) ? sent : ids.uuid();
  const timestamp = entraTimestamp(clock.now());
  const errorCodes = (err.extra.errorCodes as number[] | undefined) ?? [];
  const error = OAUTH_ERRORS.has(err.code) ? err.code : err.status >= 500 ? 'server_error' : 'invalid_request';
  const body: Record<string, unknown> = {
    error,
    error_description: `${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: errorCodes,
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  };
  if (errorCodes.length > 0) body.error_uri = `https://login.microsoftonline.com/error?code=${errorCodes[0]}`;
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = err.status;
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store, no-cache');
  res.setHeader('pragma', 'no-cache');
  res.setHeader('x-ms-request-id', traceId);
  if (typeof sent === 'string') res.setHeader('client-request-id', sent);
  res.setHeader('content-length', buf.length);
  res.end(buf);
}

// ---- the AADSTS errors used by the login plane ----

export function tenantNotFound(tenant: string): ApiError {
  if (!isGuid(tenant) && !tenant.includes('.')) {
    return oauthError(400, 'invalid_tenant', 900023, `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`);
  }
  return oauthError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
      'Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.',
  );
}

export function missingParameter(name: string): ApiError {
  return oauthError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
}

export function unsupportedGrantType(grant: string): ApiError {
  return oauthError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
}

export function applicationNotFound(appId: string, tenantId: string): ApiError {
  return oauthError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${appId}' was not found in the directory '${tenantId}'. This can happen if the application has not been ` +
      'installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.',
  );
}

export function servicePrincipalMissing(appId: string, tenantId: string): ApiError {
  return oauthError(
    400,
    'invalid_client',
    7000229,
    `The client application ${appId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  );
}

export function invalidClientSecret(appId: string): ApiError {
  return oauthError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
  );
}

export function clientSecretRequired(): ApiError {
  return oauthError(401, 'invalid_client', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
}

export function applicationDisabled(appId: string, name: string): ApiError {
  return oauthError(400, 'unauthorized_client', 7000112, `Application '${appId}'(${name}) is disabled.`);
}

export function invalidDefaultScope(scope: string): ApiError {
  return oauthError(
    400,
    'invalid_scope',
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );
}

export function badUserCredentials(): ApiError {
  return oauthError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.');
}

export function userNotFound(upn: string, tenantId: string): ApiError {
  return oauthError(
    400,
    'invalid_grant',
    50034,
    `The user account ${upn} does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
  );
}

export function userDisabled(): ApiError {
  return oauthError(400, 'invalid_grant', 50057, 'The user account is disabled.');
}

export function invalidRefreshToken(): ApiError {
  return oauthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
}

export function refreshTokenExpired(issuedAt: string): ApiError {
  return oauthError(
    400,
    'invalid_grant',
    700082,
    `The refresh token has expired due to inactivity. The token was issued on ${issuedAt} and was inactive for 90.00:00:00.`,
  );
}

export function refreshTokenClientMismatch(): ApiError {
  return oauthError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
}

export function unknownInstance(): ApiError {
  return oauthError(
    400,
    'invalid_instance',
    50049,
    'Unknown or invalid instance.',
  );
}

export function responseTypeNotEnabled(responseType: string): ApiError {
  const idToken = responseType.split(/\s+/).includes('id_token') && !responseType.split(/\s+/).includes('token');
  return oauthError(400, 'unsupported_response_type', idToken ? 700054 : 700051, `response_type '${idToken ? 'id_token' : 'token'}' is not enabled for the application.`);
}

// ---- the authorization code grant with PKCE ----

export function redirectUriMismatch(redirectUri: string, appId: string): ApiError {
  return oauthError(
    400,
    'invalid_request',
    50011,
    `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. ` +
      'Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. ' +
      'Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.',
  );
}

export function pkceRequired(): ApiError {
  return oauthError(400, 'invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
}

export function invalidCodeChallengeMethod(): ApiError {
  return oauthError(400, 'invalid_request', 50149, 'Invalid Code_Challenge_method parameter.');
}

export function invalidCodeChallengeSize(): ApiError {
  return oauthError(400, 'invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
}

export function silentSignInWithoutSession(): ApiError {
  return oauthError(400, 'login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
}

export function flowTokenExpired(): ApiError {
  return oauthError(400, 'invalid_request', 50089, 'Authentication failed due to flow token expired.');
}

export function authorizationCodeExpired(): ApiError {
  return oauthError(
    400,
    'invalid_grant',
    70008,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  );
}

export function authorizationCodeRedeemed(): ApiError {
  return oauthError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
}

export function codeVerifierMissing(): ApiError {
  return oauthError(400, 'invalid_grant', 50148, 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.');
}

export function codeVerifierMismatch(): ApiError {
  return oauthError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
}

export function replyAddressMismatch(sent: string, original: string): ApiError {
  return oauthError(
    400,
    'invalid_grant',
    500112,
    `The reply address '${sent}' does not match the reply address '${original}' provided when requesting Authorization code.`,
  );
}

export function publicClientSecretPresented(): ApiError {
  return oauthError(401, 'invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
}
