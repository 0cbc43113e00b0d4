import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobFieldsFromHeaders, blobFieldsFromXml, blobShape, isoDate } from './blob-shapes.js';
import { blobError } from './blob-errors.js';
import { xmlElements, xmlText } from './blob-xml.js';

test('download properties come from the 206 headers', () => {
  const shape = blobShape(
    blobFieldsFromHeaders('box', 'hello.txt', {
      'content-range': 'bytes 0-11/12',
      'content-length': '12',
      'content-type': 'text/plain',
      etag: '"0x1"',
      'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT',
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-lease-state': 'available',
      'x-ms-lease-status': 'unlocked',
      'x-ms-server-encrypted': 'true',
      'x-ms-meta-k': 'v',
    }),
  );
  const p = shape.properties as Record<string, any>;
  assert.equal(p.contentLength, 12);
  assert.equal(p.lastModified, '2024-01-01T00:00:00+00:00');
  assert.deepEqual(p.lease, { duration: null, state: 'available', status: 'unlocked' });
  assert.equal(p.contentSettings.contentType, 'text/plain');
  assert.equal(p.serverEncrypted, true);
  assert.deepEqual(shape.metadata, { k: 'v' });
  assert.equal(shape.container, 'box');
});

test('list entries and errors are read from the service XML', () => {
  const xml = `<?xml version="1.0"?><EnumerationResults><Blobs><BlobPrefix><Name>dir/</Name></BlobPrefix><Blob><Name>a&amp;b.txt</Name><Properties><Content-Length>5</Content-Length><BlobType>BlockBlob</BlobType></Properties><Metadata><x>1</x></Metadata></Blob></Blobs><NextMarker/></EnumerationResults>`;
  const blobs = xmlText(xml, 'Blobs')!;
  assert.deepEqual(xmlElements(blobs, 'BlobPrefix').map((p) => xmlText(p, 'Name')), ['dir/']);
  const entries = xmlElements(blobs.replace(/<BlobPrefix>[\s\S]*?<\/BlobPrefix>/g, ''), 'Blob');
  assert.equal(entries.length, 1);
  const f = blobFieldsFromXml('box', entries[0]);
  assert.equal(f.name, 'a&b.txt');
  assert.equal(f.contentLength, 5);
  assert.deepEqual(f.metadata, { x: '1' });
  assert.equal(xmlText(xml, 'NextMarker'), '');
  const err = blobError(404, { 'x-ms-error-code': 'BlobNotFound' }, '<Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.\nRequestId:1\nTime:2</Message></Error>');
  assert.equal(err.message, 'The specified blob does not exist. ErrorCode:BlobNotFound');
  assert.equal(err.exitCode, 3);
  assert.equal(isoDate('garbage'), null);
});
