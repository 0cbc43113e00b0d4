/**
 * Support for the Azure ML managed-identity walkthrough: a copy of the sample tree with a model trained at test time,
 * and `az …` run as the scripts run it (`cerulean az` in its own process, from the sample's `cli/` directory).
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runProcess, type RunResult } from '../../../support/run-node.js';
import { entry, type PlatformProcess } from '../../../support/platform-process.js';

export const PYTHON = '/usr/bin/python3';
const SAMPLE = new URL('./sample', import.meta.url).pathname;
/** tsx resolved from the repository (the commands run from the sample's directory). */
const TSX = import.meta.resolve('tsx');

/** Why the walkthrough cannot run here (no Python with scikit-learn), or undefined. */
export function missingPrerequisite(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn, joblib, numpy, requests, azure.identity, azure.storage.blob'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} is not installed`;
  if (r.status !== 0) return `${PYTHON} lacks scikit-learn/joblib/requests/azure-identity/azure-storage-blob (Debian: python3-sklearn python3-azure): ${r.stderr.trim().split('\n').pop()}`;
  return undefined;
}

/** Copies the sample into a temporary `cli/` directory and trains its model; returns the directory and the model's predictions. */
export function prepareSample(): { cliDir: string; expected: string } {
  const cliDir = join(mkdtempSync(join(tmpdir(), 'ml-walkthrough-')), 'cli');
  cpSync(SAMPLE, cliDir, { recursive: true });
  const train = spawnSync(PYTHON, [join(cliDir, 'endpoints/online/model-1/train_model.py')], { encoding: 'utf8' });
  if (train.status !== 0) throw new Error(`training the sample model failed: ${train.stderr}`);
  return { cliDir, expected: train.stdout.trim() };
}

export type Az = (...args: string[]) => Promise<RunResult>;

/** `az …` as `set -e` scripts run it: a non-zero exit fails the test with the command and its output. */
export function azRunner(p: PlatformProcess, cwd: string, log: string[]): Az {
  return async (...args) => {
    const r = await runProcess(process.execPath, ['--import', TSX, entry, 'az', ...args], {
      cwd,
      env: { CERULEAN_HOME: p.home, NODE_OPTIONS: undefined },
      timeoutMs: 240_000,
    });
    log.push(`$ az ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    if (r.code !== 0) throw new Error(`az ${args.join(' ')} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r;
  };
}

/** What a script captures with `$(az … -o tsv)`: stdout without the trailing newline. */
export async function capture(az: Az, ...args: string[]): Promise<string> {
  return (await az(...args)).stdout.replace(/\n$/, '');
}
