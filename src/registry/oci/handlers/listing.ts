/**
 * Listings: `/v2/_catalog`, `/v2/<name>/tags/list` (lexical order, `n`/`last` paging with a `Link` header),
 * `/v2/<name>/referrers/<digest>` (an image index of the manifests whose subject is the digest) and ACR's
 * `/acr/v1/<name>/_tags` (tag details, what `az acr repository show-tags` reads).
 */
import type { Reply, RequestContext } from '../../../http/operation.js';
import { parseDigest } from '../digest.js';
import { OCI_INDEX } from '../manifest-validation.js';
import { ociErrors } from '../oci-errors.js';
import type { TagRecord } from '../oci-records.js';
import { holds, requireAccess } from '../registry-auth.js';
import { registryState, type RegistryService } from '../registry-service.js';
import { encodeRepo, nextLink, paginate } from './request-parts.js';

export async function catalog(svc: RegistryService, ctx: RequestContext): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'registry', name: 'catalog', actions: ['*'] });
  const page = paginate(ctx, svc.records.repositories(registryState(ctx).loginServer), (r) => r, true);
  return { status: 200, headers: nextLink('/v2/_catalog', page), body: { repositories: page.items } };
}

function requireRead(svc: RegistryService, ctx: RequestContext, name: string): void {
  if (holds(ctx, 'repository', name, 'metadata_read')) return;
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['pull'] });
}

export async function tagsList(svc: RegistryService, ctx: RequestContext, name: string): Promise<Reply> {
  requireRead(svc, ctx, name);
  const { loginServer } = registryState(ctx);
  if (!svc.records.repository(loginServer, name)) throw ociErrors.nameUnknown(name);
  const tags = svc.records.tags(loginServer, name).map((t) => t.tag);
  const page = paginate(ctx, tags, (t) => t, true);
  return { status: 200, headers: nextLink(`/v2/${encodeRepo(name)}/tags/list`, page), body: { name, tags: page.items } };
}

export async function referrers(svc: RegistryService, ctx: RequestContext, name: string, digest: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['pull'] });
  const d = parseDigest(digest);
  if (!d) throw ociErrors.digestInvalid(`invalid digest '${digest}'`);
  const { loginServer } = registryState(ctx);
  const filter = ctx.query.get('artifactType');
  const manifests = svc.records
    .manifests(loginServer, name)
    .filter((m) => m.subject === d.digest && (!filter || m.artifactType === filter))
    .map((m) => {
      const entry: Record<string, unknown> = { mediaType: m.mediaType, digest: m.digest, size: m.size };
      if (m.artifactType) entry.artifactType = m.artifactType;
      if (m.annotations) entry.annotations = m.annotations;
      return entry;
    });
  const headers: Record<string, string> = { 'Content-Type': OCI_INDEX };
  if (filter) headers['OCI-Filters-Applied'] = 'artifactType';
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }), 'utf8');
  return { status: 200, headers, body };
}

function tagDetail(t: TagRecord): Record<string, unknown> {
  return {
    name: t.tag,
    digest: t.digest,
    createdTime: t.createdAt,
    lastUpdateTime: t.updatedAt,
    signed: false,
    changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
  };
}

export async function acrTags(svc: RegistryService, ctx: RequestContext, name: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: ['metadata_read'] });
  const { loginServer } = registryState(ctx);
  if (!svc.records.repository(loginServer, name)) throw ociErrors.nameUnknown(name);
  let tags = svc.records.tags(loginServer, name);
  const orderby = ctx.query.get('orderby') ?? '';
  if (orderby === 'timedesc' || orderby === 'timeasc') {
    const sign = orderby === 'timedesc' ? -1 : 1;
    tags = [...tags].sort((a, b) => sign * (Date.parse(a.updatedAt) - Date.parse(b.updatedAt)) || (a.tag < b.tag ? -1 : 1));
  }
  const page = paginate(ctx, tags, (t) => t.tag, orderby === '');
  const extra: Record<string, string> = orderby ? { orderby } : {};
  return {
    status: 200,
    headers: nextLink(`/acr/v1/${encodeRepo(name)}/_tags`, page, extra),
    body: { registry: loginServer, imageName: name, tags: page.items.map(tagDetail) },
  };
}
