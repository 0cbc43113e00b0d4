/**
 * The request pipeline shared by every plane:
 * route → validate → authenticate → authorize → read body → handler → render (in the plane's dialect).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApiError, isApiError } from '../shared/errors.js';
import type { PlatformContext } from '../platform/context.js';
import type { HttpMethod, Operation, Reply, RequestContext } from './operation.js';
import type { Plane } from './plane.js';
import { Router } from './router.js';
import { readBody, DEFAULT_MAX_BODY } from './body.js';

export interface RequestMeta {
  /** Host as the client addressed it (lower case, without port). */
  host: string;
  /** Scheme + host (+ port for direct URLs) to build absolute URLs back to this plane. */
  origin: string;
}

export type PlaneHandler = (req: IncomingMessage, res: ServerResponse, meta: RequestMeta) => Promise<void>;

const AUTHZ_SUFFIX = /\/providers\/microsoft\.authorization\/.*$/i;

export function defaultScope(ctx: RequestContext): string {
  const p = ctx.url.pathname.replace(/\/+$/, '');
  return p.replace(AUTHZ_SUFFIX, '') || '/';
}

export function createPlaneHandler(plane: Plane, pctx: PlatformContext): PlaneHandler {
  const router = new Router(plane.operations);
  return async (req, res, meta) => {
    const startedAt = process.hrtime.bigint();
    const requestId = randomUUID();
    // Some SDKs send `//subscriptions/…` (a `/{scope}` template with a scope that starts with `/`).
    const rawUrl = req.url ?? '/';
    const url = rawUrl.startsWith('http') ? new URL(rawUrl) : new URL(rawUrl.replace(/^\/{2,}/, '/'), meta.origin);
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    const ctx: RequestContext = {
      req,
      res,
      method,
      host: meta.host,
      origin: meta.origin,
      path: url.pathname,
      url,
      query: url.searchParams,
      params: {},
      operation: undefined as unknown as Operation,
      requestId,
      caller: { scheme: 'anonymous' },
      state: {},
      startedAt,
    };
    res.setHeader('x-ms-request-id', requestId);
    let status = 0;
    try {
      const routed = router.match(method, url.pathname);
      if (!routed.match) throw plane.notFound(ctx);
      ctx.operation = routed.match.op;
      ctx.params = routed.match.params;
      plane.validate?.(ctx);
      await authenticate(plane, ctx);
      authorize(plane, ctx, pctx);
      await parseBody(ctx);
      const reply = await ctx.operation.handler(ctx);
      status = reply.status;
      await render(plane, ctx, reply);
    } catch (err) {
      const apiErr = toApiError(err, pctx, ctx);
      status = apiErr.status;
      if (!res.headersSent) plane.renderError(res, apiErr, ctx);
      else res.destroy();
    } finally {
      const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
      pctx.log.info({
        evt: 'http',
        plane: plane.name,
        op: ctx.operation?.id,
        method,
        host: meta.host,
        path: url.pathname,
        status,
        ms: Math.round(ms * 100) / 100,
        principal: ctx.caller.principal?.objectId,
        requestId,
      });
    }
  };
}

async function authenticate(plane: Plane, ctx: RequestContext): Promise<void> {
  const need = ctx.operation.auth ?? 'required';
  if (need === 'none') return;
  for (const a of plane.authenticators) {
    const caller = await a(ctx);
    if (caller) {
      ctx.caller = caller;
      return;
    }
  }
  if (need === 'required') throw plane.unauthenticated(ctx);
}

function authorize(plane: Plane, ctx: RequestContext, pctx: PlatformContext): void {
  const op = ctx.operation;
  const principal = ctx.caller.principal;
  if (!principal) return; // key-based callers (shared key, SAS, endpoint keys) are authorized by their key
  const action = typeof op.action === 'function' ? op.action(ctx) : op.action;
  const dataAction = typeof op.dataAction === 'function' ? op.dataAction(ctx) : op.dataAction;
  const scope = op.scope ? op.scope(ctx) : defaultScope(ctx);
  ctx.state.scope = scope;
  for (const [a, isData] of [
    [action, false],
    [dataAction, true],
  ] as const) {
    if (!a) continue;
    const result = pctx.authz.authorize({
      principal,
      action: a,
      dataAction: isData,
      scope,
      plane: plane.name,
      attributes: ctx.state.authzAttributes as Record<string, string> | undefined,
    });
    if (!result.allowed && result.denial) throw plane.denied(ctx, result.denial);
  }
}

async function parseBody(ctx: RequestContext): Promise<void> {
  const op = ctx.operation;
  const mode = op.body ?? (['PUT', 'POST', 'PATCH'].includes(ctx.method) ? 'json' : 'none');
  if (mode === 'none' || mode === 'stream') return;
  const raw = await readBody(ctx.req, op.maxBodyBytes ?? DEFAULT_MAX_BODY);
  ctx.rawBody = raw;
  if (mode === 'raw') return;
  const text = raw.toString('utf8');
  if (mode === 'form') {
    ctx.body = Object.fromEntries(new URLSearchParams(text));
    return;
  }
  if (text.trim() === '') {
    ctx.body = undefined;
    return;
  }
  try {
    ctx.body = JSON.parse(text);
  } catch (e) {
    const detail = (e as Error).message;
    throw new ApiError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`);
  }
}

async function render(plane: Plane, ctx: RequestContext, reply: Reply): Promise<void> {
  const res = ctx.res;
  if (reply.headers) for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v as string | number | string[]);
  if (reply.stream) {
    res.statusCode = reply.status;
    await reply.stream(res);
    return;
  }
  const body = reply.body;
  if (body === undefined || body === null) {
    res.statusCode = reply.status;
    if (!res.hasHeader('content-length') && reply.status !== 204 && reply.status !== 304) res.setHeader('content-length', 0);
    res.end();
    return;
  }
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    res.statusCode = reply.status;
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    if (!res.hasHeader('content-length')) res.setHeader('content-length', buf.length);
    res.end(buf);
    return;
  }
  if (plane.renderBody) {
    plane.renderBody(res, reply.status, body, ctx);
    return;
  }
  writeJson(res, reply.status, body);
}

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', buf.length);
  res.end(buf);
}

function toApiError(err: unknown, pctx: PlatformContext, ctx: RequestContext): ApiError {
  if (isApiError(err)) return err;
  pctx.log.error({ evt: 'http.unhandled', err: (err as Error)?.stack ?? String(err), path: ctx.path, requestId: ctx.requestId });
  return new ApiError(500, 'InternalServerError', 'Encountered an internal server error.');
}
