/**
 * Manifests the registry accepts: OCI image manifest and index, Docker v2 schema 2 manifest and manifest list.
 * Validation yields what the registry must check (the blobs and child manifests referenced) and what it records
 * (media type, subject and artifact type for the referrers API, annotations).
 */
import { parseDigest } from './digest.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_SCHEMA1 = ['application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws'];
export const SUPPORTED_MANIFESTS = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST] as const;

/** Layers that live elsewhere (Windows base layers): their blobs are not expected in the registry. */
const FOREIGN_LAYERS = new Set([
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface ValidatedManifest {
  mediaType: string;
  /** Blobs that must exist in the repository (config + layers). */
  blobs: string[];
  /** Manifests that must exist in the repository (index / manifest list entries). */
  manifests: string[];
  subject?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export class ManifestError extends Error {
  constructor(
    readonly kind: 'invalid' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

const invalid = (m: string) => new ManifestError('invalid', m);

function descriptor(v: unknown, where: string): Descriptor {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(`${where}: descriptor must be an object`);
  const d = v as Record<string, unknown>;
  if (typeof d.mediaType !== 'string' || d.mediaType === '') throw invalid(`${where}: mediaType is required`);
  if (typeof d.digest !== 'string' || !parseDigest(d.digest)) throw invalid(`${where}: invalid digest '${String(d.digest)}'`);
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) throw invalid(`${where}: size must be a non-negative integer`);
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (Array.isArray(d.urls)) out.urls = d.urls.filter((u): u is string => typeof u === 'string');
  if (typeof d.artifactType === 'string') out.artifactType = d.artifactType;
  if (d.annotations !== undefined) out.annotations = stringMap(d.annotations, `${where}.annotations`);
  return out;
}

function stringMap(v: unknown, where: string): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(`${where} must be an object of strings`);
  for (const x of Object.values(v)) if (typeof x !== 'string') throw invalid(`${where} must be an object of strings`);
  return v as Record<string, string>;
}

/** The media type of a Content-Type header (parameters dropped, lower case), or undefined when absent. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const t = contentType?.split(';')[0].trim().toLowerCase();
  return t ? t : undefined;
}

/**
 * Validates manifest bytes pushed with `contentType`. The media type is the Content-Type, or the body's
 * `mediaType` when the client sent none (or a generic JSON type); both present and different is invalid.
 */
export function validateManifest(bytes: Buffer, contentType: string | undefined): ValidatedManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw invalid(`manifest is not valid JSON: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalid('manifest must be a JSON object');
  const m = doc as Record<string, unknown>;
  const header = mediaTypeOf(contentType);
  const bodyType = typeof m.mediaType === 'string' ? m.mediaType : undefined;
  const generic = header === undefined || header === 'application/json' || header === 'application/octet-stream';
  if (!generic && DOCKER_SCHEMA1.includes(header!)) throw new ManifestError('unsupported', `manifest schema 1 (${header}) is not supported`);
  if (bodyType && DOCKER_SCHEMA1.includes(bodyType)) throw new ManifestError('unsupported', `manifest schema 1 (${bodyType}) is not supported`);
  if (!generic && bodyType && bodyType !== header) throw invalid(`mediaType '${bodyType}' does not match Content-Type '${header}'`);
  let mediaType = generic ? bodyType : header;
  if (!mediaType) {
    // An OCI manifest may omit mediaType: tell an index (manifests[]) from an image manifest (config + layers).
    mediaType = Array.isArray(m.manifests) ? OCI_INDEX : m.config !== undefined ? OCI_MANIFEST : undefined;
  }
  if (!mediaType || !(SUPPORTED_MANIFESTS as readonly string[]).includes(mediaType)) {
    throw new ManifestError('unsupported', `manifest media type '${mediaType ?? ''}' is not supported`);
  }
  if (m.schemaVersion !== 2) throw invalid('schemaVersion must be 2');

  const out: ValidatedManifest = { mediaType, blobs: [], manifests: [] };
  if (m.annotations !== undefined) out.annotations = stringMap(m.annotations, 'annotations');
  if (m.subject !== undefined) out.subject = descriptor(m.subject, 'subject').digest;
  if (typeof m.artifactType === 'string') out.artifactType = m.artifactType;

  if (mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST) {
    const config = descriptor(m.config, 'config');
    if (!Array.isArray(m.layers)) {
      if (mediaType === DOCKER_MANIFEST) throw invalid('layers is required');
    }
    const layers = Array.isArray(m.layers) ? m.layers.map((l, i) => descriptor(l, `layers[${i}]`)) : [];
    out.blobs.push(config.digest);
    for (const l of layers) if (!FOREIGN_LAYERS.has(l.mediaType) && !(l.urls && l.urls.length > 0)) out.blobs.push(l.digest);
    // Referrers API: a manifest without artifactType is listed under its config's media type.
    if (!out.artifactType && mediaType === OCI_MANIFEST) out.artifactType = config.mediaType;
  } else {
    if (!Array.isArray(m.manifests)) throw invalid('manifests is required');
    const children = m.manifests.map((d, i) => descriptor(d, `manifests[${i}]`));
    for (const c of children) out.manifests.push(c.digest);
  }
  out.blobs = [...new Set(out.blobs)];
  out.manifests = [...new Set(out.manifests)];
  return out;
}
