import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../shared/errors.js';
import { contentRange, resolveRange } from './blob-range.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return `${(e as ApiError).status} ${(e as ApiError).code}`;
  }
  return 'no error';
};

test('ranges: x-ms-range wins, open and suffix ranges, clamping', () => {
  assert.deepEqual(resolveRange({ xMsRange: 'bytes=0-33554431', range: 'bytes=5-6' }, 100), { start: 0, end: 99 });
  assert.deepEqual(resolveRange({ range: 'bytes=5-6' }, 100), { start: 5, end: 6 });
  assert.deepEqual(resolveRange({ range: 'bytes=90-' }, 100), { start: 90, end: 99 });
  assert.deepEqual(resolveRange({ range: 'bytes=-10' }, 100), { start: 90, end: 99 });
  assert.deepEqual(resolveRange({ range: 'bytes=-1000' }, 100), { start: 0, end: 99 });
  assert.equal(resolveRange({}, 100), undefined);
  assert.equal(contentRange({ start: 0, end: 99 }, 100), 'bytes 0-99/100');
});

test('range errors: 416 past the end (also for empty blobs), 400 for a malformed x-ms-range, malformed Range ignored', () => {
  assert.equal(code(() => resolveRange({ xMsRange: 'bytes=100-200' }, 100)), '416 InvalidRange');
  assert.equal(code(() => resolveRange({ xMsRange: 'bytes=0-33554431' }, 0)), '416 InvalidRange');
  assert.equal(code(() => resolveRange({ xMsRange: 'bytes=abc' }, 100)), '400 InvalidHeaderValue');
  assert.equal(code(() => resolveRange({ xMsRange: 'bytes=9-3' }, 100)), '400 InvalidHeaderValue');
  assert.equal(resolveRange({ range: 'items=1-2' }, 100), undefined);
  const e = (() => {
    try {
      resolveRange({ range: 'bytes=200-' }, 100);
    } catch (err) {
      return err as ApiError;
    }
  })();
  assert.equal(e?.headers['Content-Range'], 'bytes */100');
});
