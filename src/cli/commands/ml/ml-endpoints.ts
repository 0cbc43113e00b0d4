/** Shared look-ups for online endpoints and deployments. */
import { CliError, ServiceError } from '../../errors.js';
import type { LroOutcome } from './ml-progress.js';
import { ML_API_VERSION, type MlScope } from './ml-scope.js';

export function endpointPath(s: MlScope, name: string): string {
  return `${s.workspacePath}/onlineEndpoints/${encodeURIComponent(name)}`;
}

export function deploymentPath(s: MlScope, endpoint: string, name: string): string {
  return `${endpointPath(s, endpoint)}/deployments/${encodeURIComponent(name)}`;
}

/** GETs a resource; undefined when it does not exist (404). */
export async function getIfExists(s: MlScope, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await s.arm.get(path, ML_API_VERSION)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) return undefined;
    throw e;
  }
}

export async function workspaceLocation(s: MlScope): Promise<string> {
  const ws = (await s.arm.get(s.workspacePath, ML_API_VERSION)) as { location?: string };
  if (!ws.location) throw new CliError(`Workspace '${s.workspace}' has no location.`);
  return ws.location;
}

/** Parses `blue=90 green=10` (one or several arguments) into a traffic map. */
export function parseTraffic(values: string[] | undefined, option = '--traffic'): Record<string, number> | undefined {
  if (!values) return undefined;
  const out: Record<string, number> = {};
  for (const item of values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean)) {
    const i = item.indexOf('=');
    const n = Number(item.slice(i + 1));
    if (i <= 0 || !Number.isInteger(n)) throw new CliError(`usage error: ${option} expects space-separated <deployment>=<percent> pairs (got '${item}').`, 2);
    out[item.slice(0, i)] = n;
  }
  return out;
}

/** Turns a failed operation into az ml's error. */
export function operationError(what: string, outcome: LroOutcome, hint?: string): CliError {
  const code = outcome.error?.code ?? outcome.status;
  const message = outcome.error?.message ?? `The operation ended in state ${outcome.status}.`;
  const lines = [`Code: ${code}`, `Message: ${message}`];
  if (hint) lines.push(hint);
  return new CliError(`${what} failed: (${code}) ${message}`, 1, lines);
}
