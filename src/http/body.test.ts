import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm } from './body.js';

test('parseForm reads a form exactly as Object.fromEntries(new URLSearchParams(text)) does', () => {
  const cases = [
    '', '?', '?a=b', '??a=b', 'a', 'a=', '=b', '&&a=1&&b=2&', 'a=1&a=2&b=3&a=4', 'a+b=c+d', 'x=%2B%20%26', 'x=%zz', 'x=%', 'x=%E2%82%AC',
    'x=%C3', 'x=%ED%A0%80', 'a=b=c', '%61=1', 'é=ü', 'x=%00', '__proto__=1', 'constructor=2&toString=3', '1=a&0=b',
    'client_id=abc&scope=https%3A%2F%2Fmanagement.core.windows.net%2F%2F.default&grant_type=client_credentials',
    // ASCII escapes (decoded without decodeURIComponent), mixed with UTF-8 and malformed ones.
    'x=%41%42%43tail&y=%2f%2F%3a&z=a%2Fb%7E~', 'x=%7F%80', 'x=%2F%C3%A9%2F', 'x=%2F%zz', 'x=%2F%4', 'x=%2F%', '%5F_=%5f',
  ];
  for (const c of cases) {
    const got = parseForm(c);
    const want = Object.fromEntries(new URLSearchParams(c));
    assert.deepEqual(Object.entries(got), Object.entries(want), c);
    assert.equal(Object.getPrototypeOf(got), Object.prototype, c);
  }
});
