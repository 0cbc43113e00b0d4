/**
 * Blob and container objects as az 2.45 prints them (azure-storage-blob models through az's transforms):
 * from response headers (show/download) or from `<Blob>` / `<Container>` list entries.
 */
import { xmlMap, xmlText } from './blob-xml.js';

/** RFC 1123 → `2024-01-02T03:04:05+00:00` (Python's isoformat of an aware datetime). */
export function isoDate(value: string | undefined | null): string | null {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function num(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function bool(v: string | undefined): boolean | null {
  if (v === undefined || v === '') return null;
  return v.toLowerCase() === 'true';
}

export interface BlobFields {
  container: string;
  name: string;
  blobType?: string;
  contentLength?: number | null;
  contentRange?: string | null;
  contentType?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  cacheControl?: string;
  contentMd5?: string;
  creationTime?: string;
  lastModified?: string;
  etag?: string;
  leaseState?: string;
  leaseStatus?: string;
  leaseDuration?: string;
  serverEncrypted?: boolean | null;
  accessTier?: string;
  accessTierInferred?: boolean | null;
  metadata: Record<string, string>;
  tagCount?: number | null;
  versionId?: string;
  isCurrentVersion?: boolean | null;
}

export function blobShape(f: BlobFields): Record<string, unknown> {
  return {
    container: f.container,
    content: '',
    deleted: false,
    encryptedMetadata: null,
    encryptionKeySha256: null,
    encryptionScope: null,
    hasLegalHold: null,
    hasVersionsOnly: null,
    immutabilityPolicy: { expiryTime: null, policyMode: null },
    isAppendBlobSealed: null,
    isCurrentVersion: f.isCurrentVersion ?? null,
    lastAccessedOn: null,
    metadata: f.metadata,
    name: f.name,
    objectReplicationDestinationPolicy: null,
    objectReplicationSourceProperties: [],
    properties: {
      appendBlobCommittedBlockCount: null,
      blobTier: f.accessTier ?? null,
      blobTierChangeTime: null,
      blobTierInferred: f.accessTierInferred ?? null,
      blobType: f.blobType ?? 'BlockBlob',
      contentLength: f.contentLength ?? null,
      contentRange: f.contentRange ?? null,
      contentSettings: {
        cacheControl: f.cacheControl || null,
        contentDisposition: f.contentDisposition || null,
        contentEncoding: f.contentEncoding || null,
        contentLanguage: f.contentLanguage || null,
        contentMd5: f.contentMd5 || null,
        contentType: f.contentType || null,
      },
      copy: { completionTime: null, destinationSnapshot: null, id: null, incrementalCopy: null, progress: null, source: null, status: null, statusDescription: null },
      creationTime: isoDate(f.creationTime),
      deletedTime: null,
      etag: f.etag ?? null,
      lastModified: isoDate(f.lastModified),
      lease: { duration: f.leaseDuration || null, state: f.leaseState?.toLowerCase() ?? null, status: f.leaseStatus?.toLowerCase() ?? null },
      pageBlobSequenceNumber: null,
      pageRanges: null,
      rehydrationStatus: null,
      remainingRetentionDays: null,
      serverEncrypted: f.serverEncrypted ?? null,
    },
    rehydratePriority: null,
    requestServerEncrypted: f.serverEncrypted ?? null,
    snapshot: null,
    tagCount: f.tagCount ?? null,
    tags: null,
    versionId: f.versionId ?? null,
  };
}

/** From Get Blob / Get Blob Properties response headers. */
export function blobFieldsFromHeaders(container: string, name: string, h: Record<string, string>): BlobFields {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('x-ms-meta-')) metadata[k.slice('x-ms-meta-'.length)] = v;
  const range = h['content-range'];
  const total = range ? num(range.split('/')[1]) : num(h['content-length']);
  return {
    container,
    name,
    blobType: h['x-ms-blob-type'],
    contentLength: total,
    contentRange: range ?? null,
    contentType: h['content-type'],
    contentEncoding: h['content-encoding'],
    contentLanguage: h['content-language'],
    contentDisposition: h['content-disposition'],
    cacheControl: h['cache-control'],
    contentMd5: h['x-ms-blob-content-md5'] ?? h['content-md5'],
    creationTime: h['x-ms-creation-time'],
    lastModified: h['last-modified'],
    etag: h.etag,
    leaseState: h['x-ms-lease-state'],
    leaseStatus: h['x-ms-lease-status'],
    leaseDuration: h['x-ms-lease-duration'],
    serverEncrypted: bool(h['x-ms-server-encrypted']),
    accessTier: h['x-ms-access-tier'],
    accessTierInferred: bool(h['x-ms-access-tier-inferred']),
    metadata,
    tagCount: num(h['x-ms-tag-count']),
    versionId: h['x-ms-version-id'],
  };
}

/** From one `<Blob>` entry of List Blobs. */
export function blobFieldsFromXml(container: string, xml: string): BlobFields {
  const p = (tag: string) => xmlText(xml, tag);
  return {
    container,
    name: p('Name') ?? '',
    blobType: p('BlobType'),
    contentLength: num(p('Content-Length')),
    contentType: p('Content-Type'),
    contentEncoding: p('Content-Encoding'),
    contentLanguage: p('Content-Language'),
    contentDisposition: p('Content-Disposition'),
    cacheControl: p('Cache-Control'),
    contentMd5: p('Content-MD5'),
    creationTime: p('Creation-Time'),
    lastModified: p('Last-Modified'),
    etag: p('Etag'),
    leaseState: p('LeaseState'),
    leaseStatus: p('LeaseStatus'),
    leaseDuration: p('LeaseDuration'),
    serverEncrypted: bool(p('ServerEncrypted')),
    accessTier: p('AccessTier'),
    accessTierInferred: bool(p('AccessTierInferred')),
    metadata: xmlMap(xmlText(xml, 'Metadata')),
    tagCount: num(p('TagCount')),
    versionId: p('VersionId'),
    isCurrentVersion: bool(p('IsCurrentVersion')),
  };
}

/** One `<Container>` entry of List Containers, or Get Container Properties headers. */
export function containerShape(name: string, f: { etag?: string; lastModified?: string; leaseState?: string; leaseStatus?: string; leaseDuration?: string; publicAccess?: string; hasImmutabilityPolicy?: boolean | null; hasLegalHold?: boolean | null; defaultEncryptionScope?: string; metadata: Record<string, string> }): Record<string, unknown> {
  return {
    deleted: null,
    encryptionScope: { defaultEncryptionScope: f.defaultEncryptionScope ?? '$account-encryption-key', preventEncryptionScopeOverride: false },
    immutableStorageWithVersioningEnabled: false,
    metadata: f.metadata,
    name,
    properties: {
      etag: f.etag ?? null,
      hasImmutabilityPolicy: f.hasImmutabilityPolicy ?? false,
      hasLegalHold: f.hasLegalHold ?? false,
      lastModified: isoDate(f.lastModified),
      lease: { duration: f.leaseDuration || null, state: f.leaseState?.toLowerCase() ?? 'available', status: f.leaseStatus?.toLowerCase() ?? 'unlocked' },
      publicAccess: f.publicAccess || null,
    },
    version: null,
  };
}

export function containerFromXml(xml: string): Record<string, unknown> {
  const p = (tag: string) => xmlText(xml, tag);
  return containerShape(p('Name') ?? '', {
    etag: p('Etag'),
    lastModified: p('Last-Modified'),
    leaseState: p('LeaseState'),
    leaseStatus: p('LeaseStatus'),
    leaseDuration: p('LeaseDuration'),
    publicAccess: p('PublicAccess'),
    hasImmutabilityPolicy: bool(p('HasImmutabilityPolicy')),
    hasLegalHold: bool(p('HasLegalHold')),
    defaultEncryptionScope: p('DefaultEncryptionScope'),
    metadata: xmlMap(xmlText(xml, 'Metadata')),
  });
}

export function containerFromHeaders(name: string, h: Record<string, string>): Record<string, unknown> {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('x-ms-meta-')) metadata[k.slice('x-ms-meta-'.length)] = v;
  return containerShape(name, {
    etag: h.etag,
    lastModified: h['last-modified'],
    leaseState: h['x-ms-lease-state'],
    leaseStatus: h['x-ms-lease-status'],
    leaseDuration: h['x-ms-lease-duration'],
    publicAccess: h['x-ms-blob-public-access'],
    hasImmutabilityPolicy: bool(h['x-ms-has-immutability-policy']),
    hasLegalHold: bool(h['x-ms-has-legal-hold']),
    defaultEncryptionScope: h['x-ms-default-encryption-scope'],
    metadata,
  });
}
