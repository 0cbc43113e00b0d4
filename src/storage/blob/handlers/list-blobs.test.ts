import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlobRecord } from '../blob-records.js';
import { pageBlobs, renderListBlobs } from './list-blobs.js';

function blob(name: string, size = 1): BlobRecord {
  return { account: 'a', container: 'c', name, fileId: '0'.repeat(32), size, etag: '0x8D1', createdOn: 0, lastModified: 0, metadata: { Key: 'v&<' } };
}

const names = ['a.txt', 'dir/x/1', 'dir/x/2', 'dir/y', 'dir/z/3', 'zeta'];
const all = names.map((n) => blob(n));
const show = (p: ReturnType<typeof pageBlobs>) => p.entries.map((e) => (e.kind === 'blob' ? e.blob.name : `[${e.name}]`));

test('delimiter groups into BlobPrefix entries; prefix narrows', () => {
  assert.deepEqual(show(pageBlobs(all, { delimiter: '/', max: 100 })), ['a.txt', '[dir/]', 'zeta']);
  assert.deepEqual(show(pageBlobs(all, { prefix: 'dir/', delimiter: '/', max: 100 })), ['[dir/x/]', 'dir/y', '[dir/z/]']);
  assert.deepEqual(show(pageBlobs(all, { prefix: 'dir/x', max: 100 })), ['dir/x/1', 'dir/x/2']);
});

test('markers: NextMarker names the first entry of the next page, prefixes count as entries', () => {
  const p1 = pageBlobs(all, { prefix: 'dir/', delimiter: '/', max: 2 });
  assert.deepEqual(show(p1), ['[dir/x/]', 'dir/y']);
  assert.equal(p1.nextMarker, 'dir/z/');
  const p2 = pageBlobs(all, { prefix: 'dir/', delimiter: '/', max: 2, marker: p1.nextMarker });
  assert.deepEqual(show(p2), ['[dir/z/]']);
  assert.equal(p2.nextMarker, '');
  const flat = pageBlobs(all, { max: 4 });
  assert.equal(flat.nextMarker, 'dir/z/3');
  assert.deepEqual(show(pageBlobs(all, { max: 4, marker: flat.nextMarker })), ['dir/z/3', 'zeta']);
});

test('List Blobs XML: envelope, escaping, metadata only when asked', () => {
  const page = pageBlobs([blob('a&b.txt', 5), blob('d/e')], { delimiter: '/', max: 10 });
  const xml = renderListBlobs({ serviceEndpoint: 'https://a.blob.core.windows.net/', container: 'c', delimiter: '/', maxResults: 10, withMetadata: true, page });
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://a.blob.core.windows.net/" ContainerName="c">'));
  assert.match(xml, /<MaxResults>10<\/MaxResults><Delimiter>\/<\/Delimiter><Blobs><Blob><Name>a&amp;b.txt<\/Name><Properties>/);
  assert.match(xml, /<Content-Length>5<\/Content-Length>/);
  assert.match(xml, /<BlobType>BlockBlob<\/BlobType>/);
  assert.match(xml, /<Metadata><Key>v&amp;&lt;<\/Key><\/Metadata>/);
  assert.match(xml, /<BlobPrefix><Name>d\/<\/Name><\/BlobPrefix><\/Blobs><NextMarker \/><\/EnumerationResults>$/);
  const noMeta = renderListBlobs({ serviceEndpoint: 'x', container: 'c', withMetadata: false, page });
  assert.doesNotMatch(noMeta, /<Metadata>/);
  assert.doesNotMatch(noMeta, /<Prefix>|<Marker>|<MaxResults>/);
});
