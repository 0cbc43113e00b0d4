/**
 * What the registry keeps in the store, per login server: repositories, blob links (which repository may serve
 * which blob), manifests (bytes kept exactly as pushed), tags and upload sessions. Blob contents live on disk
 * (oci-content.ts). Keys use `|` as separator (never valid in a repository name); tags are case-sensitive, so tag
 * keys carry the tag hex-encoded (byte order is preserved, so listings stay in lexical order).
 */
import type { Store } from '../../store/store.js';

export const REPOSITORY_KIND = 'ociRepository';
export const BLOB_LINK_KIND = 'ociBlobLink';
export const MANIFEST_KIND = 'ociManifest';
export const TAG_KIND = 'ociTag';
export const UPLOAD_KIND = 'ociUpload';
export const REGISTRY_MARK_KIND = 'ociRegistry';

export interface RepositoryRecord {
  registry: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface BlobLinkRecord {
  digest: string;
  size: number;
  registry: string;
  repo: string;
  createdAt: string;
}

export interface ManifestRecord {
  registry: string;
  repo: string;
  digest: string;
  mediaType: string;
  size: number;
  /** The manifest bytes as pushed, base64. */
  content: string;
  createdAt: string;
  subject?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface TagRecord {
  registry: string;
  repo: string;
  tag: string;
  digest: string;
  createdAt: string;
  updatedAt: string;
}

export interface UploadRecord {
  uuid: string;
  registry: string;
  repo: string;
  /** Bytes received so far. */
  size: number;
  startedAt: string;
  updatedAt: string;
}

/** Which ARM registry the stored content belongs to: recreating a registry of the same name starts it empty. */
export interface RegistryMark {
  loginServer: string;
  registryId: string;
  creationDate: string;
}

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const repoKey = (ls: string, repo: string) => `${ls}|${repo}`;

export class OciRecords {
  constructor(readonly store: Store) {}

  // ── registries ───────────────────────────────────────────────────────────────
  mark(ls: string): RegistryMark | undefined {
    return this.store.get<RegistryMark>(REGISTRY_MARK_KIND, ls)?.body;
  }

  setMark(m: RegistryMark): void {
    this.store.put(REGISTRY_MARK_KIND, m.loginServer, m);
  }

  /** Forgets everything stored for a login server; returns the digests that may have lost their last link. */
  purgeRegistry(ls: string): string[] {
    return this.store.transaction(() => {
      const digests = this.store
        .list<BlobLinkRecord>(BLOB_LINK_KIND)
        .filter((d) => d.body.registry === ls)
        .map((d) => {
          this.store.delete(BLOB_LINK_KIND, d.key);
          return d.body.digest;
        });
      for (const kind of [REPOSITORY_KIND, MANIFEST_KIND, TAG_KIND]) this.store.deletePrefix(kind, `${ls}|`);
      for (const u of this.store.list<UploadRecord>(UPLOAD_KIND)) if (u.body.registry === ls) this.store.delete(UPLOAD_KIND, u.key);
      this.store.delete(REGISTRY_MARK_KIND, ls);
      return [...new Set(digests)];
    });
  }

  // ── repositories ─────────────────────────────────────────────────────────────
  repository(ls: string, repo: string): RepositoryRecord | undefined {
    return this.store.get<RepositoryRecord>(REPOSITORY_KIND, repoKey(ls, repo))?.body;
  }

  touchRepository(ls: string, repo: string, now: string): void {
    const existing = this.repository(ls, repo);
    this.store.put<RepositoryRecord>(REPOSITORY_KIND, repoKey(ls, repo), { registry: ls, name: repo, createdAt: existing?.createdAt ?? now, updatedAt: now });
  }

  /** Repository names in lexical order. */
  repositories(ls: string): string[] {
    return this.store.list<RepositoryRecord>(REPOSITORY_KIND, { prefix: `${ls}|` }).map((d) => d.body.name);
  }

