/**
 * Removing an account's data plane state: its containers, blobs, staged blocks and their content files.
 * Used by the ARM provider (account DELETE, resource group deletion).
 */
import type { PlatformContext } from '../../platform/context.js';
import { BlobRecords } from '../blob/blob-records.js';
import { ContentFiles } from '../blob/content-files.js';

export function deleteAccountData(ctx: PlatformContext, accountName: string): number {
  const records = new BlobRecords(ctx.store);
  const fileIds = records.deleteAllUnder(accountName.toLowerCase());
  // Files go after the records: a crash in between leaves orphans that the next start sweeps.
  if (ctx.paths?.blobsDir) new ContentFiles(ctx.paths.blobsDir).remove(fileIds);
  return fileIds.length;
}
