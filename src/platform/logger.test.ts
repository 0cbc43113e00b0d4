import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineBatch, createLogger, isoTime } from './logger.js';

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

test('a logger with a logs dir writes one JSON object per line to platform.log, bindings included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cerulean-log-'));
  try {
    const log = createLogger({ logsDir: dir, level: 'info' }).child({ evt: 'http', plane: 'login' });
    log.info({ op: 'Token_V2', status: 200 });
    log.debug({ op: 'hidden' });
    log.info({ op: 'Token_V1', status: 400 });
    (log as unknown as { flush(): void }).flush();
    const file = join(dir, 'platform.log');
    let text = '';
    for (let i = 0; i < 100 && text.split('\n').length < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
      text = readFileSync(file, 'utf8');
    }
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
