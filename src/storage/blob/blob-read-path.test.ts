import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BlobServiceClient, StorageSharedKeyCredential, RestError } from '@azure/storage-blob';
import { putAccount } from '../accounts/account-records.js';
import { startBlobTestServer } from './testing/blob-test-server.js';
import { MAX_CACHED_BLOB_BYTES } from './content-cache.js';

test('small blobs read from memory still follow every overwrite, delete and account change', async () => {
  const srv = await startBlobTestServer();
  try {
    const service = new BlobServiceClient(srv.url, new StorageSharedKeyCredential(srv.account.name, srv.key));
    const container = service.getContainerClient('box');
    await container.create();
    const blob = container.getBlockBlobClient('small.bin');
    const first = randomBytes(4096);
    await blob.upload(first, first.length);
    assert.ok((await blob.downloadToBuffer()).equals(first));
    assert.ok((await blob.downloadToBuffer()).equals(first), 'second read (from memory)');
    const part = await blob.download(100, 50, { rangeGetContentMD5: true });
    assert.equal(part.contentRange, `bytes 100-149/4096`);
    assert.equal(part.contentLength, 50);
    assert.ok(part.contentMD5);

    const second = randomBytes(1000);
    await blob.upload(second, second.length);
    assert.ok((await blob.downloadToBuffer()).equals(second), 'an overwrite is served at once');
    assert.equal((await blob.getProperties()).contentLength, 1000);

    const empty = container.getBlockBlobClient('empty');
    await empty.upload(Buffer.alloc(0), 0);
    assert.equal((await empty.downloadToBuffer()).length, 0);

    const big = container.getBlockBlobClient('big.bin');
    const data = randomBytes(MAX_CACHED_BLOB_BYTES + 1);
    await big.upload(data, data.length);
    assert.ok((await big.downloadToBuffer()).equals(data), 'larger blobs are streamed from their file');

    await blob.delete();
    await assert.rejects(blob.download(), (e: RestError) => e.statusCode === 404 && e.code === 'BlobNotFound');
    await container.delete();
    await assert.rejects(big.download(), (e: RestError) => e.statusCode === 404 && e.code === 'ContainerNotFound');

    putAccount(srv.ctx.store, { ...srv.account, properties: { ...srv.account.properties, allowSharedKeyAccess: false } });
    await assert.rejects(service.getContainerClient('x').getProperties(), (e: RestError) => e.statusCode === 403, 'an account change is seen at once');
  } finally {
    await srv.close();
  }
});
