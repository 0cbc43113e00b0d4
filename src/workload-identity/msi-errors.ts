/**
 * Errors of the workload token endpoints, in each protocol's dialect: IMDS and Azure ML answer
 * `{"error","error_description"}`; App Service answers `{"statusCode","message","correlationId"}`.
 * An identity the caller does not hold is a 400 (clients retry 404s as "IMDS is updating").
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../shared/errors.js';
import type { RequestContext } from '../http/operation.js';

export type MsiDialect = 'imds' | 'azureml' | 'appservice';

export function msiError(dialect: MsiDialect, status: number, error: string, description: string): ApiError {
  return new ApiError(status, error, description, { extra: { dialect } });
}

export function identityNotFound(dialect: MsiDialect): ApiError {
  if (dialect === 'appservice') return msiError(dialect, 400, 'IdentityNotFound', 'No Managed Identity found for specified ClientId/ResourceId/PrincipalId.');
  return msiError(dialect, 400, 'invalid_request', 'Identity not found');
}

export function resourceMissing(dialect: MsiDialect): ApiError {
  if (dialect === 'appservice') return msiError(dialect, 400, 'BadRequest', "Required query parameter 'resource' is missing.");
  return msiError(dialect, 400, 'invalid_request', 'Required audience parameter not specified');
}

export function metadataHeaderMissing(): ApiError {
  return msiError('imds', 400, 'bad_request_102', 'Required metadata header not specified');
}

/** A secret that is missing, wrong, or belongs to a workload that has exited. */
export function secretRefused(dialect: MsiDialect, header: string): ApiError {
  if (dialect === 'appservice') return msiError(dialect, 401, 'Unauthorized', `The '${header}' header is missing or invalid.`);
  return msiError(dialect, 401, 'invalid_request', `The '${header}' header is missing or does not belong to a running workload.`);
}

/** IMDS asked by something that is not a workload: "unreachable", so DefaultAzureCredential moves on. */
export function imdsUnreachable(): ApiError {
  return msiError(
    'imds',
    403,
    'unknown_source',
    "Cerulean's IMDS endpoint is unreachable for this caller: it answers only workloads started by Cerulean, whose proxy URL carries the workload's credentials.",
  );
}

export function renderMsiError(res: ServerResponse, err: ApiError, ctx?: RequestContext): void {
  const dialect = (err.extra.dialect as MsiDialect | undefined) ?? 'azureml';
  const body =
    dialect === 'appservice'
      ? { statusCode: err.status, message: err.message, correlationId: ctx?.requestId ?? '' }
      : err.status >= 500
        ? { error: 'unknown', error_description: err.message }
        : { error: err.code, error_description: err.message };
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = err.status;
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', buf.length);
  res.end(buf);
}
