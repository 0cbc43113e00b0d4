import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createRequestLog, jsonString, type RequestLogFields } from './request-log.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const root = pino({ level, base: { svc: 'cerulean' }, timestamp: () => ',"time":"2026-11-26T10:00:00.000Z"' }, { write: (l: string) => void lines.push(l) });
  return { lines, log: root.child({ evt: 'http', plane: 'blob' }) };
}

const base: RequestLogFields = {
  op: 'Blob_Get',
  method: 'GET',
  host: 'acct.blob.core.windows.net',
  path: '/c/b.txt',
  status: 200,
  ms: 0.42,
  principal: '7d287f40-2d01-482c-97d9-add09825a330',
  requestId: '774724e6-b0c8-4708-9b35-2292a436bf8e',
};

test('the line is byte-for-byte what pino writes for the same fields', () => {
  const cases: RequestLogFields[] = [
    base,
    { ...base, op: undefined, principal: undefined, status: 404, ms: 12 },
    { ...base, path: '/c/quote"back\\slash\ttab\u0001ctl', host: 'h\u00e9te' },
    { ...base, path: '/c/\u{1F600}/\u2028', ms: Number.NaN },
    { ...base, method: 'DELETE', ms: 1234.56 },
  ];
  for (const fields of cases) {
    const ours = capture();
    createRequestLog(ours.log).write(fields);
    const theirs = capture();
    theirs.log.info({ ...fields });
    assert.equal(ours.lines[0], theirs.lines[0]);
    assert.deepEqual(JSON.parse(ours.lines[0]).path, fields.path);
  }
});

test('bindings set on the logger later are on the next line', () => {
  const { lines, log } = capture();
  const rl = createRequestLog(log);
  log.setBindings({ region: 'local' });
  rl.write(base);
  assert.equal(JSON.parse(lines[0]).region, 'local');
});

test('enabled follows the level', () => {
  assert.equal(createRequestLog(capture('info').log).enabled(), true);
  assert.equal(createRequestLog(capture('warn').log).enabled(), false);
});

test('jsonString is JSON.stringify for any string', () => {
  for (const s of ['', 'plain', 'a"b', 'a\\b', '\n', '\u007f', '\u00e9', '\ud800', 'x\u2029y', ' !#[]~']) assert.equal(jsonString(s), JSON.stringify(s));
});

test('fields the handler adds follow the others, as pino would write them', () => {
  const extra = { workload: 'w0123456789ab', resource: 'https://storage.azure.com/', attempts: 2 };
  const ours = capture();
  createRequestLog(ours.log).write({ ...base, extra });
  const theirs = capture();
  theirs.log.info({ ...base, ...extra });
  assert.equal(ours.lines[0], theirs.lines[0]);
});
