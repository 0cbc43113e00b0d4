/** Set Blob Properties, Set Blob Metadata and Delete Blob. */
import type { Reply, RequestContext } from '../../../http/operation.js';
import { blobErrors } from '../blob-errors.js';
import { checkWriteConditions } from '../blob-conditions.js';
import { header, readContentProperties, readMetadata, writeHeaders } from '../blob-headers.js';
import type { BlobRecord } from '../blob-records.js';
import { blobState, now, type BlobService } from '../blob-state.js';
import { newEtag } from '../blob-time.js';
import { requireContainer } from './container-ops.js';

function update(svc: BlobService, ctx: RequestContext, change: (b: BlobRecord) => Partial<BlobRecord>): BlobRecord {
  const { address } = blobState(ctx);
  const t = now(svc);
  return svc.records.store.transaction(() => {
    requireContainer(svc, ctx);
    const b = svc.records.getBlob(address.account, address.container!, address.blob!);
    if (!b) throw blobErrors.blobNotFound();
    checkWriteConditions(ctx.req, b);
    const next: BlobRecord = { ...b, ...change(b), etag: newEtag(t), lastModified: t };
    svc.records.putBlob(next);
    return next;
  });
}

/** Set Blob Properties replaces every content property: one left out is cleared, as in the service. */
export function setBlobProperties(svc: BlobService, ctx: RequestContext): Reply {
  const content = readContentProperties(ctx.req, true);
  const md5 = header(ctx.req, 'x-ms-blob-content-md5');
  const b = update(svc, ctx, () => ({ ...content, contentMd5: md5 }));
  const h = writeHeaders(b);
  delete h['x-ms-request-server-encrypted'];
  return { status: 200, headers: h };
}

export function setBlobMetadata(svc: BlobService, ctx: RequestContext): Reply {
  const metadata = readMetadata(ctx.req);
  const b = update(svc, ctx, () => ({ metadata }));
  return { status: 200, headers: writeHeaders(b) };
}

export function deleteBlob(svc: BlobService, ctx: RequestContext): Reply {
  const { address } = blobState(ctx);
  const files = svc.records.store.transaction(() => {
    requireContainer(svc, ctx);
    const b = svc.records.getBlob(address.account, address.container!, address.blob!);
    if (!b) throw blobErrors.blobNotFound();
    checkWriteConditions(ctx.req, b);
    const staged = svc.records.listBlocks(address.account, address.container!, address.blob!);
    svc.records.deleteBlocks(address.account, address.container!, address.blob!);
    svc.records.deleteBlob(address.account, address.container!, address.blob!);
    return [b.fileId, ...staged.map((s) => s.fileId)];
  });
  svc.files.remove(files);
  return { status: 202, headers: { 'x-ms-delete-type-permanent': 'true' } };
}
