/**
 * Put Block (staged block → its own content file), Put Block List (concatenate into a new content file, then one
 * store transaction makes it the blob and drops the staged blocks) and Get Block List.
 */
import { createHash } from 'node:crypto';
import type { Reply, RequestContext } from '../../../http/operation.js';
import { blobErrors } from '../blob-errors.js';
import { checkWriteConditions } from '../blob-conditions.js';
import { header, readContentProperties, readMetadata, writeHeaders } from '../blob-headers.js';
import { validateBlobName } from '../blob-names.js';
import type { BlobRecord, BlockRecord, CommittedBlock } from '../blob-records.js';
import { blobState, now, type BlobService } from '../blob-state.js';
import { newEtag, rfc1123 } from '../blob-time.js';
import { el, parseBlockList, wrap, xmlDocument } from '../blob-xml.js';
import type { FilePart } from '../content-files.js';
import { requireContainer } from './container-ops.js';
import { declaredLength, expectedMd5, receiveBody } from './upload-body.js';

export const MAX_COMMITTED_BLOCKS = 50_000;

/** A block id: base64 of at most 64 bytes. Returns the id as given. */
export function validateBlockId(raw: string | null): string {
  if (raw === null || raw === '') throw blobErrors.missingRequiredQueryParameter('blockid');
  const decoded = Buffer.from(raw, 'base64');
  const canonical = /^[A-Za-z0-9+/]*={0,2}$/.test(raw) && raw.length % 4 === 0 && decoded.toString('base64') === raw;
  if (!canonical || decoded.length === 0 || decoded.length > 64) {
    throw blobErrors.invalidQueryParameterValue('blockid', raw, 'Not a valid base64 string.');
  }
  return raw;
}

export async function putBlock(svc: BlobService, ctx: RequestContext): Promise<Reply> {
  const { address } = blobState(ctx);
  const blob = address.blob!;
  validateBlobName(blob);
  const blockId = validateBlockId(ctx.query.get('blockid'));
  requireContainer(svc, ctx);
  const length = declaredLength(ctx, svc.maxBlockBytes);
  const md5 = expectedMd5(ctx);
  const staged = svc.records.listBlocks(address.account, address.container!, blob);
  const idLength = Buffer.from(blockId, 'base64').length;
  if (staged.some((b) => Buffer.from(b.blockId, 'base64').length !== idLength)) throw blobErrors.invalidBlobOrBlock();

  const written = await receiveBody(svc, ctx, length, md5, svc.maxBlockBytes);
  let replaced: string | undefined;
  try {
    svc.records.store.transaction(() => {
      requireContainer(svc, ctx);
      const prev = svc.records.getBlock(address.account, address.container!, blob, blockId);
      const rec: BlockRecord = {
        account: address.account,
        container: address.container!,
        blob,
        blockId,
        size: written.size,
        fileId: written.fileId,
        createdAt: now(svc),
      };
      svc.records.putBlock(rec);
      replaced = prev?.fileId;
    });
  } catch (e) {
    svc.files.remove([written.fileId]);
    throw e;
  }
  if (replaced) svc.files.remove([replaced]);
  return { status: 201, headers: { 'Content-MD5': written.md5.toString('base64'), 'x-ms-request-server-encrypted': 'true' } };
}

interface PlannedBlock {
  id: string;
  size: number;
  part: FilePart;
  /** Staged block record used (checked again at commit). */
  staged?: BlockRecord;
}

/** Resolves the requested list against the staged and committed blocks. Throws InvalidBlockList. */
export function planBlockList(
  entries: Array<{ kind: 'Latest' | 'Committed' | 'Uncommitted'; id: string }>,
  staged: BlockRecord[],
  existing: BlobRecord | undefined,
): PlannedBlock[] {
  if (entries.length > MAX_COMMITTED_BLOCKS) throw blobErrors.invalidBlockList();
  const stagedById = new Map(staged.map((b) => [b.blockId, b]));
  const committed = new Map<string, FilePart & { size: number }>();
  let offset = 0;
  for (const b of existing?.blocks ?? []) {
    committed.set(b.id, { fileId: existing!.fileId, offset, length: b.size, size: b.size });
    offset += b.size;
  }
  return entries.map((e) => {
    const s = e.kind === 'Committed' ? undefined : stagedById.get(e.id);
    if (s) return { id: e.id, size: s.size, part: { fileId: s.fileId, offset: 0, length: s.size }, staged: s };
    const c = e.kind === 'Uncommitted' ? undefined : committed.get(e.id);
    if (c) return { id: e.id, size: c.size, part: { fileId: c.fileId, offset: c.offset, length: c.length } };
    throw blobErrors.invalidBlockList();
  });
}

