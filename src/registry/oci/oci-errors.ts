/**
 * The registry's error dialect: `{"errors":[{"code","message","detail"}]}` with the Distribution API codes and
 * ACR's messages, `Docker-Distribution-Api-Version` on every answer and the Bearer challenge on 401s.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../../shared/errors.js';

export const API_VERSION_HEADER = 'Docker-Distribution-Api-Version';
export const API_VERSION = 'registry/2.0';
export const EXPLANATION_HEADER = 'x-ms-cerulean-explanation';

export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

function oci(status: number, code: string, message: string, detail?: unknown, headers?: Record<string, string>): ApiError {
  return new ApiError(status, code, message, { extra: detail === undefined ? {} : { detail }, headers });
}

/** `Bearer realm="…/oauth2/token",service="…"[,scope="…"]` — no spaces after commas (az splits on them). */
export function challenge(realmOrigin: string, service: string, scope?: string): string {
  const parts = [`realm="${realmOrigin}/oauth2/token"`, `service="${service}"`];
  if (scope) parts.push(`scope="${scope}"`);
  return `Bearer ${parts.join(',')}`;
}

export function scopeString(entries: AccessEntry[]): string {
  return entries.map((e) => `${e.type}:${e.name}:${e.actions.join(',')}`).join(' ');
}

export const ociErrors = {
  unauthorized: (realmOrigin: string, service: string, needed: AccessEntry[], message = 'authentication required, visit https://aka.ms/acr/authorization for more information.') =>
    oci(
      401,
      'UNAUTHORIZED',
      message,
      needed.flatMap((e) => e.actions.map((a) => ({ Type: e.type, Name: e.name, Action: a }))),
      { 'WWW-Authenticate': challenge(realmOrigin, service, needed.length ? scopeString(needed) : undefined) },
    ),
  denied: (explanation: string) =>
    oci(403, 'DENIED', 'requested access to the resource is denied', undefined, { [EXPLANATION_HEADER]: explanation.replace(/[\r\n]+/g, ' ') }),
  nameUnknown: (name: string) => oci(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name }),
  nameInvalid: (name: string) => oci(400, 'NAME_INVALID', 'invalid repository name', { name }),
  tagInvalid: (tag: string) => oci(400, 'TAG_INVALID', 'manifest tag did not match URI', { Tag: tag }),
  manifestUnknownTag: (tag: string) => oci(404, 'MANIFEST_UNKNOWN', `manifest tagged by "${tag}" is not found`, { Tag: tag }),
  manifestUnknownDigest: (digest: string) => oci(404, 'MANIFEST_UNKNOWN', 'manifest unknown', { Digest: digest }),
  manifestInvalid: (reason: string) => oci(400, 'MANIFEST_INVALID', 'manifest invalid', { reason }),
  manifestBlobUnknown: (digest: string) => oci(400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', digest),
  blobUnknown: (digest: string) => oci(404, 'BLOB_UNKNOWN', 'blob unknown to registry', digest),
  blobUploadUnknown: (uuid: string) => oci(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', uuid),
  blobUploadInvalid: (reason: string) => oci(400, 'BLOB_UPLOAD_INVALID', 'blob upload invalid', reason),
  rangeInvalid: (size: number) =>
    oci(416, 'BLOB_UPLOAD_INVALID', 'blob upload invalid', 'Content-Range does not continue the upload', { Range: `0-${Math.max(0, size - 1)}` }),
  digestInvalid: (detail: string) => oci(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', detail),
  sizeInvalid: (detail: string) => oci(400, 'SIZE_INVALID', 'provided length did not match content length', detail),
  paginationInvalid: (n: string) => oci(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n }),
  rangeNotSatisfiable: (size: number) => oci(416, 'RANGE_INVALID', 'requested range not satisfiable', undefined, { 'Content-Range': `bytes */${size}` }),
  unsupported: (message = 'The operation is unsupported.') => oci(405, 'UNSUPPORTED', message),
  notFound: () => oci(404, 'NOT_FOUND', 'The requested resource was not found.'),
  registryUnknown: (host: string) => oci(404, 'NAME_UNKNOWN', `registry '${host}' not found`, { registry: host }),
  tooLarge: (max: number) => oci(413, 'SIZE_INVALID', `content larger than the ${max} bytes allowed`),
};

/** Status → code for errors raised outside this plane's vocabulary (body reader, unexpected failures). */
function codeFor(err: ApiError): string {
  if (/^[A-Z_]+$/.test(err.code)) return err.code;
  if (err.status === 413) return 'SIZE_INVALID';
  if (err.status === 401) return 'UNAUTHORIZED';
  if (err.status === 403) return 'DENIED';
  if (err.status >= 500) return 'UNKNOWN';
  return 'UNSUPPORTED';
}

export function renderOciError(res: ServerResponse, err: ApiError, isHead: boolean): void {
  res.statusCode = err.status;
  res.setHeader(API_VERSION_HEADER, API_VERSION);
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  const entry: Record<string, unknown> = { code: codeFor(err), message: err.status >= 500 && !/^[A-Z_]+$/.test(err.code) ? 'unknown error' : err.message };
  if (err.extra.detail !== undefined) entry.detail = err.extra.detail;
  const buf = Buffer.from(JSON.stringify({ errors: [entry] }), 'utf8');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', buf.length);
  res.end(isHead ? undefined : buf);
}
