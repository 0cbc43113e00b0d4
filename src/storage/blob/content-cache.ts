/**
 * Contents of small blobs kept in memory, by content file id. Content files never change once written (a new
 * upload gets a new file id), so an entry can only go out of date by no longer being referenced; the store record
 * looked up for each request decides which file is served. Least recently used entries go first.
 */
export const MAX_CACHED_BLOB_BYTES = 64 * 1024;
export const DEFAULT_CONTENT_CACHE_BYTES = 32 * 1024 * 1024;

export class ContentCache {
  private readonly byFile = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_CONTENT_CACHE_BYTES) {}

  get(fileId: string): Buffer | undefined {
    const hit = this.byFile.get(fileId);
    if (hit !== undefined) {
      this.byFile.delete(fileId);
      this.byFile.set(fileId, hit);
    }
    return hit;
  }

  set(fileId: string, content: Buffer): void {
    if (content.length > this.maxBytes) return;
    this.delete(fileId);
    this.byFile.set(fileId, content);
    this.bytes += content.length;
    for (const [id, old] of this.byFile) {
      if (this.bytes <= this.maxBytes) break;
      this.byFile.delete(id);
      this.bytes -= old.length;
    }
  }

  delete(fileId: string): void {
    const old = this.byFile.get(fileId);
    if (old === undefined) return;
    this.byFile.delete(fileId);
    this.bytes -= old.length;
  }

  get size(): number {
    return this.byFile.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}
