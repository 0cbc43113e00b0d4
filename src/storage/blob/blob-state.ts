/**
 * What the Blob plane resolves for a request before authentication (set by the plane's validate step) and the
 * services its handlers share.
 */
import type { RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import type { StorageAccountRecord } from '../accounts/account-records.js';
import type { BlobAddress } from './blob-address.js';
import type { BlobRecords } from './blob-records.js';
import type { ContentFiles } from './content-files.js';
import type { BlobReadCache } from './blob-read-cache.js';

export interface BlobRequestState {
  address: BlobAddress;
  account: StorageAccountRecord;
  /** x-ms-version served (echoed). */
  version: string;
}

export interface BlobService {
  pctx: PlatformContext;
  records: BlobRecords;
  /** Parsed account, container and blob records for the read path (shared and frozen). */
  reads: BlobReadCache;
  files: ContentFiles;
  /** Largest Put Blob body (bytes). */
  maxPutBlobBytes: number;
  /** Largest Put Block body (bytes). */
  maxBlockBytes: number;
}

const KEY = 'blob';

export function setBlobState(ctx: RequestContext, st: BlobRequestState): void {
  ctx.state[KEY] = st;
}

export function blobState(ctx: RequestContext): BlobRequestState {
  const st = ctx.state[KEY] as BlobRequestState | undefined;
  if (!st) throw new Error('blob request state missing');
  return st;
}

export function maybeBlobState(ctx: RequestContext): BlobRequestState | undefined {
  return ctx.state[KEY] as BlobRequestState | undefined;
}

export function now(svc: BlobService): number {
  return svc.pctx.clock.now();
}
