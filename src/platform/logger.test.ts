import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineBatch, isoTime } from './logger.js';

test('lines written in one turn of the event loop reach the target as one write, in order', async () => {
  const writes: string[] = [];
  const batch = new LineBatch({ write: (t) => writes.push(t) });
  batch.write('a\n');
  batch.write('b\n');
  batch.write('c\n');
  assert.deepEqual(writes, []);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(writes, ['a\nb\nc\n']);
  batch.write('d\n');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(writes, ['a\nb\nc\n', 'd\n']);
});

test('flushSync writes what is pending and flushes the target', () => {
  const calls: string[] = [];
  const batch = new LineBatch({ write: (t) => calls.push(`write ${t}`), flushSync: () => calls.push('flushSync') });
  batch.write('x\n');
  batch.flushSync();
  assert.deepEqual(calls, ['write x\n', 'flushSync']);
});

test('isoTime has the form of pino.stdTimeFunctions.isoTime and follows the clock', async () => {
  const a = isoTime();
  assert.match(a, /^,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/);
  const before = Date.parse(JSON.parse(`{${a.slice(1)}}`).time);
  await new Promise((r) => setTimeout(r, 5));
  const after = Date.parse(JSON.parse(`{${isoTime().slice(1)}}`).time);
  assert.ok(after > before);
});
