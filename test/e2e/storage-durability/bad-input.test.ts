/**
 * Bad input on `{account}.blob.core.windows.net`, sent as raw bytes through the proxy: `..` in blob names, invalid
 * container names, missing and garbled headers, bodies shorter than their Content-Length. Each gets the Blob service's
 * error code, and nothing half-written becomes visible (no blob, no staged block, no leftover temporary file).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { startPlatformProcess, removeHome, type PlatformProcess } from '../../support/platform-process.js';
import { contentFiles, rawRequest, requestHead, tunnel, waitFor, type DurabilityFixture, type RawResponse, setupStorage } from './fixtures/raw-blob.js';

let p: PlatformProcess;
let f: DurabilityFixture;
let token: string;

before(async () => {
  p = await startPlatformProcess();
  f = await setupStorage(p, 'bad-input', `bad${randomBytes(4).toString('hex')}`, 'box');
  token = await f.token();
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function send(method: string, path: string, headers: Record<string, string | null> = {}, body: Buffer | string = ''): Promise<RawResponse> {
  const len: Record<string, string> = body.length > 0 || method === 'PUT' ? { 'Content-Length': String(Buffer.byteLength(body)) } : {};
  return rawRequest(p, f.host, requestHead(method, path, f.host, { Authorization: `Bearer ${token}`, ...len, ...headers }), body);
}

const putBlob = (path: string, body: string, headers: Record<string, string | null> = {}) => send('PUT', path, { 'x-ms-blob-type': 'BlockBlob', ...headers }, body);

function assertError(r: RawResponse, status: number, code: string, extra?: Record<string, string>): void {
  assert.equal(r.status, status, `${code}: ${r.status} ${r.body}`);
  assert.equal(r.headers['x-ms-error-code'], code);
  assert.equal(r.headers['content-type'], 'application/xml');
  assert.match(r.body, new RegExp(`<Error><Code>${code}</Code><Message>[^<]+\\nRequestId:[0-9a-f-]{36}\\nTime:[^<]+</Message>`));
  for (const [k, v] of Object.entries(extra ?? {})) assert.ok(r.body.includes(`<${k}>${v}</${k}>`), `${k}=${v} in ${r.body}`);
}

async function listNames(): Promise<string[]> {
  const r = await send('GET', '/box?restype=container&comp=list');
  assert.equal(r.status, 200, r.body);
  return [...r.body.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]);
}

/** Nothing left in blobs/tmp, and content files only for what the store refers to (checked by count). */
async function assertNoLeftovers(expectedData: number): Promise<void> {
  await waitFor('temporary upload files to be removed', () => contentFiles(p.home).tmp.length === 0, 5_000);
  assert.equal(contentFiles(p.home).data.length, expectedData);
}

test('invalid container names: InvalidResourceName / OutOfRangeInput, nothing created', async () => {
  assertError(await send('PUT', '/Bad_Name?restype=container'), 400, 'InvalidResourceName');
  assertError(await send('PUT', '/a--b?restype=container'), 400, 'InvalidResourceName');
  assertError(await send('PUT', '/-abc?restype=container'), 400, 'InvalidResourceName');
  assertError(await send('PUT', '/ab?restype=container'), 400, 'OutOfRangeInput');
  assertError(await send('PUT', `/${'a'.repeat(64)}?restype=container`), 400, 'OutOfRangeInput');
  const list = await send('GET', '/?comp=list');
  assert.equal(list.status, 200, list.body);
  assert.deepEqual([...list.body.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]), ['box']);
});

test('`..` in blob names: an encoded name is an opaque key; a raw dot-segment path never leaves the container tree', async () => {
  const before = contentFiles(p.home).data.length;
  const put = await putBlob('/box/..%2F..%2F..%2Fescape.txt', 'opaque');
  assert.equal(put.status, 201, put.body);
  const got = await send('GET', '/box/..%2F..%2F..%2Fescape.txt');
  assert.equal(got.status, 200);
  assert.equal(got.body, 'opaque');
  assert.deepEqual(await listNames(), ['../../../escape.txt']);
  // A dot-segment path is resolved as a URL before it is routed: /box/../../etc/passwd is /etc/passwd.
  assertError(await send('GET', '/box/../../etc/passwd'), 404, 'ContainerNotFound');
  assertError(await putBlob('/box/../../../tmp/x', 'nope'), 404, 'ContainerNotFound');
  // Nothing named after the blob exists anywhere in the data home.
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [e.name]));
  assert.ok(!walk(p.home).some((n) => n.includes('escape')));
  assert.equal(existsSync('/tmp/x'), false);
  await send('DELETE', '/box/..%2F..%2F..%2Fescape.txt');
  await assertNoLeftovers(before);
});

