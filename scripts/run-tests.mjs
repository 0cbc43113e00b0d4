#!/usr/bin/env node
// Runs test suites with node:test through tsx: `unit` (src/**/*.test.ts), `e2e` (test/e2e/**, npm packages only),
// `slow` (the long end-to-end suites: load, crash and 256 MiB transfers; run by CI, not by `npm test`),
// `clients` (test/e2e/clients/**: Debian's az, python3-azure, skopeo…).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const SLOW = ['test/e2e/storage-durability/', 'test/e2e/ml-router/'];
const isSlow = (f) => SLOW.some((d) => f.startsWith(d));

const suites = {
  unit: () => walk(join(root, 'src')),
  e2e: () => walk(join(root, 'test/e2e')).filter((f) => !f.startsWith('test/e2e/clients/') && !isSlow(f)),
  slow: () => walk(join(root, 'test/e2e')).filter(isSlow),
  clients: () => walk(join(root, 'test/e2e/clients')),
};
// Most end-to-end time is spent waiting on processes and sockets: two files at a time keep both cores busy.
const concurrency = process.env.CERULEAN_TEST_CONCURRENCY ?? '2';

const wanted = process.argv.slice(2);
const files = [];
for (const s of wanted.length ? wanted : ['unit', 'e2e']) {
  if (!suites[s]) {
    console.error(`unknown suite '${s}' (unit, e2e, slow, clients)`);
    process.exit(2);
  }
  files.push(...suites[s]().sort());
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-old-space-size=2048'].filter(Boolean).join(' ') },
});
process.exit(r.status ?? 1);
