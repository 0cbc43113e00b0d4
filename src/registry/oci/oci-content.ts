/**
 * Registry content on disk, under `<data home>/registry` (0700 directories, 0600 files):
 * `blobs/<algorithm>/<hex>` holds each blob once, named by its digest (de-duplicated across repositories and
 * registries); `uploads/<uuid>` holds upload sessions in progress. Uploads are appended to, fsynced, verified and
 * then renamed into `blobs/` — a crash mid-upload never leaves a partial blob under a digest name.
 * Only validated digests and upload ids (GUIDs) ever become file names.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isGuid } from '../../shared/ids.js';
import { parseDigest, type ParsedDigest } from './digest.js';

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`content exceeds ${limit} bytes`);
  }
}

export class OciContent {
  readonly blobsDir: string;
  readonly uploadsDir: string;

  constructor(readonly root: string) {
    this.blobsDir = join(root, 'blobs');
    this.uploadsDir = join(root, 'uploads');
  }

  init(): void {
    for (const d of [this.root, this.blobsDir, join(this.blobsDir, 'sha256'), join(this.blobsDir, 'sha512'), this.uploadsDir]) {
      mkdirSync(d, { recursive: true, mode: 0o700 });
      chmodSync(d, 0o700);
    }
  }

  blobPath(digest: string | ParsedDigest): string {
    const d = typeof digest === 'string' ? parseDigest(digest) : digest;
    if (!d) throw new Error(`invalid digest '${String(digest)}'`);
    return join(this.blobsDir, d.algorithm, d.hex);
  }

  uploadPath(uuid: string): string {
    if (!isGuid(uuid)) throw new Error(`invalid upload id '${uuid}'`);
    return join(this.uploadsDir, uuid.toLowerCase());
  }

  hasBlob(digest: string): boolean {
    return existsSync(this.blobPath(digest));
  }

  async blobSize(digest: string): Promise<number | undefined> {
    try {
      return (await stat(this.blobPath(digest))).size;
    } catch {
      return undefined;
    }
  }

  /** Creates an empty upload file. */
  async createUpload(uuid: string): Promise<void> {
    const fh = await open(this.uploadPath(uuid), 'wx', 0o600);
    await fh.close();
  }

  /** Appends `source` to an upload file at `offset` (its current size); returns the bytes written. */
  async appendUpload(uuid: string, offset: number, source: AsyncIterable<Buffer | string>, maxTotal: number): Promise<number> {
    const fh = await open(this.uploadPath(uuid), 'r+');
    let written = 0;
    try {
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        if (offset + written + buf.length > maxTotal) throw new TooLargeError(maxTotal);
        await writeAll(fh, buf, offset + written);
        written += buf.length;
      }
      await fh.sync();
    } catch (err) {
      await fh.truncate(offset).catch(() => undefined);
      throw err;
    } finally {
      await fh.close();
    }
    return written;
  }

  /** Moves a verified upload into `blobs/` under its digest (or drops it when that blob is already stored). */
  async commitUpload(uuid: string, digest: ParsedDigest): Promise<void> {
    const from = this.uploadPath(uuid);
    const to = this.blobPath(digest);
    if (existsSync(to)) {
      await unlink(from).catch(() => undefined);
      return;
    }
    await rename(from, to);
    await syncDir(join(this.blobsDir, digest.algorithm));
  }

  /** Cuts an upload file back to `size` bytes (a chunk that failed its checks). */
  async truncateUpload(uuid: string, size: number): Promise<void> {
    const fh = await open(this.uploadPath(uuid), 'r+');
    try {
      await fh.truncate(size);
    } finally {
      await fh.close();
    }
  }

  async removeUpload(uuid: string): Promise<void> {
    await unlink(this.uploadPath(uuid)).catch(() => undefined);
  }

  removeBlob(digest: string): void {
    rmSync(this.blobPath(digest), { force: true });
  }

  async openBlob(digest: string): Promise<FileHandle> {
    return open(this.blobPath(digest), 'r');
  }

  /** Removes upload files no live session refers to. */
  sweepUploads(live: Set<string>): number {
    let n = 0;
    for (const f of readdirSync(this.uploadsDir)) {
      if (live.has(f.toLowerCase())) continue;
      rmSync(join(this.uploadsDir, f), { force: true, recursive: true });
      n++;
    }
    return n;
  }

  /** Removes blob files no repository links (a crash between commit and link). Run before serving. */
  sweepBlobs(linked: Set<string>): number {
    let n = 0;
    for (const algorithm of ['sha256', 'sha512']) {
      for (const f of readdirSync(join(this.blobsDir, algorithm))) {
        if (linked.has(`${algorithm}:${f}`)) continue;
        rmSync(join(this.blobsDir, algorithm, f), { force: true, recursive: true });
        n++;
      }
    }
    return n;
  }

  uploadSize(uuid: string): number | undefined {
    try {
      return statSync(this.uploadPath(uuid)).size;
    } catch {
      return undefined;
    }
  }
}

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off, position + off);
    off += bytesWritten;
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } catch {
    /* some file systems refuse fsync on directories */
  } finally {
    await d.close();
  }
}
