/**
 * Blob and block contents on disk: `<blobsDir>/data/<random id>` (0600 files in 0700 directories). Uploads stream
 * into `<blobsDir>/tmp/`, are fsynced, then renamed into `data/` — only then does a store record point at them, so a
 * crash mid-upload leaves nothing visible. Names given by users never reach the file system.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentCache, MAX_CACHED_BLOB_BYTES } from './content-cache.js';

const FILE_ID = /^[0-9a-f]{32}$/;

export interface WrittenFile {
  fileId: string;
  size: number;
  md5: Buffer;
}

export interface FilePart {
  fileId: string;
  offset: number;
  length: number;
}

/** Thrown when a stream exceeds its byte limit. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`content exceeds ${limit} bytes`);
  }
}

export class ContentFiles {
  readonly tmpDir: string;
  readonly dataDir: string;
  /** Contents of small files read before (files never change once written). */
  readonly cache = new ContentCache();

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
    this.dataDir = join(root, 'data');
  }

  /** Creates the directories (0700). */
  init(): void {
    for (const d of [this.root, this.tmpDir, this.dataDir]) {
      mkdirSync(d, { recursive: true, mode: 0o700 });
      chmodSync(d, 0o700);
    }
  }

  /** Removes every temporary file and every content file no record refers to. Run before serving. */
  sweep(referenced: Set<string>): { temp: number; orphans: number } {
    let temp = 0;
    let orphans = 0;
    for (const f of readdirSync(this.tmpDir)) {
      rmSync(join(this.tmpDir, f), { force: true, recursive: true });
      temp++;
    }
    for (const f of readdirSync(this.dataDir)) {
      if (referenced.has(f)) continue;
      rmSync(join(this.dataDir, f), { force: true, recursive: true });
      orphans++;
    }
    return { temp, orphans };
  }

  path(fileId: string): string {
    if (!FILE_ID.test(fileId)) throw new Error(`invalid content file id '${fileId}'`);
    return join(this.dataDir, fileId);
  }

  /** Streams `source` into a new content file; MD5 computed on the way. Limit exceeded ⇒ TooLargeError. */
  async write(source: AsyncIterable<Buffer | string>, maxBytes: number): Promise<WrittenFile> {
    return this.writeWith(async (fh, hash) => {
      let size = 0;
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += buf.length;
        if (size > maxBytes) throw new TooLargeError(maxBytes);
        hash.update(buf);
        await writeAll(fh, buf);
      }
      return size;
    });
  }

  /** A new content file made of byte ranges of existing ones (block list commit). */
  async concat(parts: FilePart[]): Promise<WrittenFile> {
    return this.writeWith(async (fh, hash) => {
      let size = 0;
      for (const p of parts) {
        if (p.length === 0) continue;
        const rs = createReadStream(this.path(p.fileId), { start: p.offset, end: p.offset + p.length - 1, highWaterMark: 1 << 20 });
        let got = 0;
        for await (const chunk of rs as AsyncIterable<Buffer>) {
          got += chunk.length;
          hash.update(chunk);
          await writeAll(fh, chunk);
        }
        if (got !== p.length) throw new Error(`content file ${p.fileId} is shorter than expected`);
        size += got;
      }
      return size;
    });
  }

  async openRead(fileId: string): Promise<FileHandle> {
    return open(this.path(fileId), 'r');
  }

  /** The whole content of a small file (at most MAX_CACHED_BLOB_BYTES), from memory when read before. */
  async readSmall(fileId: string, size: number): Promise<Buffer> {
    const hit = this.cache.get(fileId);
    if (hit !== undefined && hit.length === size) return hit;
    const fh = await open(this.path(fileId), 'r');
    try {
      const buf = Buffer.allocUnsafeSlow(size);
      let off = 0;
      while (off < size) {
        const { bytesRead } = await fh.read(buf, off, size - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      if (off !== size) throw new Error(`content file ${fileId} is shorter than expected`);
      if (size <= MAX_CACHED_BLOB_BYTES) this.cache.set(fileId, buf);
      return buf;
    } finally {
      await fh.close();
    }
  }

  /** Best-effort removal (a later sweep catches anything left). */
  remove(fileIds: Iterable<string>): void {
    for (const id of fileIds) {
      this.cache.delete(id);
      try {
        unlinkSync(this.path(id));
      } catch {
        /* already gone */
      }
    }
  }

  private async writeWith(fill: (fh: FileHandle, hash: ReturnType<typeof createHash>) => Promise<number>): Promise<WrittenFile> {
    const fileId = randomBytes(16).toString('hex');
    const tmp = join(this.tmpDir, fileId);
    const fh = await open(tmp, 'wx', 0o600);
    const hash = createHash('md5');
    let closed = false;
    try {
      const size = await fill(fh, hash);
      await fh.sync();
      await fh.close();
      closed = true;
      await rename(tmp, this.path(fileId));
      await syncDir(this.dataDir);
      return { fileId, size, md5: hash.digest() };
    } catch (err) {
      if (!closed) await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
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
