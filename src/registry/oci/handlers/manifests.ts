/** Manifests by tag or digest: HEAD/GET (bytes as pushed, media type recorded), PUT (validated), DELETE. */
import type { Reply, RequestContext } from '../../../http/operation.js';
import { digestOf, looksLikeDigest, parseDigest } from '../digest.js';
import { ManifestError, validateManifest } from '../manifest-validation.js';
import { ociErrors } from '../oci-errors.js';
import { isTag } from '../oci-names.js';
import type { ManifestRecord } from '../oci-records.js';
import { requireAccess } from '../registry-auth.js';
import { nowIso, registryState, type RegistryService } from '../registry-service.js';
import { encodeRepo, header } from './request-parts.js';

type Reference = { tag: string } | { digest: string };

function parseReference(reference: string): Reference {
  if (looksLikeDigest(reference)) {
    const d = parseDigest(reference);
    if (!d) throw ociErrors.digestInvalid(`invalid digest '${reference}'`);
    return { digest: d.digest };
  }
  if (!isTag(reference)) throw ociErrors.tagInvalid(reference);
  return { tag: reference };
}

function findManifest(svc: RegistryService, ctx: RequestContext, name: string, ref: Reference): ManifestRecord {
  const { loginServer } = registryState(ctx);
  if (!svc.records.repository(loginServer, name)) throw ociErrors.nameUnknown(name);
  if ('tag' in ref) {
    const t = svc.records.tag(loginServer, name, ref.tag);
    const m = t && svc.records.manifest(loginServer, name, t.digest);
    if (!m) throw ociErrors.manifestUnknownTag(ref.tag);
    return m;
  }
  const m = svc.records.manifest(loginServer, name, ref.digest);
  if (!m) throw ociErrors.manifestUnknownDigest(ref.digest);
  return m;
}

export async function getManifest(svc: RegistryService, ctx: RequestContext, name: string, reference: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['pull'] });
  const m = findManifest(svc, ctx, name, parseReference(reference));
  const bytes = Buffer.from(m.content, 'base64');
  const headers = { 'Content-Type': m.mediaType, 'Docker-Content-Digest': m.digest, ETag: `"${m.digest}"`, 'Content-Length': bytes.length };
  return ctx.method === 'HEAD' ? { status: 200, headers } : { status: 200, headers, body: bytes };
}

export async function putManifest(svc: RegistryService, ctx: RequestContext, name: string, reference: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['pull', 'push'] });
  const { loginServer } = registryState(ctx);
  const ref = parseReference(reference);
  const bytes = ctx.rawBody ?? Buffer.alloc(0);
  let v;
  try {
    v = validateManifest(bytes, header(ctx, 'content-type'));
  } catch (e) {
    if (e instanceof ManifestError) throw ociErrors.manifestInvalid(e.message);
    throw e;
  }
  const algorithm = 'digest' in ref ? parseDigest(ref.digest)!.algorithm : 'sha256';
  const digest = digestOf(bytes, algorithm);
  if ('digest' in ref && ref.digest !== digest) throw ociErrors.digestInvalid(`manifest digest is ${digest}, not ${ref.digest}`);
  for (const b of v.blobs) if (!svc.records.blobLink(loginServer, name, b)) throw ociErrors.manifestBlobUnknown(b);
  for (const c of v.manifests) if (!svc.records.manifest(loginServer, name, c)) throw ociErrors.manifestBlobUnknown(c);
  const now = nowIso(svc);
  const existing = svc.records.manifest(loginServer, name, digest);
  const rec: ManifestRecord = {
    registry: loginServer,
    repo: name,
    digest,
    mediaType: v.mediaType,
    size: bytes.length,
    content: bytes.toString('base64'),
    createdAt: existing?.createdAt ?? now,
  };
  if (v.subject) rec.subject = v.subject;
  if (v.artifactType) rec.artifactType = v.artifactType;
  if (v.annotations) rec.annotations = v.annotations;
  svc.pctx.store.transaction(() => {
    svc.records.putManifest(rec);
    if ('tag' in ref) svc.records.putTag(loginServer, name, ref.tag, digest, now);
    svc.records.touchRepository(loginServer, name, now);
  });
  const headers: Record<string, string | number> = {
    Location: `/v2/${encodeRepo(name)}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
    'Content-Length': 0,
  };
  if (v.subject) headers['OCI-Subject'] = v.subject;
  return { status: 201, headers };
}

export async function deleteManifest(svc: RegistryService, ctx: RequestContext, name: string, reference: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['delete'] });
  const { loginServer } = registryState(ctx);
  const ref = parseReference(reference);
  const m = findManifest(svc, ctx, name, ref);
  if ('tag' in ref) svc.records.deleteTag(loginServer, name, ref.tag);
  else svc.records.deleteManifest(loginServer, name, m.digest);
  return { status: 202, headers: { 'Docker-Content-Digest': m.digest, 'Content-Length': 0 } };
}
