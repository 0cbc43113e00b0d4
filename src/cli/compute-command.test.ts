import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from './errors.js';
import { parseComputeArgs } from './compute-command.js';

test('compute exec: name, scope options and the command after --', () => {
  assert.deepEqual(parseComputeArgs(['exec', 'ci1', '-w', 'ws', '-g', 'rg', '--', 'python3', '-c', 'print(1)']), {
    mode: 'exec',
    name: 'ci1',
    workspace: 'ws',
    resourceGroup: 'rg',
    command: ['python3', '-c', 'print(1)'],
  });
  assert.deepEqual(parseComputeArgs(['exec', '--name', 'ci1', '--', '-x']), { mode: 'exec', name: 'ci1', command: ['-x'] });
});

test('compute shell takes no command; missing pieces are usage errors', () => {
  assert.deepEqual(parseComputeArgs(['shell', 'ci1']), { mode: 'shell', name: 'ci1', command: [] });
  assert.equal(parseComputeArgs(['--help']), 'help');
  for (const argv of [['exec', 'ci1'], ['exec', '--', 'ls'], ['shell', 'ci1', '--', 'ls'], ['run', 'ci1'], ['exec', 'ci1', '-w']]) {
    assert.throws(() => parseComputeArgs(argv), UsageError, argv.join(' '));
  }
});