export async function putBlockList(svc: BlobService, ctx: RequestContext): Promise<Reply> {
  const { address } = blobState(ctx);
  const blob = address.blob!;
  validateBlobName(blob);
  requireContainer(svc, ctx);
  const body = ctx.rawBody ?? Buffer.alloc(0);
  const md5 = createHash('md5').update(body).digest('base64');
  const sent = header(ctx.req, 'content-md5');
  if (sent !== undefined && sent !== md5) throw blobErrors.md5Mismatch(sent, md5);
  const entries = parseBlockList(body.toString('utf8'));
  const metadata = readMetadata(ctx.req);
  const content = readContentProperties(ctx.req, true);
  const storedMd5 = header(ctx.req, 'x-ms-blob-content-md5');

  const existing = svc.records.getBlob(address.account, address.container!, blob);
  checkWriteConditions(ctx.req, existing);
  const staged = svc.records.listBlocks(address.account, address.container!, blob);
  const plan = planBlockList(entries, staged, existing);
  let file;
  try {
    file = await svc.files.concat(plan.map((p) => p.part));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw blobErrors.invalidBlockList();
    throw e;
  }
  const t = now(svc);
  let obsolete: string[] = [];
  let rec: BlobRecord;
  try {
    rec = svc.records.store.transaction(() => {
      requireContainer(svc, ctx);
      const current = svc.records.getBlob(address.account, address.container!, blob);
      checkWriteConditions(ctx.req, current);
      // Whatever the plan read must still be there: the same staged blocks, the same committed blob.
      const usedCommitted = plan.some((p) => !p.staged);
      if (usedCommitted && current?.etag !== existing?.etag) throw blobErrors.invalidBlockList();
      for (const p of plan) {
        if (!p.staged) continue;
        const still = svc.records.getBlock(address.account, address.container!, blob, p.id);
        if (still?.fileId !== p.staged.fileId) throw blobErrors.invalidBlockList();
      }
      const blocks: CommittedBlock[] = plan.map((p) => ({ id: p.id, size: p.size }));
      const next: BlobRecord = {
        account: address.account,
        container: address.container!,
        name: blob,
        fileId: file.fileId,
        size: file.size,
        ...content,
        contentMd5: storedMd5,
        etag: newEtag(t),
        createdOn: current?.createdOn ?? t,
        lastModified: t,
        metadata,
        blocks,
      };
      const leftovers = svc.records.listBlocks(address.account, address.container!, blob);
      svc.records.deleteBlocks(address.account, address.container!, blob);
      svc.records.putBlob(next);
      obsolete = [...(current ? [current.fileId] : []), ...leftovers.map((b) => b.fileId)];
      return next;
    });
  } catch (e) {
    svc.files.remove([file.fileId]);
    throw e;
  }
  svc.files.remove(obsolete);
  return { status: 201, headers: { ...writeHeaders(rec), 'Content-MD5': md5 } };
}

export function getBlockList(svc: BlobService, ctx: RequestContext): Reply {
  const { address } = blobState(ctx);
  const blob = address.blob!;
  requireContainer(svc, ctx);
  const type = (ctx.query.get('blocklisttype') ?? 'committed').toLowerCase();
  if (!['committed', 'uncommitted', 'all'].includes(type)) {
    throw blobErrors.invalidQueryParameterValue('blocklisttype', ctx.query.get('blocklisttype') ?? '');
  }
  const existing = svc.records.getBlob(address.account, address.container!, blob);
  const staged = type === 'committed' ? [] : svc.records.listBlocks(address.account, address.container!, blob);
  if (!existing && (type === 'committed' || staged.length === 0)) throw blobErrors.blobNotFound();
  const block = (id: string, size: number) => wrap('Block', el('Name', id) + el('Size', size));
  const committedXml = type === 'uncommitted' ? '' : wrap('CommittedBlocks', (existing?.blocks ?? []).map((b) => block(b.id, b.size)).join(''));
  const uncommittedXml =
    type === 'committed'
      ? ''
      : wrap('UncommittedBlocks', [...staged].sort((a, b) => a.createdAt - b.createdAt).map((b) => block(b.blockId, b.size)).join(''));
  const headers: Record<string, string> = { 'Content-Type': 'application/xml' };
  if (existing) {
    headers.ETag = `"${existing.etag}"`;
    headers['Last-Modified'] = rfc1123(existing.lastModified);
    headers['x-ms-blob-content-length'] = String(existing.size);
  }
  return { status: 200, headers, body: xmlDocument(wrap('BlockList', committedXml + uncommittedXml)) };
}
