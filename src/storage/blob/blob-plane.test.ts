import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { BlobServiceClient, StorageSharedKeyCredential, RestError } from '@azure/storage-blob';
import { startBlobTestServer } from './testing/blob-test-server.js';

test('the SDK with Shared Key: containers, upload, ranged download, metadata, listing, delete', async () => {
  const srv = await startBlobTestServer();
  try {
    const cred = new StorageSharedKeyCredential(srv.account.name, srv.key);
    const service = new BlobServiceClient(srv.url, cred);
    const container = service.getContainerClient('box');
    await container.create({ metadata: { Owner: 'me' } });
    await assert.rejects(container.create(), (e: RestError) => e.statusCode === 409 && e.code === 'ContainerAlreadyExists');
    const props = await container.getProperties();
    assert.deepEqual(props.metadata, { owner: 'me' });

    const data = randomBytes(100_000);
    const blob = container.getBlockBlobClient('dir/a.bin');
    const up = await blob.upload(data, data.length, { metadata: { Kind: 'test' }, blobHTTPHeaders: { blobContentType: 'application/x-test' } });
    assert.equal(Buffer.from(up.contentMD5!).toString('hex'), createHash('md5').update(data).digest('hex'));
    const down = await blob.downloadToBuffer();
    assert.ok(down.equals(data));
    const part = await blob.download(10, 20);
    assert.equal(part.contentRange, `bytes 10-29/${data.length}`);
    const chunks: Buffer[] = [];
    for await (const c of part.readableStreamBody!) chunks.push(c as Buffer);
    assert.ok(Buffer.concat(chunks).equals(data.subarray(10, 30)));
    const p = await blob.getProperties();
    assert.equal(p.contentType, 'application/x-test');
    assert.equal(p.blobType, 'BlockBlob');
    assert.deepEqual(p.metadata, { kind: 'test' });

    await container.getBlockBlobClient('dir/sub/b.txt').upload('b', 1);
    await container.getBlockBlobClient('top.txt').upload('t', 1);
    const flat: string[] = [];
    for await (const b of container.listBlobsFlat()) flat.push(b.name);
    assert.deepEqual(flat, ['dir/a.bin', 'dir/sub/b.txt', 'top.txt']);
    const level: string[] = [];
    for await (const item of container.listBlobsByHierarchy('/', { prefix: 'dir/' })) level.push(`${item.kind}:${item.name}`);
    assert.deepEqual(level.sort(), ['blob:dir/a.bin', 'prefix:dir/sub/']);
    const pages: number[] = [];
    for await (const page of container.listBlobsFlat().byPage({ maxPageSize: 2 })) pages.push(page.segment.blobItems.length);
    assert.deepEqual(pages, [2, 1]);

    await blob.delete();
    await assert.rejects(blob.getProperties(), (e: RestError) => e.statusCode === 404);
    await assert.rejects(blob.download(), (e: RestError) => e.statusCode === 404 && e.code === 'BlobNotFound');
    const names: string[] = [];
    for await (const c of service.listContainers()) names.push(c.name);
    assert.deepEqual(names, ['box']);
    await container.delete();
    await assert.rejects(container.getProperties(), (e: RestError) => e.statusCode === 404);
  } finally {
    await srv.close();
  }
});

test('staged blocks are committed in list order; a wrong key is refused', async () => {
  const srv = await startBlobTestServer();
  try {
    const service = new BlobServiceClient(srv.url, new StorageSharedKeyCredential(srv.account.name, srv.key));
    const container = service.getContainerClient('blocks');
    await container.create();
    const blob = container.getBlockBlobClient('big.bin');
    const data = randomBytes(3 * 1024 * 1024 + 5);
    await blob.uploadData(data, { blockSize: 1024 * 1024, concurrency: 3, maxSingleShotSize: 1024 * 1024 });
    const list = await blob.getBlockList('all');
    assert.equal(list.committedBlocks!.length, 4);
    assert.equal(list.uncommittedBlocks!.length, 0);
    assert.ok((await blob.downloadToBuffer()).equals(data));

    const bad = new BlobServiceClient(srv.url, new StorageSharedKeyCredential(srv.account.name, Buffer.alloc(64, 1).toString('base64')));
    await assert.rejects(bad.getContainerClient('blocks').getProperties(), (e: RestError) => e.statusCode === 403);
  } finally {
    await srv.close();
  }
});
