/**
 * Where the scoring hosts live and how they are started: the Python host (standard library only; interpreter from
 * CERULEAN_PYTHON, else /usr/bin/python3 where it exists, else `python3` on PATH) with the stub
 * `azureml_inference_server_http` package on its PYTHONPATH, and the Node host for `.js` / `.mjs` / `.cjs` scripts.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HostKind = 'python' | 'node';

/** The hosts folder: beside this module in the source tree; from dist/, the source tree's copy. */
export function hostsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'hosts'), resolve(here, '..', '..', '..', 'src', 'ml', 'serving', 'hosts')];
  for (const c of candidates) if (existsSync(join(c, 'python', 'cerulean_scoring_host.py'))) return c;
  throw new Error(`The scoring hosts were not found (looked in ${candidates.join(', ')}).`);
}

/** The Cerulean installation's node_modules (fallback for packages a Node scoring script imports). */
export function ceruleanNodeModules(): string {
  return resolve(hostsDir(), '..', '..', '..', '..', 'node_modules');
}

export function pythonInterpreter(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CERULEAN_PYTHON) return env.CERULEAN_PYTHON;
  if (existsSync('/usr/bin/python3')) return '/usr/bin/python3';
  return 'python3';
}

export function hostKindFor(scoringScript: string): HostKind {
  return /\.(mjs|cjs|js)$/i.test(scoringScript) ? 'node' : 'python';
}

export interface HostCommand {
  argv: string[];
  /** Variables the host needs (PYTHONPATH / NODE_PATH), merged under the deployment's own. */
  env: Record<string, string>;
}

/**
 * The command line of a host. `configPath`: the Python host's requirements file (optional). Both hosts are asked
 * for a Unix domain socket in their TMPDIR besides their TCP port (`--unix-socket`).
 */
export function hostCommand(kind: HostKind, appRoot: string, configPath?: string, env: NodeJS.ProcessEnv = process.env): HostCommand {
  const dir = hostsDir();
  if (kind === 'node') {
    return {
      argv: [process.execPath, join(dir, 'node', 'node-host.mjs'), '--unix-socket'],
      env: { NODE_PATH: [join(appRoot, 'node_modules'), ceruleanNodeModules()].join(':') },
    };
  }
  const stub = join(dir, 'python');
  return {
    argv: [pythonInterpreter(env), '-u', join(stub, 'cerulean_scoring_host.py'), '--unix-socket', ...(configPath ? [configPath] : [])],
    env: { PYTHONPATH: [stub, env.PYTHONPATH].filter((s) => s).join(':'), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  };
}
