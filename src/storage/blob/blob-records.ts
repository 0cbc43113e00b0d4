/**
 * Containers, blobs and staged blocks in the store. Blob names are case-sensitive while store keys are not, so
 * blob and block keys carry the name hex-encoded (UTF-8): prefix scans and byte order still work, and names such as
 * `A.txt` and `a.txt` stay distinct. Contents never live here — only the id of the file that holds them.
 */
import type { Store } from '../../store/store.js';

export const CONTAINER_KIND = 'blobContainer';
export const BLOB_KIND = 'blob';
export const BLOCK_KIND = 'blobBlock';

export interface ContainerRecord {
  account: string;
  name: string;
  createdAt: number;
  lastModified: number;
  etag: string;
  metadata: Record<string, string>;
  /** Set through ARM (`publicAccess`); anonymous reads are not served. */
  publicAccess?: 'None' | 'Container' | 'Blob';
}

export interface CommittedBlock {
  /** Base64 block id as the client sent it. */
  id: string;
  size: number;
}

export interface BlobRecord {
  account: string;
  container: string;
  name: string;
  /** Random id of the content file (never derived from the name). */
  fileId: string;
  size: number;
  contentType?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  cacheControl?: string;
  /** Base64 MD5 of the whole blob, when known. */
  contentMd5?: string;
  etag: string;
  createdOn: number;
  lastModified: number;
  metadata: Record<string, string>;
  /** Committed block list (blobs written by Put Block List); Put Blob makes a blob without blocks. */
  blocks?: CommittedBlock[];
}

export interface BlockRecord {
  account: string;
  container: string;
  blob: string;
  blockId: string;
  size: number;
  fileId: string;
  createdAt: number;
}

export function hexName(name: string): string {
  return Buffer.from(name, 'utf8').toString('hex');
}

export function containerKey(account: string, container: string): string {
  return `${account}/${container}`;
}

export function blobKey(account: string, container: string, blob: string): string {
  return `${account}/${container}/${hexName(blob)}`;
}

function blockKey(account: string, container: string, blob: string, blockId: string): string {
  return `${blobKey(account, container, blob)}/${hexName(blockId)}`;
}

export class BlobRecords {
  constructor(readonly store: Store) {}

  getContainer(account: string, container: string): ContainerRecord | undefined {
    return this.store.get<ContainerRecord>(CONTAINER_KIND, containerKey(account, container))?.body;
  }

  putContainer(rec: ContainerRecord): void {
    this.store.put(CONTAINER_KIND, containerKey(rec.account, rec.name), rec);
  }

  /** Containers of an account whose name starts with `prefix`, in name order. */
  listContainers(account: string, prefix = ''): ContainerRecord[] {
    return this.store.list<ContainerRecord>(CONTAINER_KIND, { prefix: `${account}/${prefix}` }).map((d) => d.body);
  }

  getBlob(account: string, container: string, blob: string): BlobRecord | undefined {
    return this.store.get<BlobRecord>(BLOB_KIND, blobKey(account, container, blob))?.body;
  }

  putBlob(rec: BlobRecord): void {
    this.store.put(BLOB_KIND, blobKey(rec.account, rec.container, rec.name), rec);
  }

  deleteBlob(account: string, container: string, blob: string): boolean {
    return this.store.delete(BLOB_KIND, blobKey(account, container, blob));
  }

  /** Blobs of a container whose name starts with `prefix`, in byte order of their UTF-8 names. */
  listBlobs(account: string, container: string, prefix = ''): BlobRecord[] {
    return this.store.list<BlobRecord>(BLOB_KIND, { prefix: `${account}/${container}/${hexName(prefix)}` }).map((d) => d.body);
  }

  getBlock(account: string, container: string, blob: string, blockId: string): BlockRecord | undefined {
    return this.store.get<BlockRecord>(BLOCK_KIND, blockKey(account, container, blob, blockId))?.body;
  }

  putBlock(rec: BlockRecord): void {
    this.store.put(BLOCK_KIND, blockKey(rec.account, rec.container, rec.blob, rec.blockId), rec);
  }

  /** Uncommitted blocks staged for one blob. */
  listBlocks(account: string, container: string, blob: string): BlockRecord[] {
    return this.store.list<BlockRecord>(BLOCK_KIND, { prefix: `${blobKey(account, container, blob)}/` }).map((d) => d.body);
  }

  deleteBlocks(account: string, container: string, blob: string): number {
    return this.store.deletePrefix(BLOCK_KIND, `${blobKey(account, container, blob)}/`);
  }

  /** Every record of a container (or of a whole account when `container` is undefined); returns the file ids to unlink. */
  deleteAllUnder(account: string, container?: string): string[] {
    const prefix = container === undefined ? `${account}/` : `${account}/${container}/`;
    return this.store.transaction(() => {
      const files = [
        ...this.store.list<BlobRecord>(BLOB_KIND, { prefix }).map((d) => d.body.fileId),
        ...this.store.list<BlockRecord>(BLOCK_KIND, { prefix }).map((d) => d.body.fileId),
      ];
      this.store.deletePrefix(BLOB_KIND, prefix);
      this.store.deletePrefix(BLOCK_KIND, prefix);
      if (container === undefined) this.store.deletePrefix(CONTAINER_KIND, prefix);
      else this.store.delete(CONTAINER_KIND, containerKey(account, container));
      return files;
    });
  }

  /** File ids referenced by any blob or staged block (for the start-up sweep). */
  referencedFiles(): Set<string> {
    const ids = new Set<string>();
    for (const d of this.store.list<BlobRecord>(BLOB_KIND)) ids.add(d.body.fileId);
    for (const d of this.store.list<BlockRecord>(BLOCK_KIND)) ids.add(d.body.fileId);
    return ids;
  }
}
