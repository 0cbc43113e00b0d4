/** Service- and container-level operations: service properties, account info, list/create/delete containers, properties, metadata. */
import type { Reply, RequestContext } from '../../../http/operation.js';
import { blobErrors } from '../blob-errors.js';
import { metadataHeaders, readMetadata } from '../blob-headers.js';
import { validateContainerName } from '../blob-names.js';
import type { ContainerRecord } from '../blob-records.js';
import { blobState, now, type BlobService } from '../blob-state.js';
import { newEtag, rfc1123 } from '../blob-time.js';
import { el, wrap, xmlDocument } from '../blob-xml.js';
import { MAX_LIST_RESULTS, readListParams } from './list-params.js';

const XML = { 'Content-Type': 'application/xml' };

export function requireContainer(svc: BlobService, ctx: RequestContext): ContainerRecord {
  const { address } = blobState(ctx);
  const c = svc.records.getContainer(address.account, address.container!);
  if (!c) throw blobErrors.containerNotFound();
  return c;
}

function containerHeaders(c: ContainerRecord): Record<string, string> {
  return {
    ETag: `"${c.etag}"`,
    'Last-Modified': rfc1123(c.lastModified),
    'x-ms-lease-status': 'unlocked',
    'x-ms-lease-state': 'available',
    'x-ms-has-immutability-policy': 'false',
    'x-ms-has-legal-hold': 'false',
    'x-ms-default-encryption-scope': '$account-encryption-key',
    'x-ms-deny-encryption-scope-override': 'false',
    ...metadataHeaders(c.metadata),
  };
}

export function getServiceProperties(): Reply {
  const retention = '<RetentionPolicy><Enabled>false</Enabled></RetentionPolicy>';
  const metrics = `<Version>1.0</Version><Enabled>false</Enabled>${retention}`;
  const body =
    '<StorageServiceProperties>' +
    `<Logging><Version>1.0</Version><Read>false</Read><Write>false</Write><Delete>false</Delete>${retention}</Logging>` +
    `<HourMetrics>${metrics}</HourMetrics><MinuteMetrics>${metrics}</MinuteMetrics><Cors />` +
    '<DeleteRetentionPolicy><Enabled>false</Enabled></DeleteRetentionPolicy>' +
    '<StaticWebsite><Enabled>false</Enabled></StaticWebsite>' +
    '</StorageServiceProperties>';
  return { status: 200, headers: XML, body: xmlDocument(body) };
}

export function getAccountInfo(ctx: RequestContext): Reply {
  const { account } = blobState(ctx);
  return {
    status: 200,
    headers: { 'x-ms-sku-name': account.sku.name, 'x-ms-account-kind': account.kind, 'x-ms-is-hns-enabled': 'false' },
  };
}

export function listContainers(svc: BlobService, ctx: RequestContext): Reply {
  const { address } = blobState(ctx);
  const p = readListParams(ctx.query, ['metadata', 'deleted', 'system']);
  const max = p.maxResults ?? MAX_LIST_RESULTS;
  let all = svc.records.listContainers(address.account, p.prefix ?? '');
  if (p.marker !== undefined) all = all.filter((c) => c.name >= p.marker!);
  const page = all.slice(0, max);
  const next = all.length > max ? all[max].name : '';
  const items = page
    .map((c) => {
      const props =
        el('Last-Modified', rfc1123(c.lastModified)) +
        el('Etag', `"${c.etag}"`) +
        el('LeaseStatus', 'unlocked') +
        el('LeaseState', 'available') +
        el('DefaultEncryptionScope', '$account-encryption-key') +
        el('DenyEncryptionScopeOverride', 'false') +
        el('HasImmutabilityPolicy', 'false') +
        el('HasLegalHold', 'false') +
        el('ImmutableStorageWithVersioningEnabled', 'false');
      const meta = p.include.has('metadata') ? wrap('Metadata', Object.entries(c.metadata).map(([k, v]) => el(k, v)).join('')) : '';
      return wrap('Container', el('Name', c.name) + wrap('Properties', props) + meta);
    })
    .join('');
  const head =
    (p.prefix !== undefined ? el('Prefix', p.prefix) : '') +
    (p.marker !== undefined ? el('Marker', p.marker) : '') +
    (p.maxResults !== undefined ? el('MaxResults', p.maxResults) : '');
  const body = wrap('EnumerationResults', head + wrap('Containers', items) + el('NextMarker', next), {
    ServiceEndpoint: address.serviceEndpoint,
  });
  return { status: 200, headers: XML, body: xmlDocument(body) };
}

export function createContainer(svc: BlobService, ctx: RequestContext): Reply {
  const { address } = blobState(ctx);
  const name = address.container!;
  validateContainerName(name);
  const metadata = readMetadata(ctx.req);
  const t = now(svc);
  const rec: ContainerRecord = { account: address.account, name, createdAt: t, lastModified: t, etag: newEtag(t), metadata };
  const created = svc.records.store.transaction(() => {
    if (svc.records.getContainer(address.account, name)) return false;
    svc.records.putContainer(rec);
    return true;
  });
  if (!created) throw blobErrors.containerAlreadyExists();
  return { status: 201, headers: { ETag: `"${rec.etag}"`, 'Last-Modified': rfc1123(rec.lastModified) } };
}

export function deleteContainer(svc: BlobService, ctx: RequestContext): Reply {
  const { address } = blobState(ctx);
  requireContainer(svc, ctx);
  const files = svc.records.deleteAllUnder(address.account, address.container!);
  svc.files.remove(files);
  return { status: 202 };
}

export function getContainerProperties(svc: BlobService, ctx: RequestContext): Reply {
  return { status: 200, headers: containerHeaders(requireContainer(svc, ctx)) };
}

export function setContainerMetadata(svc: BlobService, ctx: RequestContext): Reply {
  const metadata = readMetadata(ctx.req);
  const t = now(svc);
  const updated = svc.records.store.transaction(() => {
    const c = requireContainer(svc, ctx);
    const next: ContainerRecord = { ...c, metadata, lastModified: t, etag: newEtag(t) };
    svc.records.putContainer(next);
    return next;
  });
  return { status: 200, headers: { ETag: `"${updated.etag}"`, 'Last-Modified': rfc1123(updated.lastModified) } };
}
