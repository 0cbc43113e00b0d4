import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { sendBuffered, setRequestIdFirst, type ResponseHead } from './response-head.js';

const RID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** The raw response (head lines without `Date`, and body) that `write` produces for one request over loopback. */
async function rawResponse(write: (head: ResponseHead) => void): Promise<{ lines: string[]; body: string }> {
  const server = http.createServer((_req, res) => {
    const head: ResponseHead = { res, requestId: RID, requestIdSet: false };
    try {
      write(head);
    } catch (err) {
      res.statusCode = 599;
      res.end(`threw ${(err as Error).message.split('\n')[0]}; headersSent=${res.headersSent}; statusMessage=${String(res.statusMessage)}`);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const text = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.end('GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'));
      let out = '';
      s.setTimeout(5000, () => reject(new Error('timeout')));
      s.on('data', (d: Buffer) => (out += d.toString('latin1')));
      s.on('close', () => resolve(out));
      s.on('error', reject);
    });
    const split = text.indexOf('\r\n\r\n');
    const lines = text.slice(0, split).split('\r\n').filter((l) => !/^date:/i.test(l) && !/^connection:/i.test(l));
    return { lines, body: text.slice(split + 4) };
  } finally {
    server.close();
  }
}

test('a buffered reply on an untouched response: request id first, then the reply headers in order, then the length', async () => {
  const r = await rawResponse((h) => sendBuffered(h, { status: 200, headers: { 'cache-control': 'no-store', Pragma: 'no-cache', 'x-n': 5 } }, Buffer.from('héllo')));
  assert.deepEqual(r.lines, ['HTTP/1.1 200 OK', `x-ms-request-id: ${RID}`, 'cache-control: no-store', 'Pragma: no-cache', 'x-n: 5', 'content-length: 6']);
  assert.equal(Buffer.from(r.body, 'latin1').toString('utf8'), 'héllo');
});

test('headers set earlier with setHeader stay, after the request id', async () => {
  const r = await rawResponse((h) => {
    h.res.setHeader('Access-Control-Allow-Origin', 'https://ml.azure.com');
    h.res.setHeader('Vary', 'Origin');
    sendBuffered(h, { status: 201, headers: { a: 'b' } }, 'text');
  });
  assert.deepEqual(r.lines, [
    'HTTP/1.1 201 Created',
    `x-ms-request-id: ${RID}`,
    'Access-Control-Allow-Origin: https://ml.azure.com',
    'Vary: Origin',
    'a: b',
    'content-length: 4',
  ]);
});

test('setRequestIdFirst puts the request id ahead of existing headers once, keeping a value set under its name', async () => {
  const r = await rawResponse((h) => {
    h.res.setHeader('X-One', '1');
    h.res.setHeader('X-Ms-Request-Id', 'theirs');
    h.res.setHeader('X-Two', ['a', 'b']);
    setRequestIdFirst(h);
    setRequestIdFirst(h);
    assert.equal(h.requestIdSet, true);
    sendBuffered(h, { status: 200 }, undefined);
  });
  assert.deepEqual(r.lines, ['HTTP/1.1 200 OK', 'X-Ms-Request-Id: theirs', 'X-One: 1', 'X-Two: a', 'X-Two: b', 'content-length: 0']);
});

test('a serialised JSON body gets a content-type when it has none and always its own length, under that name', async () => {
  const a = await rawResponse((h) => sendBuffered(h, { status: 200, headers: { 'Content-Length': '999' }, }, '{"a":"é"}', true));
  assert.deepEqual(a.lines, ['HTTP/1.1 200 OK', `x-ms-request-id: ${RID}`, 'content-length: 10', 'content-type: application/json; charset=utf-8']);
  const b = await rawResponse((h) => sendBuffered(h, { status: 200, headers: { 'Content-Type': 'application/vnd+json' } }, '[1]', true));
  assert.deepEqual(b.lines, ['HTTP/1.1 200 OK', `x-ms-request-id: ${RID}`, 'Content-Type: application/vnd+json', 'content-length: 3']);
});

test('setHeader semantics decide a name given twice and a request id given by the reply', async () => {
  const dup = await rawResponse((h) => sendBuffered(h, { status: 200, headers: { 'Content-Type': 'text/plain', 'content-type': 'text/x' } }, 'x'));
  assert.deepEqual(dup.lines, ['HTTP/1.1 200 OK', `x-ms-request-id: ${RID}`, 'content-type: text/x', 'content-length: 1']);
  const own = await rawResponse((h) => sendBuffered(h, { status: 200, headers: { 'X-Ms-Request-Id': 'mine', a: 'b' } }, 'x'));
  assert.deepEqual(own.lines, ['HTTP/1.1 200 OK', 'X-Ms-Request-Id: mine', 'a: b', 'content-length: 1']);
});

test('empty replies: content-length 0, none for 204', async () => {
  const ok = await rawResponse((h) => sendBuffered(h, { status: 200 }, undefined));
  assert.deepEqual(ok.lines, ['HTTP/1.1 200 OK', `x-ms-request-id: ${RID}`, 'content-length: 0']);
  const none = await rawResponse((h) => sendBuffered(h, { status: 204, headers: { e: 'f' } }, undefined));
  assert.deepEqual(none.lines, ['HTTP/1.1 204 No Content', `x-ms-request-id: ${RID}`, 'e: f']);
});

test('an invalid header value throws before anything is written and leaves the status message alone', async () => {
  const r = await rawResponse((h) => sendBuffered(h, { status: 200, headers: { ok: 'x', bad: 'a\nb' } }, 'x'));
  assert.equal(r.lines[0], 'HTTP/1.1 599 unknown');
  assert.match(r.body, /^threw .*; headersSent=false; statusMessage=undefined$/);
  assert.ok(!r.lines.some((l) => l.startsWith('ok:')));
});
