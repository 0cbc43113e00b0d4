/**
 * Set-up for the scoring-router tests: a platform with a workspace and the Node scoring script of fixtures/ as a
 * code asset, deployments of it over REST (ml-serving's helpers), `cerulean az` in its own process, and scoring
 * calls through the forward proxy on one keep-alive agent (load tests send hundreds of requests).
 */
import { join } from 'node:path';
import { ProxyAgent, request } from 'undici';
import { readFileSync } from 'node:fs';
import { startPlatformProcess, entry, type PlatformProcess } from '../../support/platform-process.js';
import { runProcess, type RunResult } from '../../support/run-node.js';
import { createWorkspace, deploy, putAsset, uploadFolder, type Workspace } from '../ml-serving/fixtures/ml-setup.js';

export const GROUP = 'routerrg';
export const WORKSPACE = 'routerws';
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

export interface RouterEnv {
  p: PlatformProcess;
  ws: Workspace;
  /** ARM id of the code asset holding score.mjs. */
  code: string;
}

export async function startRouterEnv(): Promise<RouterEnv> {
  const p = await startPlatformProcess();
  const ws = await createWorkspace(p, GROUP, WORKSPACE);
  const code = await putAsset(p, ws, 'codes', 'router-code', { codeUri: await uploadFolder(p, ws, join(FIXTURES, 'onlinescoring'), 'LocalUpload/router') });
  return { p, ws, code };
}

export interface NodeDeploymentOptions {
  instanceCount?: number;
  maxConcurrent?: number;
  /** `request_timeout_ms`. */
  timeoutMs?: number;
}

/** Deploys score.mjs as `name` (DEPLOYMENT_TAG=name) and waits for Succeeded. */
export async function deployNode(env: RouterEnv, endpointId: string, name: string, o: NodeDeploymentOptions = {}): Promise<any> {
  const requestSettings: Record<string, unknown> = { maxConcurrentRequestsPerInstance: o.maxConcurrent ?? 1 };
  if (o.timeoutMs !== undefined) requestSettings.requestTimeout = `PT${o.timeoutMs / 1000}S`;
  const d = await deploy(env.p, endpointId, name, {
    code: env.code,
    scoringScript: 'score.mjs',
    environmentVariables: { DEPLOYMENT_TAG: name },
    instanceCount: o.instanceCount ?? 1,
    requestSettings,
  });
  if (d?.properties?.provisioningState !== 'Succeeded') throw new Error(`deployment ${name}: ${JSON.stringify(d)}`);
  return d;
}

/** `cerulean az …` with the router workspace as default group/workspace arguments where `ml` commands need them. */
export async function az(p: PlatformProcess, ...args: string[]): Promise<RunResult> {
  const scoped = args[0] === 'ml' ? [...args, '-g', GROUP, '-w', WORKSPACE] : args;
  return runProcess(process.execPath, ['--import', 'tsx', entry, 'az', ...scoped], { env: { CERULEAN_HOME: p.home, NODE_OPTIONS: undefined }, timeoutMs: 120_000 });
}

/** `cerulean az …` that must succeed; returns stdout. */
export async function azOk(p: PlatformProcess, ...args: string[]): Promise<string> {
  const r = await az(p, ...args);
  if (r.code !== 0) throw new Error(`az ${args.join(' ')} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

export interface ScoreResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
  ms: number;
}

/** A keep-alive agent through the platform's proxy, trusting its CA. */
export function scoringAgent(p: PlatformProcess, connections = 64): ProxyAgent {
  return new ProxyAgent({ uri: p.runtime.proxyUrl, requestTls: { ca: readFileSync(p.runtime.caCert, 'utf8') }, connections });
}

/**
 * POSTs `body` (JSON) to a scoring URI with `Authorization: Bearer <credential>`. Never hangs: undici's header and
 * body timeouts end the call after `limitMs` (status 0).
 */
export async function score(agent: ProxyAgent, uri: string, credential: string | undefined, body: unknown, headers: Record<string, string> = {}, limitMs = 30_000): Promise<ScoreResult> {
  const t0 = performance.now();
  const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
  if (credential !== undefined) h.authorization = `Bearer ${credential}`;
  try {
    const r = await request(uri, { method: 'POST', headers: h, body: JSON.stringify(body), dispatcher: agent, headersTimeout: limitMs, bodyTimeout: limitMs });
    const text = await r.body.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: r.statusCode, headers: r.headers as any, text, json, ms: performance.now() - t0 };
  } catch (e) {
    return { status: 0, headers: {}, text: String((e as Error).message), json: undefined, ms: performance.now() - t0 };
  }
}

/** Runs `total` calls with at most `concurrency` at once; results in call order. */
export async function runBounded<T>(total: number, concurrency: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(total);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      out[i] = await call(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return out;
}

/** Counts values. */
export function tally(values: Array<string | number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
