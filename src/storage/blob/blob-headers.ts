/**
 * Request header reading (metadata with its original casing, content headers) and the property headers a blob is
 * answered with.
 */
import type { IncomingMessage } from 'node:http';
import type { BlobRecord } from './blob-records.js';
import { validateMetadataName } from './blob-names.js';
import { rfc1123 } from './blob-time.js';
import { requestHeader } from '../../http/request-header.js';

export const header = requestHeader;

/** `x-ms-meta-*` headers as a map, names in the casing the client sent. */
export function readMetadata(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    if (name.length <= 10 || name.slice(0, 10).toLowerCase() !== 'x-ms-meta-') continue;
    const key = name.slice(10);
    validateMetadataName(key);
    out[key] = raw[i + 1].trim();
  }
  return out;
}

export function metadataHeaders(meta: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) out[`x-ms-meta-${k}`] = v;
  return out;
}

export interface ContentProperties {
  contentType?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  cacheControl?: string;
}

/** Content properties from `x-ms-blob-content-*` (Put Block List, Set Blob Properties) or plain headers (Put Blob). */
export function readContentProperties(req: IncomingMessage, prefixed: boolean): ContentProperties {
  const pick = (plain: string, ms: string) => header(req, ms) ?? (prefixed ? undefined : header(req, plain));
  return {
    contentType: pick('content-type', 'x-ms-blob-content-type'),
    contentEncoding: pick('content-encoding', 'x-ms-blob-content-encoding'),
    contentLanguage: pick('content-language', 'x-ms-blob-content-language'),
    contentDisposition: pick('content-disposition', 'x-ms-blob-content-disposition'),
    cacheControl: pick('cache-control', 'x-ms-blob-cache-control'),
  };
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Headers of Get Blob / Get Blob Properties (without Content-Length / Content-Range / Content-MD5). */
export function blobPropertyHeaders(b: BlobRecord): Record<string, string> {
  const h: Record<string, string> = {
    'Last-Modified': rfc1123(b.lastModified),
    ETag: `"${b.etag}"`,
    'Content-Type': b.contentType ?? DEFAULT_CONTENT_TYPE,
    'Accept-Ranges': 'bytes',
    'x-ms-creation-time': rfc1123(b.createdOn),
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-lease-status': 'unlocked',
    'x-ms-lease-state': 'available',
    'x-ms-server-encrypted': 'true',
    ...metadataHeaders(b.metadata),
  };
  if (b.contentEncoding) h['Content-Encoding'] = b.contentEncoding;
  if (b.contentLanguage) h['Content-Language'] = b.contentLanguage;
  if (b.contentDisposition) h['Content-Disposition'] = b.contentDisposition;
  if (b.cacheControl) h['Cache-Control'] = b.cacheControl;
  if (b.blocks) h['x-ms-blob-committed-block-count'] = String(b.blocks.length);
  return h;
}

/** Headers of a successful write (Put Blob, Put Block List, Set Blob Properties/Metadata). */
export function writeHeaders(b: BlobRecord): Record<string, string> {
  return { ETag: `"${b.etag}"`, 'Last-Modified': rfc1123(b.lastModified), 'x-ms-request-server-encrypted': 'true' };
}
