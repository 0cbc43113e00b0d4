/**
 * Blob upload sessions (Distribution API): POST starts one (or uploads monolithically with `?digest=`), PATCH appends
 * a chunk (streamed; `Content-Range` must continue where the session stands), PUT `?digest=` appends the last bytes,
 * verifies the digest over everything received and commits the blob atomically, DELETE cancels. Sessions are store
 * records (they survive restarts); their bytes are a file under `uploads/`. Requests on one session are serialised.
 */
import type { Clock } from '../../shared/clock.js';
import type { IdGenerator } from '../../shared/ids.js';
import { isGuid } from '../../shared/ids.js';
import { digestFile, parseDigest } from './digest.js';
import { TooLargeError, type OciContent } from './oci-content.js';
import { ociErrors } from './oci-errors.js';
import type { OciRecords, UploadRecord } from './oci-records.js';

export interface UploadDeps {
  content: OciContent;
  records: OciRecords;
  clock: Clock;
  ids: IdGenerator;
  /** Largest blob accepted (bytes). */
  maxBlobBytes: number;
}

export interface Chunk {
  body: AsyncIterable<Buffer | string>;
  /** `Content-Length`, when the client sent one. */
  length?: number;
  /** `Content-Range` as sent (`<start>-<end>`, optionally `bytes ` prefixed and `/<total>` suffixed). */
  range?: string;
}

export interface CommittedBlob {
  digest: string;
  size: number;
}

/** Parses `Content-Range` of a chunk: `0-1023`, `bytes 0-1023/2048`, `bytes=0-1023`. */
export function parseChunkRange(value: string): { start: number; end: number } | undefined {
  const m = /^\s*(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?\s*$/.exec(value);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return end >= start ? { start, end } : undefined;
}

export class UploadSessions {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: UploadDeps) {}

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  /** Runs `fn` after every earlier call for the same session has finished. */
  private serial<T>(uuid: string, fn: () => Promise<T>): Promise<T> {
    const key = uuid.toLowerCase();
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return run;
  }

  async start(registry: string, repo: string): Promise<UploadRecord> {
    const uuid = this.deps.ids.uuid().toLowerCase();
    await this.deps.content.createUpload(uuid);
    const now = this.now();
    const rec: UploadRecord = { uuid, registry, repo, size: 0, startedAt: now, updatedAt: now };
    this.deps.records.putUpload(rec);
    return rec;
  }

  /** The session, if it exists and belongs to this repository; BLOB_UPLOAD_UNKNOWN otherwise. */
  get(registry: string, repo: string, uuid: string): UploadRecord {
    const rec = isGuid(uuid) ? this.deps.records.upload(uuid.toLowerCase()) : undefined;
    if (!rec || rec.registry !== registry || rec.repo !== repo) throw ociErrors.blobUploadUnknown(uuid);
    return rec;
  }

  append(registry: string, repo: string, uuid: string, chunk: Chunk): Promise<UploadRecord> {
    return this.serial(uuid, async () => {
      const rec = this.get(registry, repo, uuid);
      return this.appendLocked(rec, chunk);
    });
  }

  private async appendLocked(rec: UploadRecord, chunk: Chunk): Promise<UploadRecord> {
    let expected = chunk.length;
    if (chunk.range !== undefined) {
      const r = parseChunkRange(chunk.range);
      if (!r || r.start !== rec.size) throw ociErrors.rangeInvalid(rec.size);
      const span = r.end - r.start + 1;
      if (expected !== undefined && expected !== span) throw ociErrors.sizeInvalid(`Content-Length ${expected} does not match Content-Range ${chunk.range}`);
      expected = span;
    }
    if (this.deps.content.uploadSize(rec.uuid) !== rec.size) await this.deps.content.truncateUpload(rec.uuid, rec.size);
    let written: number;
    try {
      written = await this.deps.content.appendUpload(rec.uuid, rec.size, chunk.body, this.deps.maxBlobBytes);
    } catch (e) {
      if (e instanceof TooLargeError) throw ociErrors.tooLarge(this.deps.maxBlobBytes);
      throw e;
    }
    if (expected !== undefined && written !== expected) {
      await this.deps.content.truncateUpload(rec.uuid, rec.size);
      throw ociErrors.sizeInvalid(`received ${written} bytes, expected ${expected}`);
    }
    const next: UploadRecord = { ...rec, size: rec.size + written, updatedAt: this.now() };
    this.deps.records.putUpload(next);
    return next;
  }

  /** Appends the final chunk (if any), verifies `digest` over the whole upload and commits the blob. */
  finalize(registry: string, repo: string, uuid: string, digest: string | null, last?: Chunk): Promise<CommittedBlob> {
    return this.serial(uuid, async () => {
      let rec = this.get(registry, repo, uuid);
      const parsed = parseDigest(digest);
      if (!parsed) throw ociErrors.digestInvalid(digest ? `unsupported or malformed digest '${digest}'` : 'the digest parameter is required');
      if (last) rec = await this.appendLocked(rec, last);
      const actual = await digestFile(this.deps.content.uploadPath(rec.uuid), parsed.algorithm);
      if (actual.digest !== parsed.digest) {
        await this.discard(rec.uuid);
        throw ociErrors.digestInvalid(`digest ${parsed.digest} does not match the uploaded content (${actual.digest})`);
      }
      await this.deps.content.commitUpload(rec.uuid, parsed);
      this.deps.records.store.transaction(() => {
        this.deps.records.linkBlob(registry, repo, parsed.digest, actual.size, this.now());
        this.deps.records.deleteUpload(rec.uuid);
      });
      return { digest: parsed.digest, size: actual.size };
    });
  }

  cancel(registry: string, repo: string, uuid: string): Promise<void> {
    return this.serial(uuid, async () => {
      const rec = this.get(registry, repo, uuid);
      await this.discard(rec.uuid);
    });
  }

  private async discard(uuid: string): Promise<void> {
    this.deps.records.deleteUpload(uuid);
    await this.deps.content.removeUpload(uuid);
  }

  /** A whole blob in one request (POST `?digest=`): a session that starts and finishes at once. */
  async monolithic(registry: string, repo: string, digest: string, body: Chunk): Promise<CommittedBlob> {
    if (!parseDigest(digest)) throw ociErrors.digestInvalid(`unsupported or malformed digest '${digest}'`);
    const rec = await this.start(registry, repo);
    try {
      return await this.finalize(registry, repo, rec.uuid, digest, body);
    } catch (e) {
      await this.discard(rec.uuid);
      throw e;
    }
  }

  /** Drops sessions idle for longer than `maxIdleMs` and upload files no session owns. */
  sweep(maxIdleMs: number): { expired: number; orphans: number } {
    const cutoff = this.deps.clock.now() - maxIdleMs;
    let expired = 0;
    const live = new Set<string>();
    for (const u of this.deps.records.uploads()) {
      if (Date.parse(u.updatedAt) < cutoff || this.deps.content.uploadSize(u.uuid) === undefined) {
        this.deps.records.deleteUpload(u.uuid);
        expired++;
      } else live.add(u.uuid.toLowerCase());
    }
    return { expired, orphans: this.deps.content.sweepUploads(live) };
  }
}
