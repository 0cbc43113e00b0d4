import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { startBlobTestServer, testAccount, type BlobTestServer } from './testing/blob-test-server.js';
import { sdkSign } from './testing/sdk-signer.js';
import { ContentFiles } from './content-files.js';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request (Node's http keeps the path exactly as given), signed like the SDK unless `unsigned`. */
function send(srv: BlobTestServer, method: string, path: string, opts: { headers?: Record<string, string>; body?: string; unsigned?: boolean } = {}): Promise<Raw> {
  const url = new URL(srv.url);
  const base = { 'x-ms-version': '2026-04-06', ...(opts.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers };
  const headers = opts.unsigned ? base : sdkSign(srv.account.name, srv.key, { method, url: `${url.origin}${path}`, headers: base });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

test('names: invalid container names and `..` in blob names', async () => {
  const srv = await startBlobTestServer();
  try {
    const bad = await send(srv, 'PUT', '/acct1/Bad_Name?restype=container');
    assert.equal(bad.status, 400);
    assert.equal(bad.headers['x-ms-error-code'], 'InvalidResourceName');
    assert.match(bad.body, /<Code>InvalidResourceName<\/Code><Message>The specifed resource name contains invalid characters\.\nRequestId:[0-9a-f-]{36}\nTime:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z<\/Message>/);
    assert.equal((await send(srv, 'PUT', '/acct1/ab?restype=container')).headers['x-ms-error-code'], 'OutOfRangeInput');
    assert.equal((await send(srv, 'PUT', '/acct1/a--b?restype=container')).headers['x-ms-error-code'], 'InvalidResourceName');
    assert.equal((await send(srv, 'PUT', '/acct1/box?restype=container')).status, 201);

    const sneaky = '/acct1/box/..%2F..%2F..%2Fescape.txt';
    const put = await send(srv, 'PUT', sneaky, { body: 'hello', headers: { 'x-ms-blob-type': 'BlockBlob' } });
    assert.equal(put.status, 201, put.body);
    const got = await send(srv, 'GET', sneaky);
    assert.equal(got.status, 200);
    assert.equal(got.body, 'hello');
    const list = await send(srv, 'GET', '/acct1/box?restype=container&comp=list');
    assert.match(list.body, /<Name>\.\.\/\.\.\/\.\.\/escape\.txt<\/Name>/);
    const blobsDir = srv.ctx.paths.blobsDir;
    for (const p of [join(blobsDir, 'escape.txt'), join(dirname(blobsDir), 'escape.txt'), join(blobsDir, 'data', 'escape.txt')]) assert.equal(existsSync(p), false, p);
    const files = readdirSync(join(blobsDir, 'data'));
    assert.equal(files.length, 1);
    assert.match(files[0], /^[0-9a-f]{32}$/);
    assert.equal(statSync(join(blobsDir, 'data', files[0])).mode & 0o777, 0o600);
    assert.equal(statSync(join(blobsDir, 'data')).mode & 0o777, 0o700);
    // Case matters in blob names.
    await send(srv, 'PUT', '/acct1/box/A.txt', { body: 'upper', headers: { 'x-ms-blob-type': 'BlockBlob' } });
    await send(srv, 'PUT', '/acct1/box/a.txt', { body: 'lower', headers: { 'x-ms-blob-type': 'BlockBlob' } });
    assert.equal((await send(srv, 'GET', '/acct1/box/A.txt')).body, 'upper');
    assert.equal((await send(srv, 'GET', '/acct1/box/a.txt')).body, 'lower');
  } finally {
    await srv.close();
  }
});

test('errors and auth: 401 challenge, 404 XML with x-ms-error-code, MD5 mismatch, conditional puts, key access off', async () => {
  const srv = await startBlobTestServer({ account: testAccount('acct1', { properties: { allowSharedKeyAccess: true } }) });
  try {
    const anon = await send(srv, 'GET', '/acct1/box/x', { unsigned: true });
    assert.equal(anon.status, 401);
    assert.equal(anon.headers['x-ms-error-code'], 'NoAuthenticationInformation');
    assert.equal(anon.headers['www-authenticate'], 'Bearer authorization_uri=https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/authorize resource_id=https://storage.azure.com');
    const missing = await send(srv, 'GET', '/acct1/box/x');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['x-ms-error-code'], 'ContainerNotFound');
    assert.equal(missing.headers['x-ms-version'], '2026-04-06');
    assert.equal(missing.headers['content-type'], 'application/xml');
    assert.equal((await send(srv, 'GET', '/nosuchacct/box/x')).headers['x-ms-error-code'], 'ResourceNotFound');
    assert.equal((await send(srv, 'GET', '/acct1/box/x', { headers: { 'x-ms-version': '2015-02-21' } })).headers['x-ms-error-code'], 'InvalidHeaderValue');
    await send(srv, 'PUT', '/acct1/box?restype=container');
    assert.equal((await send(srv, 'GET', '/acct1/box/x')).headers['x-ms-error-code'], 'BlobNotFound');
    const md5 = await send(srv, 'PUT', '/acct1/box/x', { body: 'abc', headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-MD5': Buffer.alloc(16).toString('base64') } });
    assert.equal(md5.status, 400);
    assert.equal(md5.headers['x-ms-error-code'], 'Md5Mismatch');
    assert.equal(readdirSync(join(srv.ctx.paths.blobsDir, 'data')).length, 0);
    const first = await send(srv, 'PUT', '/acct1/box/x', { body: 'abc', headers: { 'x-ms-blob-type': 'BlockBlob', 'If-None-Match': '*' } });
    assert.equal(first.status, 201);
    assert.equal(first.headers['x-ms-request-server-encrypted'], 'true');
    const again = await send(srv, 'PUT', '/acct1/box/x', { body: 'abc', headers: { 'x-ms-blob-type': 'BlockBlob', 'If-None-Match': '*' } });
    assert.equal(again.headers['x-ms-error-code'], 'BlobAlreadyExists');
    const stale = await send(srv, 'PUT', '/acct1/box/x', { body: 'new', headers: { 'x-ms-blob-type': 'BlockBlob', 'If-Match': '"0x1"' } });
    assert.equal(stale.status, 412);
    const ranged = await send(srv, 'GET', '/acct1/box/x', { headers: { 'x-ms-range': 'bytes=0-33554431' } });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers['content-range'], 'bytes 0-2/3');
    assert.equal(ranged.headers['x-ms-blob-content-md5'], first.headers['content-md5']);
    assert.equal((await send(srv, 'GET', '/acct1/box/x', { headers: { 'x-ms-range': 'bytes=3-' } })).status, 416);
    const head = await send(srv, 'HEAD', '/acct1/box/x');
    assert.equal(head.headers['x-ms-blob-type'], 'BlockBlob');
    assert.equal(head.headers['content-length'], '3');
    assert.equal((await send(srv, 'GET', '/acct1/box/x', { headers: { 'If-None-Match': head.headers.etag as string } })).status, 304);

    srv.account.properties.allowSharedKeyAccess = false;
    srv.ctx.store.put('storageAccount', 'acct1', srv.account);
    const refused = await send(srv, 'GET', '/acct1/box/x');
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['x-ms-error-code'], 'KeyBasedAuthenticationNotPermitted');
  } finally {
    await srv.close();
  }
});

test('crash safety: an interrupted upload leaves nothing; leftovers are swept at start; committed blobs survive', async () => {
  const srv = await startBlobTestServer();
  const dataDir = srv.dataDir;
  const files = new ContentFiles(srv.ctx.paths.blobsDir);
  try {
    await send(srv, 'PUT', '/acct1/box?restype=container');
    assert.equal((await send(srv, 'PUT', '/acct1/box/keep.txt', { body: 'kept', headers: { 'x-ms-blob-type': 'BlockBlob' } })).status, 201);
    // A body that fails mid-way: no temporary file stays, no content file appears.
    const failing = Readable.from((async function* () {
      yield Buffer.alloc(1024, 1);
      throw new Error('connection reset');
    })());
    await assert.rejects(files.write(failing, 1 << 20), /connection reset/);
    assert.deepEqual(readdirSync(files.tmpDir), []);
    assert.equal(readdirSync(files.dataDir).length, 1);
    // What a kill -9 leaves behind: a half-written temporary file and a renamed file no record points at.
    writeFileSync(join(files.tmpDir, 'a'.repeat(32)), 'partial');
    writeFileSync(join(files.dataDir, 'b'.repeat(32)), 'orphan');
    await srv.close({ keepData: true });
    const again = await startBlobTestServer({ dataDir });
    try {
      assert.deepEqual(readdirSync(files.tmpDir), []);
      assert.equal(readdirSync(files.dataDir).includes('b'.repeat(32)), false);
      const got = await send(again, 'GET', '/acct1/box/keep.txt');
      assert.equal(got.body, 'kept');
      const list = await send(again, 'GET', '/acct1/box?restype=container&comp=list');
      assert.equal((list.body.match(/<Blob>/g) ?? []).length, 1);
    } finally {
      await again.close();
    }
  } finally {
    await srv.close().catch(() => undefined);
  }
});