test('missing and garbled headers get the service error codes', async () => {
  const before = contentFiles(p.home).data.length;
  assertError(await send('PUT', '/box/h.txt', {}, 'x'), 400, 'MissingRequiredHeader', { HeaderName: 'x-ms-blob-type' });
  assertError(await putBlob('/box/h.txt', 'x', { 'x-ms-blob-type': 'Banana' }), 400, 'InvalidHeaderValue', { HeaderName: 'x-ms-blob-type', HeaderValue: 'Banana' });
  assertError(await putBlob('/box/h.txt', 'x', { 'x-ms-version': null }), 400, 'MissingRequiredHeader', { HeaderName: 'x-ms-version' });
  assertError(await putBlob('/box/h.txt', 'x', { 'x-ms-version': 'yesterday' }), 400, 'InvalidHeaderValue', { HeaderName: 'x-ms-version' });
  assertError(await putBlob('/box/h.txt', 'x', { 'Content-MD5': 'not-an-md5' }), 400, 'InvalidHeaderValue', { HeaderName: 'Content-MD5' });
  const wrongMd5 = createHash('md5').update('y').digest('base64');
  assertError(await putBlob('/box/h.txt', 'x', { 'Content-MD5': wrongMd5 }), 400, 'Md5Mismatch', { UserSpecifiedMd5: wrongMd5 });
  const anon = await putBlob('/box/h.txt', 'x', { Authorization: null });
  assertError(anon, 401, 'NoAuthenticationInformation');
  assert.match(anon.headers['www-authenticate'], /^Bearer authorization_uri=https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/oauth2\/authorize resource_id=https:\/\/storage\.azure\.com$/);
  assertError(await putBlob('/box/h.txt', 'x', { Authorization: 'Bearer not.a.jwt' }), 401, 'InvalidAuthenticationInfo');
  assertError(await putBlob('/box/h.txt', 'x', { 'Content-Length': null, 'Transfer-Encoding': 'chunked' }), 411, 'MissingContentLengthHeader');
  assertError(await send('PUT', '/box/h.txt?comp=block&blockid=not%20base64!', {}, 'x'), 400, 'InvalidQueryParameterValue', { QueryParameterName: 'blockid' });
  assertError(await send('PUT', '/box/h.txt?comp=block', {}, 'x'), 400, 'MissingRequiredQueryParameter', { QueryParameterName: 'blockid' });
  assertError(await send('PUT', '/box/h.txt?comp=blocklist', {}, '<BlockList><Latest>AAAA'), 400, 'InvalidXmlDocument');
  assertError(await send('PUT', '/box/h.txt?comp=blocklist', {}, '<BlockList><Latest>AAAA</Latest></BlockList>'), 400, 'InvalidBlockList');
  assertError(await send('GET', '/box/h.txt'), 404, 'BlobNotFound');
  assert.deepEqual(await listNames(), []);
  await assertNoLeftovers(before);
});

/** Declares `declared` bytes, sends `sent`, then closes the connection; the answer (if any) is ignored. */
async function truncated(path: string, headers: Record<string, string>, declared: number, sent: number): Promise<void> {
  const sock = await tunnel(p, f.host);
  sock.on('error', () => {});
  const closed = new Promise<void>((r) => sock.once('close', () => r()));
  const earlier = new Set(contentFiles(p.home).tmp);
  sock.write(`${requestHead('PUT', path, f.host, { Authorization: `Bearer ${token}`, 'Content-Length': String(declared), ...headers })}\r\n\r\n`);
  sock.write(randomBytes(sent));
  // Let the platform start streaming this body into a temporary file of its own, then go away.
  await waitFor('the upload to reach a temporary file', () => contentFiles(p.home).tmp.some((t) => !earlier.has(t)), 5_000);
  sock.destroy();
  await closed;
}

test('truncated uploads (Content-Length larger than sent, then close): no blob, no block, no temporary file', async () => {
  assert.equal((await putBlob('/box/keep.txt', 'original')).status, 201);
  const before = contentFiles(p.home).data.length;
  await truncated('/box/cut.bin', { 'x-ms-blob-type': 'BlockBlob' }, 4 * 1024 * 1024, 200_000);
  await truncated('/box/keep.txt', { 'x-ms-blob-type': 'BlockBlob' }, 4 * 1024 * 1024, 200_000);
  await truncated(`/box/cut-block.bin?comp=block&blockid=${encodeURIComponent(Buffer.from('block-1').toString('base64'))}`, {}, 4 * 1024 * 1024, 200_000);
  await assertNoLeftovers(before);
  assertError(await send('GET', '/box/cut.bin'), 404, 'BlobNotFound');
  assertError(await send('GET', '/box/cut-block.bin?comp=blocklist&blocklisttype=all'), 404, 'BlobNotFound');
  const kept = await send('GET', '/box/keep.txt');
  assert.equal(kept.status, 200);
  assert.equal(kept.body, 'original');
  assert.deepEqual(await listNames(), ['keep.txt']);
});
