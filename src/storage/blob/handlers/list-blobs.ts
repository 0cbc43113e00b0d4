/**
 * List Blobs (`GET /{container}?restype=container&comp=list`): prefix, delimiter (→ BlobPrefix), marker/NextMarker,
 * maxresults, include=metadata. Names are ordered by their UTF-8 bytes, as the service orders them.
 */
import type { Reply, RequestContext } from '../../../http/operation.js';
import type { BlobRecord } from '../blob-records.js';
import { blobState, type BlobService } from '../blob-state.js';
import { rfc1123 } from '../blob-time.js';
import { el, wrap, xmlDocument } from '../blob-xml.js';
import { requireContainer } from './container-ops.js';
import { MAX_LIST_RESULTS, readListParams } from './list-params.js';
import { DEFAULT_CONTENT_TYPE } from '../blob-headers.js';

const INCLUDES = [
  'copy',
  'deleted',
  'metadata',
  'snapshots',
  'uncommittedblobs',
  'versions',
  'tags',
  'immutabilitypolicy',
  'legalhold',
  'deletedwithversions',
  'permissions',
] as const;

export type ListEntry = { kind: 'blob'; blob: BlobRecord } | { kind: 'prefix'; name: string };

export interface ListPage {
  entries: ListEntry[];
  /** Name of the first entry of the next page ('' when this is the last page). */
  nextMarker: string;
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Groups blobs (already filtered by prefix and sorted) into a page of blobs and BlobPrefixes. */
export function pageBlobs(blobs: BlobRecord[], opts: { prefix?: string; delimiter?: string; marker?: string; max: number }): ListPage {
  const prefix = opts.prefix ?? '';
  const entries: ListEntry[] = [];
  let lastPrefix: string | undefined;
  for (const b of blobs) {
    if (!b.name.startsWith(prefix)) continue;
    let entry: ListEntry = { kind: 'blob', blob: b };
    if (opts.delimiter) {
      const i = b.name.indexOf(opts.delimiter, prefix.length);
      if (i >= 0) {
        const name = b.name.slice(0, i + opts.delimiter.length);
        if (name === lastPrefix) continue;
        lastPrefix = name;
        entry = { kind: 'prefix', name };
      }
    }
    const entryName = entry.kind === 'blob' ? entry.blob.name : entry.name;
    if (opts.marker !== undefined && byteCompare(entryName, opts.marker) < 0) continue;
    if (entries.length === opts.max) return { entries, nextMarker: entryName };
    entries.push(entry);
  }
  return { entries, nextMarker: '' };
}

function blobXml(b: BlobRecord, withMetadata: boolean): string {
  const props =
    el('Creation-Time', rfc1123(b.createdOn)) +
    el('Last-Modified', rfc1123(b.lastModified)) +
    el('Etag', b.etag) +
    el('Content-Length', b.size) +
    el('Content-Type', b.contentType ?? DEFAULT_CONTENT_TYPE) +
    el('Content-Encoding', b.contentEncoding) +
    el('Content-Language', b.contentLanguage) +
    el('Content-CRC64') +
    el('Content-MD5', b.contentMd5) +
    el('Cache-Control', b.cacheControl) +
    el('Content-Disposition', b.contentDisposition) +
    el('BlobType', 'BlockBlob') +
    el('AccessTier', 'Hot') +
    el('AccessTierInferred', 'true') +
    el('LeaseStatus', 'unlocked') +
    el('LeaseState', 'available') +
    el('ServerEncrypted', 'true');
  const meta = withMetadata ? wrap('Metadata', Object.entries(b.metadata).map(([k, v]) => el(k, v)).join('')) : '';
  return wrap('Blob', el('Name', b.name) + wrap('Properties', props) + meta);
}

export interface ListBlobsXmlInput {
  serviceEndpoint: string;
  container: string;
  prefix?: string;
  marker?: string;
  maxResults?: number;
  delimiter?: string;
  withMetadata: boolean;
  page: ListPage;
}

export function renderListBlobs(i: ListBlobsXmlInput): string {
  const head =
    (i.prefix !== undefined ? el('Prefix', i.prefix) : '') +
    (i.marker !== undefined ? el('Marker', i.marker) : '') +
    (i.maxResults !== undefined ? el('MaxResults', i.maxResults) : '') +
    (i.delimiter !== undefined ? el('Delimiter', i.delimiter) : '');
  const items = i.page.entries
    .map((e) => (e.kind === 'blob' ? blobXml(e.blob, i.withMetadata) : wrap('BlobPrefix', el('Name', e.name))))
    .join('');
  const root = wrap('EnumerationResults', head + wrap('Blobs', items) + el('NextMarker', i.page.nextMarker), {
    ServiceEndpoint: i.serviceEndpoint,
    ContainerName: i.container,
  });
  return xmlDocument(root);
}

export function listBlobs(svc: BlobService, ctx: RequestContext): Reply {
  const { address } = blobState(ctx);
  requireContainer(svc, ctx);
  const p = readListParams(ctx.query, INCLUDES);
  const delimiter = ctx.query.get('delimiter') || undefined;
  const blobs = svc.records.listBlobs(address.account, address.container!, p.prefix ?? '');
  const page = pageBlobs(blobs, { prefix: p.prefix, delimiter, marker: p.marker, max: p.maxResults ?? MAX_LIST_RESULTS });
  const body = renderListBlobs({
    serviceEndpoint: address.serviceEndpoint,
    container: address.container!,
    prefix: p.prefix,
    marker: p.marker,
    maxResults: p.maxResults,
    delimiter,
    withMetadata: p.include.has('metadata'),
    page,
  });
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body };
}
