/**
 * Image content of Cerulean's registries, read and written at the store level (the same records and blob files
 * the registry data plane serves): manifests by tag or digest, blobs by digest, new blobs committed atomically,
 * manifests tagged. Registry access rights are checked by the caller (build-access.ts), not here.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlatformContext } from '../../platform/context.js';
import type { RegistryResource } from '../../registry/arm/registry-records.js';
import { digestOf, parseDigest } from '../../registry/oci/digest.js';
import { OciContent } from '../../registry/oci/oci-content.js';
import { OciRecords, type ManifestRecord } from '../../registry/oci/oci-records.js';

export interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  json: Record<string, unknown>;
}

export type ManifestLookup = { found: StoredManifest } | { missing: 'repository' | 'reference' };

async function* once(b: Buffer): AsyncIterable<Buffer> {
  yield b;
}

export class ImageStore {
  readonly records: OciRecords;
  readonly content: OciContent;

  constructor(private readonly ctx: PlatformContext) {
    this.records = new OciRecords(ctx.store);
    this.content = new OciContent(join(ctx.paths.root, 'registry'));
    this.content.init();
  }

  private now(): string {
    return new Date(this.ctx.clock.now()).toISOString();
  }

  /**
   * Makes sure stored content belongs to this registry: content left by an earlier registry of the same name is
   * forgotten (as the registry plane does on first use).
   */
  claim(registry: RegistryResource): string {
    const ls = registry.properties.loginServer.toLowerCase();
    const mark = this.records.mark(ls);
    if (mark && (mark.registryId.toLowerCase() !== registry.id.toLowerCase() || mark.creationDate !== registry.properties.creationDate)) {
      const digests = this.records.purgeRegistry(ls);
      for (const d of digests) if (!this.records.blobReferenced(d)) this.content.removeBlob(d);
    }
    if (!this.records.mark(ls)) this.records.setMark({ loginServer: ls, registryId: registry.id, creationDate: registry.properties.creationDate });
    return ls;
  }

  manifest(ls: string, repo: string, reference: string): ManifestLookup {
    if (!this.records.repository(ls, repo)) return { missing: 'repository' };
    let rec: ManifestRecord | undefined;
    if (parseDigest(reference)) rec = this.records.manifest(ls, repo, reference);
    else {
      const t = this.records.tag(ls, repo, reference);
      rec = t ? this.records.manifest(ls, repo, t.digest) : undefined;
    }
    if (!rec) return { missing: 'reference' };
    const bytes = Buffer.from(rec.content, 'base64');
    return { found: { digest: rec.digest, mediaType: rec.mediaType, bytes, json: JSON.parse(bytes.toString('utf8')) as Record<string, unknown> } };
  }

  /** A blob the repository links, or undefined (not linked or its file is gone). */
  async blob(ls: string, repo: string, digest: string): Promise<Buffer | undefined> {
    if (!this.records.blobLink(ls, repo, digest) || !parseDigest(digest)) return undefined;
    try {
      return await readFile(this.content.blobPath(digest));
    } catch {
      return undefined;
    }
  }

  hasLinkedBlob(ls: string, repo: string, digest: string): boolean {
    return !!this.records.blobLink(ls, repo, digest) && this.content.hasBlob(digest);
  }

  /** Links an already stored blob into another repository (base layers are shared, not copied). */
  linkBlob(ls: string, repo: string, digest: string, size: number): void {
    this.records.linkBlob(ls, repo, digest, size, this.now());
  }

  /** Stores `bytes` as a blob (atomically, by digest) and links it into the repository. */
  async putBlob(ls: string, repo: string, bytes: Buffer): Promise<string> {
    const digest = digestOf(bytes);
    if (!this.content.hasBlob(digest)) {
      const uuid = this.ctx.ids.uuid().toLowerCase();
      await this.content.createUpload(uuid);
      try {
        await this.content.appendUpload(uuid, 0, once(bytes), bytes.length);
        await this.content.commitUpload(uuid, parseDigest(digest)!);
      } catch (e) {
        await this.content.removeUpload(uuid);
        throw e;
      }
    }
    this.linkBlob(ls, repo, digest, bytes.length);
    return digest;
  }

  /** putBlob without awaiting (small blobs: a config, a setup layer): written under an upload name, then renamed. */
  putBlobSync(ls: string, repo: string, bytes: Buffer): string {
    const digest = digestOf(bytes);
    if (!this.content.hasBlob(digest)) {
      const tmp = this.content.uploadPath(this.ctx.ids.uuid().toLowerCase());
      writeFileSync(tmp, bytes, { mode: 0o600 });
      renameSync(tmp, this.content.blobPath(digest));
    }
    this.linkBlob(ls, repo, digest, bytes.length);
    return digest;
  }

  /** Stores a manifest (its blobs must be linked already) and points `tag` at it. */
  putManifest(ls: string, repo: string, bytes: Buffer, mediaType: string, tag: string): string {
    const digest = digestOf(bytes);
    const now = this.now();
    this.ctx.store.transaction(() => {
      const existing = this.records.manifest(ls, repo, digest);
      this.records.putManifest({ registry: ls, repo, digest, mediaType, size: bytes.length, content: bytes.toString('base64'), createdAt: existing?.createdAt ?? now });
      this.records.putTag(ls, repo, tag, digest, now);
      this.records.touchRepository(ls, repo, now);
    });
    return digest;
  }
}
