/** Blobs: HEAD/GET (with a single byte range) and DELETE, for blobs linked to the repository. */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Reply, RequestContext } from '../../../http/operation.js';
import { parseDigest } from '../digest.js';
import { ociErrors } from '../oci-errors.js';
import { requireAccess } from '../registry-auth.js';
import { registryState, type RegistryService } from '../registry-service.js';
import { header } from './request-parts.js';

/** A single `bytes=` range against `size`: [start, end] inclusive, undefined for none, 'invalid' if unsatisfiable. */
export function parseByteRange(value: string | undefined, size: number): [number, number] | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const m = /^\s*bytes=(\d*)-(\d*)\s*$/.exec(value);
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'invalid';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'invalid';
  return [start, end];
}

function linkedBlob(svc: RegistryService, ctx: RequestContext, name: string, digest: string): { digest: string; size: number } {
  const { loginServer } = registryState(ctx);
  const parsed = parseDigest(digest);
  if (!parsed) throw ociErrors.digestInvalid(`invalid digest '${digest}'`);
  const link = svc.records.blobLink(loginServer, name, parsed.digest);
  if (!link || !svc.content.hasBlob(parsed.digest)) throw ociErrors.blobUnknown(parsed.digest);
  return { digest: parsed.digest, size: link.size };
}

export async function getBlob(svc: RegistryService, ctx: RequestContext, name: string, digest: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['pull'] });
  const blob = linkedBlob(svc, ctx, name, digest);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': blob.digest,
    ETag: `"${blob.digest}"`,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'max-age=31536000',
  };
  const range = parseByteRange(header(ctx, 'range'), blob.size);
  if (range === 'invalid') throw ociErrors.rangeNotSatisfiable(blob.size);
  const [start, end] = range ?? [0, blob.size - 1];
  const length = blob.size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = length;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${blob.size}`;
  const status = range ? 206 : 200;
  if (ctx.method === 'HEAD' || length === 0) return { status, headers };
  const path = svc.content.blobPath(blob.digest);
  return { status, headers, stream: (res) => pipeline(createReadStream(path, { start, end, highWaterMark: 1 << 20 }), res) };
}

export async function deleteBlob(svc: RegistryService, ctx: RequestContext, name: string, digest: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['delete'] });
  const { loginServer } = registryState(ctx);
  const blob = linkedBlob(svc, ctx, name, digest);
  svc.records.unlinkBlob(loginServer, name, blob.digest);
  if (!svc.records.blobReferenced(blob.digest)) svc.content.removeBlob(blob.digest);
  return { status: 202, headers: { 'Docker-Content-Digest': blob.digest, 'Content-Length': 0 } };
}
