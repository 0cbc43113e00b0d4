import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, FrameType, encodeFrame, encodeJsonFrame, exitStatus, parseJsonPayload } from './exec-frames.js';

test('frames survive arbitrary chunking', () => {
  const wire = Buffer.concat([
    encodeJsonFrame(FrameType.Start, { argv: ['echo', 'hi'], cwd: '/', env: { A: 'é' } }),
    encodeFrame(FrameType.Stdin, Buffer.from([0, 1, 2, 255])),
    encodeFrame(FrameType.StdinEof),
  ]);
  for (const step of [1, 2, 3, 7, wire.length]) {
    const d = new FrameDecoder();
    const frames = [];
    for (let i = 0; i < wire.length; i += step) frames.push(...d.push(wire.subarray(i, i + step)));
    assert.equal(frames.length, 3);
    assert.deepEqual(parseJsonPayload(frames[0]), { argv: ['echo', 'hi'], cwd: '/', env: { A: 'é' } });
    assert.equal(frames[1].type, FrameType.Stdin);
    assert.deepEqual([...frames[1].payload], [0, 1, 2, 255]);
    assert.equal(frames[2].type, FrameType.StdinEof);
    assert.equal(frames[2].payload.length, 0);
  }
});

test('oversized frames are refused', () => {
  const d = new FrameDecoder(10);
  assert.throws(() => d.push(encodeFrame(FrameType.Stdout, Buffer.alloc(11))), /exceeds the limit/);
});

test('exit status follows the shell convention', () => {
  assert.equal(exitStatus({ code: 3, signal: null }, { SIGTERM: 15 }), 3);
  assert.equal(exitStatus({ code: null, signal: 'SIGTERM' }, { SIGTERM: 15 }), 143);
});
