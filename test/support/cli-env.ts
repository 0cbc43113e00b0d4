/**
 * The environment `cerulean env` prints, parsed from its real output: client tests use nothing else.
 */
import { runProcess } from './run-node.js';
import { entry, type PlatformProcess } from './platform-process.js';

export async function cliEnvExports(p: PlatformProcess): Promise<Record<string, string>> {
  const r = await runProcess(process.execPath, ['--import', 'tsx', entry, 'env'], { env: { CERULEAN_HOME: p.home } });
  if (r.code !== 0) throw new Error(`cerulean env failed: ${r.stderr}`);
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^export ([A-Za-z_]+)=(?:'([^']*)'|"([^"]*)"|(\S*))$/.exec(line.trim());
    if (m) out[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  if (!out.HTTPS_PROXY) throw new Error(`cerulean env printed no HTTPS_PROXY:\n${r.stdout}`);
  return out;
}
