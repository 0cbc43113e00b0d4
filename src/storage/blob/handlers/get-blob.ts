/** Get Blob (streamed, ranges → 206) and Get Blob Properties (HEAD). */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Reply, RequestContext } from '../../../http/operation.js';
import { blobErrors } from '../blob-errors.js';
import { checkReadConditions } from '../blob-conditions.js';
import { blobPropertyHeaders, header } from '../blob-headers.js';
import { contentRange, resolveRange, type ByteRange } from '../blob-range.js';
import type { BlobRecord } from '../blob-records.js';
import { blobState, type BlobService } from '../blob-state.js';
import { rfc1123 } from '../blob-time.js';
import { MAX_CACHED_BLOB_BYTES } from '../content-cache.js';

/** Largest range for which `x-ms-range-get-content-md5: true` is honoured. */
const MAX_MD5_RANGE = 4 * 1024 * 1024;

/** The addressed blob (read path: the record is shared, not to be changed). */
export function requireBlob(svc: BlobService, ctx: RequestContext): BlobRecord {
  const { address } = blobState(ctx);
  if (!svc.reads.container(address.account, address.container!)) throw blobErrors.containerNotFound();
  const b = svc.reads.blob(address.account, address.container!, address.blob!);
  if (!b) throw blobErrors.blobNotFound();
  return b;
}

function notModified(b: BlobRecord): Reply {
  return { status: 304, headers: { ETag: `"${b.etag}"`, 'Last-Modified': rfc1123(b.lastModified) } };
}

/** Opens the blob's content file; if the blob was replaced between lookup and open, looks it up once more. */
async function openCurrent(svc: BlobService, ctx: RequestContext, first: BlobRecord): Promise<{ blob: BlobRecord; fh: FileHandle }> {
  try {
    return { blob: first, fh: await svc.files.openRead(first.fileId) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const again = requireBlob(svc, ctx);
    return { blob: again, fh: await svc.files.openRead(again.fileId) };
  }
}

async function rangeMd5(fh: FileHandle, r: ByteRange): Promise<string> {
  const hash = createHash('md5');
  const buf = Buffer.allocUnsafe(Math.min(1 << 20, r.end - r.start + 1));
  let pos = r.start;
  while (pos <= r.end) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, r.end - pos + 1), pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('base64');
}

function isClientGone(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}

/** Reads a small blob whole (from memory when read before); if it was replaced since the lookup, looks it up once more. */
async function readCurrent(svc: BlobService, ctx: RequestContext, first: BlobRecord): Promise<{ blob: BlobRecord; content: Buffer }> {
  try {
    return { blob: first, content: await svc.files.readSmall(first.fileId, first.size) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const again = requireBlob(svc, ctx);
    if (again.size > MAX_CACHED_BLOB_BYTES) throw e;
    return { blob: again, content: await svc.files.readSmall(again.fileId, again.size) };
  }
}

/** Headers and byte range of a Get Blob answer; `md5Of` hashes the range when the client asks for its MD5. */
async function downloadHeaders(
  ctx: RequestContext,
  blob: BlobRecord,
  md5Of: (r: ByteRange) => Promise<string> | string,
): Promise<{ status: number; headers: Record<string, string>; start: number; length: number }> {
  const range = resolveRange({ xMsRange: header(ctx.req, 'x-ms-range'), range: header(ctx.req, 'range') }, blob.size);
  const headers: Record<string, string> = blobPropertyHeaders(blob);
  let start = 0;
  let end = blob.size - 1;
  if (range) {
    start = range.start;
    end = range.end;
    headers['Content-Range'] = contentRange(range, blob.size);
    if (blob.contentMd5) headers['x-ms-blob-content-md5'] = blob.contentMd5;
    if (header(ctx.req, 'x-ms-range-get-content-md5')?.toLowerCase() === 'true') {
      if (end - start + 1 > MAX_MD5_RANGE) throw blobErrors.outOfRangeInput();
      headers['Content-MD5'] = await md5Of(range);
    }
  } else if (blob.contentMd5) headers['Content-MD5'] = blob.contentMd5;
  const length = blob.size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = String(length);
  return { status: range ? 206 : 200, headers, start, length };
}

export async function getBlob(svc: BlobService, ctx: RequestContext): Promise<Reply> {
  const found = requireBlob(svc, ctx);
  if (checkReadConditions(ctx.req, found) === 'not-modified') return notModified(found);
  if (found.size <= MAX_CACHED_BLOB_BYTES) {
    // Small blobs go out in one write from a buffer: no file to open, read and close per request.
    const { blob, content } = await readCurrent(svc, ctx, found);
    const d = await downloadHeaders(ctx, blob, (r) => createHash('md5').update(content.subarray(r.start, r.end + 1)).digest('base64'));
    return { status: d.status, headers: d.headers, body: content.subarray(d.start, d.start + d.length) };
  }
  const { blob, fh } = await openCurrent(svc, ctx, found);
  try {
    const { status, headers, start, length } = await downloadHeaders(ctx, blob, (r) => rangeMd5(fh, r));
    return {
      status,
      headers,
      stream: async (res) => {
        if (length === 0) {
          await fh.close();
          res.end();
          return;
        }
        const rs = fh.createReadStream({ start, end: start + length - 1, highWaterMark: 256 * 1024, autoClose: true });
        try {
          await pipeline(rs, res);
        } catch (e) {
          if (!isClientGone(e)) throw e;
        }
      },
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

export function getBlobProperties(svc: BlobService, ctx: RequestContext): Reply {
  const blob = requireBlob(svc, ctx);
  if (checkReadConditions(ctx.req, blob) === 'not-modified') return notModified(blob);
  const headers = blobPropertyHeaders(blob);
  headers['Content-Length'] = String(blob.size);
  if (blob.contentMd5) headers['Content-MD5'] = blob.contentMd5;
  return { status: 200, headers };
}

export function getBlobMetadata(svc: BlobService, ctx: RequestContext): Reply {
  const blob = requireBlob(svc, ctx);
  checkReadConditions(ctx.req, blob);
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(blob.metadata)) meta[`x-ms-meta-${k}`] = v;
  return { status: 200, headers: { ETag: `"${blob.etag}"`, 'Last-Modified': rfc1123(blob.lastModified), ...meta } };
}
