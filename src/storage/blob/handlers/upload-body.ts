/** Streams a request body into a content file with the checks Put Blob and Put Block share. */
import type { RequestContext } from '../../../http/operation.js';
import { blobErrors } from '../blob-errors.js';
import { header } from '../blob-headers.js';
import type { BlobService } from '../blob-state.js';
import { TooLargeError, type WrittenFile } from '../content-files.js';

/** Content-Length required and within `max` (checked before reading anything). */
export function declaredLength(ctx: RequestContext, max: number): number {
  const raw = header(ctx.req, 'content-length');
  if (raw === undefined) {
    if (header(ctx.req, 'transfer-encoding') === undefined) return 0;
    throw blobErrors.missingContentLength();
  }
  if (!/^\d+$/.test(raw)) throw blobErrors.invalidHeaderValue('Content-Length', raw);
  const n = Number(raw);
  if (n > max) {
    ctx.res.setHeader('Connection', 'close');
    throw blobErrors.requestBodyTooLarge(max);
  }
  return n;
}

/** Validates the transactional `Content-MD5` header format before the body is read. */
export function expectedMd5(ctx: RequestContext): string | undefined {
  const md5 = header(ctx.req, 'content-md5');
  if (md5 === undefined) return undefined;
  if (Buffer.from(md5, 'base64').length !== 16) throw blobErrors.invalidHeaderValue('Content-MD5', md5);
  return md5;
}

/** Streams the body to a new content file; verifies length and MD5. The file is removed on any failure. */
export async function receiveBody(svc: BlobService, ctx: RequestContext, length: number, md5: string | undefined, max: number): Promise<WrittenFile> {
  let written: WrittenFile;
  try {
    written = await svc.files.write(ctx.req as AsyncIterable<Buffer>, max);
  } catch (e) {
    if (e instanceof TooLargeError) {
      ctx.res.setHeader('Connection', 'close');
      throw blobErrors.requestBodyTooLarge(max);
    }
    throw e;
  }
  const server = written.md5.toString('base64');
  if (written.size !== length) {
    svc.files.remove([written.fileId]);
    throw blobErrors.invalidHeaderValue('Content-Length', String(length));
  }
  if (md5 !== undefined && md5 !== server) {
    svc.files.remove([written.fileId]);
    throw blobErrors.md5Mismatch(md5, server);
  }
  return written;
}
