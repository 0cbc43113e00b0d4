/**
 * Forwarding one scoring request to a deployment's instances, with the front end's status codes:
 * 429 when the deployment's queue is full, 503 while no instance is ready, 408 past `request_timeout_ms` (queue
 * wait included), 502 when the instance dies with the request in flight, 424 (+ `ms-azureml-model-error-*`)
 * when the scoring code answers an error. Keep-alive agents per instance; the body is streamed unless it must be
 * copied to a mirrored deployment.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import type { DeploymentPool } from './deployment-pool.js';
import type { WorkerInstance } from './worker-instance.js';

export interface ForwardTarget {
  deploymentName: string;
  pool: DeploymentPool;
  requestTimeoutMs: number;
}

/** Front-end answers (bodies as Azure's front end gives them). */
export const frontEndErrors = {
  timeout: { status: 408, type: 'text/plain', body: 'upstream request timeout' },
  tooMany: { status: 429, type: 'application/json', body: JSON.stringify({ message: 'Too many pending requests: the deployment is already handling 2 * max_concurrent_requests_per_instance * instance_count requests.' }) },
  crashed: { status: 502, type: 'text/plain', body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination' },
  unavailable: { status: 503, type: 'text/plain', body: 'no healthy upstream' },
} as const;

type FrontEndError = (typeof frontEndErrors)[keyof typeof frontEndErrors];

const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'authorization', 'content-length']);

function upstreamHeaders(req: IncomingMessage, requestId: string, length?: number): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i];
    if (HOP.has(k.toLowerCase()) || k.toLowerCase() === 'x-request-id') continue;
    out[k] = raw[i + 1];
  }
  out['x-request-id'] = requestId;
  if (length !== undefined) out['content-length'] = length;
  else if (req.headers['content-length'] !== undefined) out['content-length'] = req.headers['content-length'];
  else if (req.headers['transfer-encoding'] !== undefined) out['transfer-encoding'] = 'chunked';
  return out;
}

function writeError(res: ServerResponse, e: FrontEndError, deploymentName: string | undefined, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(e.body);
  res.statusCode = e.status;
  res.setHeader('content-type', e.type);
  res.setHeader('content-length', body.length);
  res.setHeader('x-request-id', requestId);
  res.setHeader('x-ms-request-id', requestId);
  if (deploymentName) res.setHeader('azureml-model-deployment', deploymentName);
  res.end(body);
}

/**
 * Sends `req` to one of the target's instances and writes the answer to `res`. Resolves with the status written.
 * `body`: the request body when it was read already (mirroring); otherwise the request is streamed.
 */
/** Where a request to `inst` goes: its Unix domain socket when it has one, else its TCP port. */
function upstreamOptions(inst: WorkerInstance, req: IncomingMessage, headers: OutgoingHttpHeaders): http.RequestOptions {
  const common = { method: req.method, path: req.url, agent: inst.agent, headers };
  return inst.socketPath !== undefined ? { socketPath: inst.socketPath, ...common } : { host: '127.0.0.1', port: inst.port, ...common };
}

export function forwardScoring(req: IncomingMessage, res: ServerResponse, target: ForwardTarget, requestId: string, body?: Buffer): Promise<number> {
  return new Promise<number>((resolve) => {
    const { pool, deploymentName } = target;
    let done = false;
    let instance: WorkerInstance | undefined;
    let upstream: http.ClientRequest | undefined;
    let cancelQueue: (() => void) | undefined;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (instance) pool.release(instance);
      resolve(status);
    };
    const fail = (e: FrontEndError) => {
      if (done) return;
      cancelQueue?.();
      upstream?.destroy();
      writeError(res, e, deploymentName, requestId);
      finish(e.status);
    };
    const timer = setTimeout(() => fail(frontEndErrors.timeout), target.requestTimeoutMs);
    res.on('close', () => {
      if (!done) {
        cancelQueue?.();
        upstream?.destroy();
        finish(499);
      }
    });

    const send = (inst: WorkerInstance) => {
      instance = inst;
      cancelQueue = undefined;
      if (done) return;
      upstream = http.request(
        upstreamOptions(inst, req, upstreamHeaders(req, requestId, body?.length)),
        (up) => {
          const status = up.statusCode ?? 502;
          const headers: OutgoingHttpHeaders = {};
          for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding') headers[k] = v;
          headers['azureml-model-deployment'] = deploymentName;
          headers['x-request-id'] = requestId;
          headers['x-ms-request-id'] = (up.headers['x-ms-request-id'] as string | undefined) ?? requestId;
          let out = status;
          if (status >= 400) {
            out = 424;
            headers['ms-azureml-model-error-statuscode'] = String(status);
            headers['ms-azureml-model-error-reason'] = 'model_error';
          }
          if (done) {
            up.resume();
            return;
          }
          res.writeHead(out, headers);
          up.pipe(res);
          up.on('end', () => finish(out));
          up.on('error', () => {
            res.destroy();
            finish(502);
          });
        },
      );
      // The instance went away with the request in flight (or refused it while restarting).
      upstream.on('error', () => fail(frontEndErrors.crashed));
      if (body) upstream.end(body);
      else req.pipe(upstream);
    };

    const a = pool.admit(send);
    if (a.kind === 'instance') send(a.instance);
    else if (a.kind === 'queued') cancelQueue = a.cancel;
    else fail(a.kind === 'full' ? frontEndErrors.tooMany : frontEndErrors.unavailable);
  });
}

/** Copies a request to a mirrored deployment; its answer is read and dropped. Never queues, never throws. */
export function mirrorScoring(req: IncomingMessage, target: ForwardTarget, requestId: string, body: Buffer): void {
  const a = target.pool.admit(() => undefined);
  if (a.kind === 'queued') {
    a.cancel();
    return;
  }
  if (a.kind !== 'instance') return;
  const inst = a.instance;
  let released = false;
  const release = () => {
    if (!released) {
      released = true;
      target.pool.release(inst);
    }
  };
  const up = http.request(
    { ...upstreamOptions(inst, req, upstreamHeaders(req, requestId, body.length)), timeout: target.requestTimeoutMs },
    (r) => {
      r.resume();
      r.on('end', release);
      r.on('error', release);
    },
  );
  up.on('timeout', () => up.destroy());
  up.on('error', release);
  up.on('close', release);
  up.end(body);
}
