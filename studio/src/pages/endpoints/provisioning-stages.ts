/**
 * Where a deployment's provisioning is, from its provisioningState and its container logs. The serving runtime
 * (src/ml/serving/provisioner.ts) writes, in order:
 *   storage-initializer: "Starting storage initializer for deployment …", "Code: …", "Model …", "Downloaded …",
 *                        "Model downloaded: …"                                             → Model download
 *                        "Pulling image …", "Pulled manifest …", "Storage initializer completed."
 *   inference-server:    "Environment image: …", "Conda dependencies: …", "Python interpreter: …" → Image check
 *                        "Starting N instance(s) of the … scoring host."                   → Instances
 *                        scoring host "… azmlinfsrv - Server Settings: …" (init() runs next) → Init
 *                        "Deployment '…' is ready: …"                                       → Succeeded
 *   either:              "Deployment failed: <reason>"                                      → Failed
 * Logs keep earlier attempts, so only lines written since the deployment was last changed count.
 */

export const STAGES = ['Creating', 'Model download', 'Image check', 'Instances', 'Init'] as const;

export interface Progress {
  /** Index in STAGES of the stage reached (the last one started). */
  reached: number;
  outcome: 'running' | 'succeeded' | 'failed' | 'other';
  /** The failure in words (from "Deployment failed:" or the last log lines). */
  failure?: string;
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\s/;
const HOST = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})\s/;

/** The time a log line was written (platform notes: ISO; scoring hosts: `YYYY-MM-DD HH:MM:SS,mmm` UTC). */
export function lineTime(line: string): number | undefined {
  const iso = ISO.exec(line);
  if (iso) return Date.parse(iso[1]);
  const h = HOST.exec(line);
  if (h) return Date.parse(`${h[1]}T${h[2]}.${h[3]}Z`);
  return undefined;
}

/** The lines written at or after `since` (a line without a time goes with the line before it). */
export function linesSince(text: string, since: number | undefined): string[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (since === undefined || isNaN(since)) return lines;
  const out: string[] = [];
  let keep = false;
  for (const l of lines) {
    const t = lineTime(l);
    if (t !== undefined) keep = t >= since;
    if (keep) out.push(l);
  }
  return out;
}

const stripTime = (line: string): string => line.replace(ISO, '').replace(HOST, '');

function lastIndex(lines: string[], re: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i])) return i;
  return -1;
}

export interface ProgressInput {
  state: string | undefined;
  storageInitializer: string;
  inferenceServer: string;
  /** When the deployment was last created or changed (ISO): earlier log lines belong to earlier attempts. */
  since?: string;
}

export function deriveProgress(input: ProgressInput): Progress {
  const since = input.since ? Date.parse(input.since) - 1000 : undefined;
  let si = linesSince(input.storageInitializer, since);
  let inf = linesSince(input.inferenceServer, since);
  const terminal = /^(Succeeded|Failed|Canceled)$/i.test(input.state ?? '');
  if (terminal && si.length === 0 && inf.length === 0) {
    si = linesSince(input.storageInitializer, undefined);
    inf = linesSince(input.inferenceServer, undefined);
  }
  // Only the latest attempt within the window (a restart of the platform provisions again).
  const start = lastIndex(si, /Starting storage initializer for deployment/);
  if (start > 0) {
    const t = lineTime(si[start]);
    si = si.slice(start);
    if (t !== undefined) inf = linesSince(inf.join('\n'), t);
  }
  const has = (lines: string[], re: RegExp) => lines.some((l) => re.test(l));
  let reached = 0;
  if (has(si, /Starting storage initializer|\bCode: |Downloaded /)) reached = 1;
  if (has(si, /Pulling image|Pulled manifest|Storage initializer completed\./) || has(inf, /Environment image: |Failed to pull image|Conda dependencies: |Python interpreter: /)) reached = 2;
  if (has(inf, /Starting \d+ instance\(s\)/)) reached = 3;
  if (has(inf, /azmlinfsrv - Server Settings:|User's init function failed/)) reached = 4;

  const state = (input.state ?? '').toLowerCase();
  if (state === 'succeeded') return { reached: STAGES.length - 1, outcome: 'succeeded' };
  if (state === 'failed') {
    const all = [...si, ...inf];
    const failedLine = [...si, ...inf].reverse().find((l) => /Deployment failed: /.test(l));
    const failure = failedLine ? stripTime(failedLine).replace(/^.*?Deployment failed: /, '') : all.slice(-15).map(stripTime).join('\n') || undefined;
    return { reached, outcome: 'failed', failure };
  }
  if (/^(creating|updating|scaling)$/.test(state)) return { reached, outcome: 'running' };
  return { reached, outcome: 'other' };
}

export interface MissingRole {
  role: string;
  scope?: string;
  principalId?: string;
  command?: string;
}

/** The role a failure names as missing (Storage Blob Data Reader, AcrPull, …), with its scope when given. */
export function missingRole(text: string | undefined): MissingRole | undefined {
  if (!text) return undefined;
  const named = /Assign it the '([^']+)' role/.exec(text)?.[1];
  let role = named;
  if (!role && /Storage Blob Data Reader|AuthorizationPermissionMismatch|StorageAuthorizationFailed/i.test(text)) role = 'Storage Blob Data Reader';
  if (!role && /AcrPull|ImagePullAuthorizationFailed/i.test(text)) role = 'AcrPull';
  if (!role) return undefined;
  const command = /(az role assignment create [^)]*)\)/.exec(text)?.[1];
  const scope = /--scope (\S+)/.exec(command ?? '')?.[1] ?? /on the [\w ]+ '(\/subscriptions\/[^']+)'/.exec(text)?.[1];
  const principalId = /principal id ([0-9a-f-]{36})/i.exec(text)?.[1];
  return { role, scope: scope && scope !== '<registry' ? scope : undefined, principalId, command };
}
