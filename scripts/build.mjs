#!/usr/bin/env node
/**
 * Builds what `cerulean` runs: the platform and CLI (`tsc -p tsconfig.build.json` → dist/) and the studio
 * (`npm run build:studio` → dist/studio/). Used by `prepare` (so `npm ci` builds) and `prestart`.
 *
 * The build is skipped when its inputs are byte-for-byte those of the last successful build (a SHA-256 over the
 * sources, configs and lockfile, kept in dist/.build-inputs) and its entry points exist, so `npm start` does not
 * spend ten seconds rebuilding an unchanged tree. `--force` always builds.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const STAMP = join(root, 'dist', '.build-inputs');
const OUTPUTS = ['dist/cli/main.js', 'dist/studio/index.html'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const INPUT_DIRS = ['src', 'studio'];

/** Files below `dir`, sorted, leaving out tests and anything a build or a browser run leaves there. */
function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

function inputsDigest() {
  const hash = createHash('sha256');
  const files = [...INPUT_FILES.map((f) => join(root, f)).filter((f) => existsSync(f)), ...INPUT_DIRS.flatMap((d) => walk(join(root, d), []))];
  for (const file of files) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`cerulean build: ${command} ${args.join(' ')} failed\n`);
    process.exit(r.status ?? 1);
  }
}

const force = process.argv.includes('--force');
const digest = inputsDigest();
const built = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === digest && OUTPUTS.every((f) => existsSync(join(root, f)));
if (built && !force) {
  process.stderr.write('cerulean build: sources unchanged since the last build; using dist/ as it is\n');
} else {
  rmSync(STAMP, { force: true });
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  run(bin('tsc'), ['-p', 'tsconfig.build.json']);
  run(bin('tsc'), ['-p', 'studio/tsconfig.json']);
  run(bin('vite'), ['build', '--config', 'studio/vite.config.ts']);
  writeFileSync(STAMP, `${digest}\n`);
}