  // ── blob links ───────────────────────────────────────────────────────────────
  blobLink(ls: string, repo: string, digest: string): BlobLinkRecord | undefined {
    return this.store.get<BlobLinkRecord>(BLOB_LINK_KIND, `${digest}|${ls}|${repo}`)?.body;
  }

  linkBlob(ls: string, repo: string, digest: string, size: number, now: string): void {
    if (this.blobLink(ls, repo, digest)) return;
    this.store.put<BlobLinkRecord>(BLOB_LINK_KIND, `${digest}|${ls}|${repo}`, { digest, size, registry: ls, repo, createdAt: now });
  }

  unlinkBlob(ls: string, repo: string, digest: string): boolean {
    return this.store.delete(BLOB_LINK_KIND, `${digest}|${ls}|${repo}`);
  }

  /** Whether any repository of any registry still links the blob. */
  blobReferenced(digest: string): boolean {
    return this.store.list(BLOB_LINK_KIND, { prefix: `${digest}|`, limit: 1 }).length > 0;
  }

  allLinkedDigests(): Set<string> {
    return new Set(this.store.list<BlobLinkRecord>(BLOB_LINK_KIND).map((d) => d.body.digest));
  }

  // ── manifests ────────────────────────────────────────────────────────────────
  manifest(ls: string, repo: string, digest: string): ManifestRecord | undefined {
    return this.store.get<ManifestRecord>(MANIFEST_KIND, `${repoKey(ls, repo)}|${digest}`)?.body;
  }

  putManifest(m: ManifestRecord): void {
    this.store.put(MANIFEST_KIND, `${repoKey(m.registry, m.repo)}|${m.digest}`, m);
  }

  deleteManifest(ls: string, repo: string, digest: string): boolean {
    return this.store.transaction(() => {
      for (const t of this.tags(ls, repo)) if (t.digest === digest) this.deleteTag(ls, repo, t.tag);
      return this.store.delete(MANIFEST_KIND, `${repoKey(ls, repo)}|${digest}`);
    });
  }

  manifests(ls: string, repo: string): ManifestRecord[] {
    return this.store.list<ManifestRecord>(MANIFEST_KIND, { prefix: `${repoKey(ls, repo)}|` }).map((d) => d.body);
  }

  // ── tags ─────────────────────────────────────────────────────────────────────
  tag(ls: string, repo: string, tag: string): TagRecord | undefined {
    return this.store.get<TagRecord>(TAG_KIND, `${repoKey(ls, repo)}|${hex(tag)}`)?.body;
  }

  putTag(ls: string, repo: string, tag: string, digest: string, now: string): void {
    const existing = this.tag(ls, repo, tag);
    this.store.put<TagRecord>(TAG_KIND, `${repoKey(ls, repo)}|${hex(tag)}`, { registry: ls, repo, tag, digest, createdAt: existing?.createdAt ?? now, updatedAt: now });
  }

  deleteTag(ls: string, repo: string, tag: string): boolean {
    return this.store.delete(TAG_KIND, `${repoKey(ls, repo)}|${hex(tag)}`);
  }

  /** Tags in lexical (byte) order. */
  tags(ls: string, repo: string): TagRecord[] {
    return this.store.list<TagRecord>(TAG_KIND, { prefix: `${repoKey(ls, repo)}|` }).map((d) => d.body);
  }

  // ── upload sessions ──────────────────────────────────────────────────────────
  upload(uuid: string): UploadRecord | undefined {
    return this.store.get<UploadRecord>(UPLOAD_KIND, uuid)?.body;
  }

  putUpload(u: UploadRecord): void {
    this.store.put(UPLOAD_KIND, u.uuid, u);
  }

  deleteUpload(uuid: string): void {
    this.store.delete(UPLOAD_KIND, uuid);
  }

  uploads(): UploadRecord[] {
    return this.store.list<UploadRecord>(UPLOAD_KIND).map((d) => d.body);
  }
}
