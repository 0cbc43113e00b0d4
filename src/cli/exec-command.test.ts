import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseExecArgs, runExecCommand } from './exec-command.js';

test('exec arguments: repeated --identity, --imds, and the command after --', () => {
  assert.deepEqual(parseExecArgs(['--identity', 'a', '--identity=b', '--imds', '--', 'python3', '--version']), {
    identities: ['a', 'b'],
    imds: true,
    command: ['python3', '--version'],
  });
  assert.deepEqual(parseExecArgs(['ls', '-l']), { identities: [], imds: false, command: ['ls', '-l'] });
  assert.equal(parseExecArgs(['--help']), 'help');
  assert.throws(() => parseExecArgs(['--identity']), /expected one argument/);
  assert.throws(() => parseExecArgs(['--identity', 'a', '--']), /required: <command>/);
  assert.throws(() => parseExecArgs(['--bogus', 'x']), /unrecognized arguments: --bogus/);
});

test('usage errors exit 2 and a platform that is not running exits 1, both with az-style messages', async () => {
  const home = mkdtempSync(join(tmpdir(), 'cerulean-exec-'));
  try {
    const run = async (argv: string[]) => {
      const err = new PassThrough();
      let text = '';
      err.on('data', (d) => (text += d));
      const code = await runExecCommand(argv, { env: { CERULEAN_HOME: home }, stdin: new PassThrough(), stdout: new PassThrough(), stderr: err });
      return { code, text };
    };
    const usage = await run(['--imds']);
    assert.equal(usage.code, 2);
    assert.match(usage.text, /^ERROR: the following arguments are required: <command>/);
    const down = await run(['--', 'true']);
    assert.equal(down.code, 1);
    assert.match(down.text, /^ERROR: Cerulean is not running/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
