import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSharedKeyAuthorization, sign, stringsToSign, verifySharedKey } from './shared-key.js';
import { sdkSign } from './testing/sdk-signer.js';
import { newAccountKey } from '../accounts/account-records.js';

const key1 = newAccountKey();
const key2 = newAccountKey();

function parts(method: string, url: string, headers: Record<string, string>) {
  const u = new URL(url);
  return { method, headers, path: u.pathname, search: u.search.replace(/^\?/, '') };
}

function check(method: string, url: string, extraHeaders: Record<string, string>, extraPaths: string[] = []) {
  const headers = sdkSign('acct1', key2, { method, url, headers: extraHeaders });
  const auth = parseSharedKeyAuthorization(headers.authorization);
  assert.ok(auth && auth !== 'malformed');
  assert.equal(auth.account, 'acct1');
  return { headers, auth, result: verifySharedKey(parts(method, url, headers), 'acct1', auth.signature, [key1, key2], extraPaths) };
}

test('signatures made by the SDK verify with either key; a tampered request does not', () => {
  const url = 'https://acct1.blob.core.windows.net/box/dir/a%20b.txt?comp=metadata&timeout=30';
  const { headers, auth, result } = check('PUT', url, {
    'x-ms-version': '2026-04-06',
    'x-ms-meta-a_b': 'one',
    'x-ms-meta-a0': 'two',
    'x-ms-meta-Ab-c': 'three',
    'x-ms-client-request-id': 'abc',
    'Content-Type': 'text/plain',
    'Content-Length': '0',
  });
  assert.deepEqual(result, { ok: true });
  // The SDK's header order differs from plain ordinal order for `_` and `-`: the culture variant must match.
  const tampered = { ...headers, 'x-ms-meta-a0': 'TWO' };
  const bad = verifySharedKey(parts('PUT', url, tampered), 'acct1', auth.signature, [key1, key2]);
  assert.equal(bad.ok, false);
  const otherPath = verifySharedKey(parts('PUT', url.replace('a%20b', 'a%20c'), headers), 'acct1', auth.signature, [key1, key2]);
  assert.equal(otherPath.ok, false);
  const wrongKey = verifySharedKey(parts('PUT', url, headers), 'acct1', auth.signature, [key1]);
  assert.equal(wrongKey.ok, false);
  if (!wrongKey.ok) assert.match(wrongKey.stringToSign, /^PUT\n/);
});

test('path-style URLs (account repeated in the path), ranges, content headers and empty query values', () => {
  const url = 'https://127.0.0.1:10000/acct1/box/blob.bin?prefix=&restype=container&comp=list';
  const r = check('GET', url, {
    'x-ms-version': '2021-06-08',
    'x-ms-range': 'bytes=0-33554431',
    'Content-Language': 'en',
    'Content-Encoding': 'gzip',
    Range: 'bytes=0-9',
  }, ['/box/blob.bin']);
  assert.deepEqual(r.result, { ok: true });
});

test('the documented string-to-sign for a known request', () => {
  const key = Buffer.from('key-for-tests').toString('base64');
  const req = {
    method: 'GET',
    headers: { 'x-ms-date': 'Fri, 26 Jun 2015 23:39:12 GMT', 'x-ms-version': '2015-02-21', 'content-length': '0' },
    path: '/mycontainer',
    search: 'restype=container&comp=metadata',
  };
  const expected =
    'GET\n\n\n\n\n\n\n\n\n\n\n\n' +
    'x-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n' +
    '/myaccount/mycontainer\ncomp:metadata\nrestype:container';
  assert.equal(stringsToSign(req, 'myaccount')[0], expected);
  assert.deepEqual(verifySharedKey(req, 'myaccount', sign(key, expected), [key]), { ok: true });
});

test('authorization header parsing', () => {
  assert.equal(parseSharedKeyAuthorization('Bearer abc'), undefined);
  assert.equal(parseSharedKeyAuthorization(undefined), undefined);
  assert.equal(parseSharedKeyAuthorization('SharedKey nocolon'), 'malformed');
  assert.deepEqual(parseSharedKeyAuthorization('SharedKey acct:c2ln+/='), { account: 'acct', signature: 'c2ln+/=' });
});
