import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenQueryCache, parseTokenQuery } from './token-query.js';

const parseOf = (target: string) => () => parseTokenQuery(new URLSearchParams(target.slice(target.indexOf('?') + 1)));

test('parseTokenQuery: resource as sent, blank resource missing, selector names case-insensitive', () => {
  const q = parseTokenQuery(new URLSearchParams('Resource=https://storage.azure.com/&CLIENT_ID=abc&api-version=2017-09-01'));
  assert.equal(q.resource, 'https://storage.azure.com/');
  assert.deepEqual(q.selector, { clientId: 'abc' });
  assert.equal(parseTokenQuery(new URLSearchParams('resource=%20&clientid=x')).resource, undefined);
  assert.equal(parseTokenQuery(new URLSearchParams('clientid=x')).resource, undefined);
});

test('TokenQueryCache keeps targets on its prefixes only, and parses each kept target once', () => {
  const cache = new TokenQueryCache(['/msi/token?'], 2);
  let parses = 0;
  const counted = (target: string) => () => {
    parses++;
    return parseOf(target)();
  };
  const a = '/msi/token?resource=https://vault.azure.net&clientid=1';
  const first = cache.get(a, counted(a));
  assert.equal(cache.get(a, counted(a)), first);
  assert.equal(parses, 1);
  assert.equal(first.resource, 'https://vault.azure.net');
  // A target carrying a path secret is never kept.
  const pod = '/w/0123abcd/metadata/identity/oauth2/token?resource=x';
  cache.get(pod, counted(pod));
  cache.get(pod, counted(pod));
  assert.equal(parses, 3);
  // Different targets give their own answers; the store stays bounded.
  const b = '/msi/token?resource=https://management.azure.com/';
  const c = '/msi/token?resource=https://graph.microsoft.com/';
  assert.equal(cache.get(b, counted(b)).resource, 'https://management.azure.com/');
  assert.equal(cache.get(c, counted(c)).resource, 'https://graph.microsoft.com/');
  assert.equal(cache.get(a, counted(a)).resource, 'https://vault.azure.net');
  assert.equal(parses, 6);
});
