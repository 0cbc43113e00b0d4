import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm } from './body.js';

test('parseForm reads a form exactly as Object.fromEntries(new URLSearchParams(text)) does', () => {
  const cases = [
    '', '?', '?a=b', '??a=b', 'a', 'a=', '=b', '&&a=1&&b=2&', 'a=1&a=2&b=3&a=4', 'a+b=c+d', 'x=%2B%20%26', 'x=%zz', 'x=%', 'x=%E2%82%AC',
    'x=%C3', 'x=%ED%A0%80', 'a=b=c', '%61=1', 'é=ü', 'x=%00', '__proto__=1', 'constructor=2&toString=3', '1=a&0=b',
    'client_id=abc&scope=https%3A%2F%2Fmanagement.core.windows.net%2F%2F.default&grant_type=client_credentials',
  ];
  for (const c of cases) {
    const got = parseForm(c);
    const want = Object.fromEntries(new URLSearchParams(c));
    assert.deepEqual(Object.entries(got), Object.entries(want), c);
    assert.equal(Object.getPrototypeOf(got), Object.prototype, c);
  }
});
