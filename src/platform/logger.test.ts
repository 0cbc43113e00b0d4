import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINE_BATCH_BYTES, LineBatch, LogFile, closeLogger, createLogger, isoTime } from './logger.js';

test('lines reach the target as one write, in order, once the batch delay has passed', async () => {
  const writes: string[] = [];
  const batch = new LineBatch({ write: (t) => writes.push(t) }, 30);
  batch.write('a\n');
  await new Promise((r) => setImmediate(r));
  batch.write('b\n');
  batch.write('c\n');
  assert.deepEqual(writes, []);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(writes, ['a\nb\nc\n']);
  batch.write('d\n');
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(writes, ['a\nb\nc\n', 'd\n']);
});

test('a batch that reaches LINE_BATCH_BYTES is written at once, without waiting', () => {
  const writes: string[] = [];
  const batch = new LineBatch({ write: (t) => writes.push(t) }, 60_000);
  const line = 'x'.repeat(1023) + '\n';
  for (let i = 0; i < LINE_BATCH_BYTES / 1024 - 1; i++) batch.write(line);
  assert.equal(writes.length, 0);
  batch.write(line);
  assert.equal(writes.length, 1);
  assert.equal(writes[0].length, LINE_BATCH_BYTES);
  batch.write('y\n');
  batch.flushSync();
  assert.deepEqual(writes.slice(1), ['y\n']);
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

test('a logger with a logs dir writes one JSON object per line to platform.log, bindings included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-log-'));
  try {
    const log = createLogger({ logsDir: dir, level: 'info' }).child({ evt: 'http', plane: 'login' });
    log.info({ op: 'Token_V2', status: 200 });
    log.debug({ op: 'hidden' });
    log.info({ op: 'Token_V1', status: 400 });
    // Nothing reaches the file before the batch is written; flush() writes it synchronously.
    const file = join(dir, 'platform.log');
    assert.equal(readFileSync(file, 'utf8'), '');
    log.flush();
    const text = readFileSync(file, 'utf8');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map(({ level, svc, evt, plane, op, status }) => ({ level, svc, evt, plane, op, status })),
      [
        { level: 30, svc: 'cerulean', evt: 'http', plane: 'login', op: 'Token_V2', status: 200 },
        { level: 30, svc: 'cerulean', evt: 'http', plane: 'login', op: 'Token_V1', status: 400 },
      ],
    );
    assert.match(String(lines[0].time), /^\d{4}-\d\d-\d\dT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a log file that cannot be written drops lines and says so once on stderr, without throwing', (t) => {
  const said: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  t.mock.method(process.stderr, 'write', (chunk: string) => {
    said.push(String(chunk));
    return true;
  });
  try {
    const file = new LogFile('/dev/full');
    file.write('{"a":1}\n');
    file.write('{"a":2}\n');
    file.end();
    file.write('{"a":3}\n');
  } finally {
    process.stderr.write = write;
  }
  assert.equal(said.length, 1);
  assert.match(said[0], /could not write to \/dev\/full .*log lines are being dropped/);
});

test('closeLogger writes what is pending and closes the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-log-'));
  try {
    const log = createLogger({ logsDir: dir, level: 'info' });
    log.info({ evt: 'one' });
    closeLogger(log);
    log.info({ evt: 'after close' });
    log.flush();
    const lines = readFileSync(join(dir, 'platform.log'), 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => JSON.parse(l).evt), ['one']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
