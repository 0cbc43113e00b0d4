import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockBlobClient, ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { sharedKeyAuthorization, stringToSign } from './shared-key-signer.js';

const ACCOUNT = 'acct1';
const KEY = Buffer.from('k'.repeat(64)).toString('base64');

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Runs an SDK call with a fake HTTP client and returns the request it signed. */
async function captureSdkRequest(call: (httpClient: unknown) => Promise<unknown>): Promise<Captured> {
  let captured: Captured | undefined;
  const httpClient = {
    async sendRequest(req: { method: string; url: string; headers: { headersArray(): Array<{ name: string; value: string }> } }) {
      const headers = Object.fromEntries(req.headers.headersArray().map((h) => [h.name.toLowerCase(), h.value]));
      captured = { method: req.method, url: req.url, headers };
      return { status: 201, headers: req.headers, request: req, bodyAsText: '' };
    },
  };
  await call(httpClient).catch(() => undefined);
  assert.ok(captured, 'no request captured');
  return captured;
}

test('signs like StorageSharedKeyCredential for Put Blob with a body', async () => {
  const cred = new StorageSharedKeyCredential(ACCOUNT, KEY);
  const req = await captureSdkRequest((httpClient) =>
    new BlockBlobClient(`https://${ACCOUNT}.blob.core.windows.net/box/dir/hello%20world.txt`, cred, { httpClient: httpClient as never, retryOptions: { maxTries: 1 } }).upload('Hello world!', 12, {
      blobHTTPHeaders: { blobContentType: 'text/plain' },
    }),
  );
  const { authorization, ...rest } = req.headers;
  assert.equal(sharedKeyAuthorization(req.method, req.url, rest, ACCOUNT, KEY), authorization);
});

test('signs like StorageSharedKeyCredential for a listing with several query parameters', async () => {
  const cred = new StorageSharedKeyCredential(ACCOUNT, KEY);
  const req = await captureSdkRequest(async (httpClient) => {
    const c = new ContainerClient(`https://${ACCOUNT}.blob.core.windows.net/box`, cred, { httpClient: httpClient as never, retryOptions: { maxTries: 1 } });
    for await (const _ of c.listBlobsByHierarchy('/', { prefix: 'a/b c' }).byPage({ maxPageSize: 7 })) break;
  });
  assert.match(req.url, /comp=list/);
  const { authorization, ...rest } = req.headers;
  assert.equal(sharedKeyAuthorization(req.method, req.url, rest, ACCOUNT, KEY), authorization);
});

test('the string to sign follows the documented layout', () => {
  const headers = { 'x-ms-version': '2021-06-08', 'x-ms-date': 'Mon, 01 Jan 2024 00:00:00 GMT', 'Content-Length': '0', 'x-ms-range': 'bytes=0-9', 'If-None-Match': '*' };
  const url = `https://${ACCOUNT}.blob.core.windows.net/box?restype=container&comp=list&prefix=a%2Fb`;
  assert.equal(
    stringToSign('GET', url, headers, ACCOUNT),
    'GET\n\n\n\n\n\n\n\n\n*\n\n\nx-ms-date:Mon, 01 Jan 2024 00:00:00 GMT\nx-ms-range:bytes=0-9\nx-ms-version:2021-06-08\n/acct1/box\ncomp:list\nprefix:a/b\nrestype:container',
  );
  const a = sharedKeyAuthorization('GET', url, headers, ACCOUNT, KEY);
  const b = sharedKeyAuthorization('GET', url, headers, ACCOUNT, Buffer.from('x'.repeat(64)).toString('base64'));
  assert.match(a, /^SharedKey acct1:[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(a, b);
});
