/** Put Blob (BlockBlob): streamed to a content file, then made visible by one store write. */
import type { Reply, RequestContext } from '../../../http/operation.js';
import { blobErrors } from '../blob-errors.js';
import { checkWriteConditions } from '../blob-conditions.js';
import { header, readContentProperties, readMetadata, writeHeaders } from '../blob-headers.js';
import { validateBlobName } from '../blob-names.js';
import type { BlobRecord } from '../blob-records.js';
import { blobState, now, type BlobService } from '../blob-state.js';
import { newEtag } from '../blob-time.js';
import { requireContainer } from './container-ops.js';
import { declaredLength, expectedMd5, receiveBody } from './upload-body.js';

export function requireBlockBlobType(ctx: RequestContext): void {
  const type = header(ctx.req, 'x-ms-blob-type');
  if (type === undefined) throw blobErrors.missingRequiredHeader('x-ms-blob-type');
  if (type !== 'BlockBlob') throw blobErrors.invalidHeaderValue('x-ms-blob-type', type);
}

export async function putBlob(svc: BlobService, ctx: RequestContext): Promise<Reply> {
  const { address } = blobState(ctx);
  const blob = address.blob!;
  validateBlobName(blob);
  requireBlockBlobType(ctx);
  requireContainer(svc, ctx);
  const length = declaredLength(ctx, svc.maxPutBlobBytes);
  const md5 = expectedMd5(ctx);
  const metadata = readMetadata(ctx.req);
  const content = readContentProperties(ctx.req, false);
  const storedMd5 = header(ctx.req, 'x-ms-blob-content-md5');
  checkWriteConditions(ctx.req, svc.records.getBlob(address.account, address.container!, blob));

  const written = await receiveBody(svc, ctx, length, md5, svc.maxPutBlobBytes);
  const t = now(svc);
  let replaced: string[] = [];
  let rec: BlobRecord;
  try {
    rec = svc.records.store.transaction(() => {
      requireContainer(svc, ctx);
      const existing = svc.records.getBlob(address.account, address.container!, blob);
      checkWriteConditions(ctx.req, existing);
      const next: BlobRecord = {
        account: address.account,
        container: address.container!,
        name: blob,
        fileId: written.fileId,
        size: written.size,
        ...content,
        contentMd5: storedMd5 ?? written.md5.toString('base64'),
        etag: newEtag(t),
        createdOn: existing?.createdOn ?? t,
        lastModified: t,
        metadata,
      };
      const staged = svc.records.listBlocks(address.account, address.container!, blob);
      svc.records.deleteBlocks(address.account, address.container!, blob);
      svc.records.putBlob(next);
      replaced = [...(existing ? [existing.fileId] : []), ...staged.map((b) => b.fileId)];
      return next;
    });
  } catch (e) {
    svc.files.remove([written.fileId]);
    throw e;
  }
  svc.files.remove(replaced);
  return { status: 201, headers: { ...writeHeaders(rec), 'Content-MD5': written.md5.toString('base64') } };
}
