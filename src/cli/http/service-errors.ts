/** Turns ARM, Graph and token-service error responses into the errors az prints. */
import { STATUS_CODES } from 'node:http';
import { CliError, ServiceError } from '../errors.js';
import type { HttpResponse } from './transport.js';
import { parseJsonBody } from './http-client.js';

interface ErrorEnvelope {
  error?: { code?: string; message?: string } | string;
  error_description?: string;
  code?: string;
  message?: string;
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

/** ARM: `ERROR: (Code) message` + `Code:` / `Message:` lines (azure-core HttpResponseError). */
export function armError(res: HttpResponse): ServiceError {
  const body = parseJsonBody(res.text);
  const { code, message } = envelope(body);
  if (code || message) return new ServiceError(res.status, code, message ?? '', body, 'arm');
  return new ServiceError(res.status, undefined, `Operation returned an invalid status '${statusText(res.status)}'`, body, 'plain');
}

/** Microsoft Graph: az 2.45 prints only the message. */
export function graphError(res: HttpResponse): ServiceError {
  const body = parseJsonBody(res.text);
  const { code, message } = envelope(body);
  return new ServiceError(res.status, code, message ?? `Operation returned an invalid status '${statusText(res.status)}'`, body, 'plain');
}

/** Token service (OAuth2 error JSON): az prints `error_description`. */
export function tokenError(res: HttpResponse): CliError {
  const body = parseJsonBody(res.text) as ErrorEnvelope | string | undefined;
  if (body && typeof body === 'object') {
    const description = body.error_description ?? (typeof body.error === 'string' ? body.error : undefined);
    if (description) return new CliError(description.split(/\r?\n/)[0]);
  }
  return new CliError(`Token request failed: ${res.status} ${statusText(res.status)}`);
}

function envelope(body: unknown): { code?: string; message?: string } {
  if (!body || typeof body !== 'object') return {};
  const e = body as ErrorEnvelope;
  if (e.error && typeof e.error === 'object') return { code: e.error.code, message: e.error.message };
  if (typeof e.code === 'string' || typeof e.message === 'string') return { code: e.code, message: e.message };
  return {};
}
