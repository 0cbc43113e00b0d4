/**
 * The request pipeline shared by every plane:
 * route → validate → authenticate → authorize → read body → handler → render (in the plane's dialect).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApiError, isApiError } from '../shared/errors.js';
import type { PlatformContext } from '../platform/context.js';
import type { Caller, HttpMethod, Operation, Reply, RequestContext } from './operation.js';
import type { Plane } from './plane.js';
import { Router } from './router.js';
import { readBody, parseForm, DEFAULT_MAX_BODY } from './body.js';
import { applyCors, corsPreflightRefused } from './cors.js';
import { createRequestLog } from './request-log.js';
import { JSON_CONTENT_TYPE, sendBuffered, setReplyHeaders, setRequestIdFirst, type ResponseHead } from './response-head.js';

export interface RequestMeta {
  /** Host as the client addressed it (lower case, without port). */
  host: string;
  /** Scheme + host (+ port for direct URLs) to build absolute URLs back to this plane. */
  origin: string;
}

export type PlaneHandler = (req: IncomingMessage, res: ServerResponse, meta: RequestMeta) => Promise<void>;

const AUTHZ_SUFFIX = /\/providers\/microsoft\.authorization\/.*$/i;

export function defaultScope(ctx: RequestContext): string {
  const p = ctx.path.replace(/\/+$/, '');
  return p.replace(AUTHZ_SUFFIX, '') || '/';
}

/**
 * An origin-form target that `new URL()` leaves exactly as sent: only characters no part of the URL parser
 * percent-encodes or rewrites (no `\`, `'`, `#`, spaces, non-ASCII…), not starting with `//`.
 */
const PLAIN_TARGET = /^\/(?!\/)[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*$/;
/** A path segment that starts with `.` or `%2e` may be a dot segment, which the parser removes. */
const MAYBE_DOT_SEGMENT = /\/(?:\.|%2e)/i;
const BODY_METHODS = new Set(['PUT', 'POST', 'PATCH']);

/**
 * The request context the pipeline builds. `url` and `query` are parsed on first use: most requests only need the
 * path, which is taken from the request target directly when the URL parser would return it unchanged.
 */
class PipelineContext implements RequestContext, ResponseHead {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: HttpMethod;
  readonly host: string;
  readonly origin: string;
  path = '';
  params: Record<string, string> = {};
  operation = undefined as unknown as Operation;
  readonly requestId: string;
  requestIdSet = false;
  caller: Caller = { scheme: 'anonymous' };
  body?: unknown;
  rawBody?: Buffer;
  state: Record<string, unknown> = {};
  logFields?: Record<string, string | number>;
  readonly startedAt: bigint;
  private target: string;
  private search = '';
  private parsedUrl: URL | undefined;
  private parsedQuery: URLSearchParams | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, meta: RequestMeta, requestId: string, startedAt: bigint) {
    this.req = req;
    this.res = res;
    this.method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    this.host = meta.host;
    this.origin = meta.origin;
    this.requestId = requestId;
    this.startedAt = startedAt;
    this.target = req.url ?? '/';
  }

  /** Sets `path` (and the query string) from the request target; throws for a target that is not a URL. */
  resolveTarget(): void {
    const raw = this.target;
    if (PLAIN_TARGET.test(raw)) {
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      if (!MAYBE_DOT_SEGMENT.test(path)) {
        this.path = path;
        this.search = q < 0 ? '' : raw.slice(q + 1);
        return;
      }
    }
    // Some SDKs send `//subscriptions/…` (a `/{scope}` template with a scope that starts with `/`).
    const url = raw.startsWith('http') ? new URL(raw) : new URL(raw.replace(/^\/{2,}/, '/'), this.origin);
    this.target = url.pathname + url.search;
    this.parsedUrl = url;
    this.path = url.pathname;
  }

  get url(): URL {
    if (this.parsedUrl === undefined) {
      this.parsedUrl = new URL(this.target, this.origin);
      if (this.parsedQuery !== undefined) syncQuery(this.parsedUrl, this.parsedQuery);
      this.parsedQuery = this.parsedUrl.searchParams;
    }
    return this.parsedUrl;
  }

  set url(value: URL) {
    this.parsedUrl = value;
    this.parsedQuery = value.searchParams;
  }

  get query(): URLSearchParams {
    if (this.parsedQuery === undefined) this.parsedQuery = this.parsedUrl ? this.parsedUrl.searchParams : new URLSearchParams(this.search);
    return this.parsedQuery;
  }

  set query(value: URLSearchParams) {
    this.parsedQuery = value;
  }
}

/** Carries changes made to a query read before the URL was parsed over to the URL (so both agree). */
function syncQuery(url: URL, query: URLSearchParams): void {
  const s = query.toString();
  if (s !== url.searchParams.toString()) url.search = s;
}

export function createPlaneHandler(plane: Plane, pctx: PlatformContext): PlaneHandler {
  const router = new Router(plane.operations);
  // The per-request line: the static fields are serialised once, in the child's bindings.
  const log = createRequestLog(pctx.log.child({ evt: 'http', plane: plane.name }));
  const logPath = plane.logPath ?? ((path: string) => path);
  return async (req, res, meta) => {
    const startedAt = process.hrtime.bigint();
    const requestId = randomUUID();
    const ctx = new PipelineContext(req, res, meta, requestId, startedAt);
    let status = 0;
    try {
      // CORS first: preflights are answered (or refused) before routing and authentication. The request id goes on
      // the response before any other header (here, or when the reply is written: see response-head.ts).
      if (req.headers.origin !== undefined) setRequestIdFirst(ctx);
      const cors = applyCors(req, res, pctx.studio?.origins);
      if (cors === 'preflight') {
        status = 204;
        return;
      }
      if (cors === 'preflight-refused') throw corsPreflightRefused();
      ctx.resolveTarget();
      const routed = router.match(ctx.method, ctx.path);
      if (!routed.match) throw plane.notFound(ctx);
      ctx.operation = routed.match.op;
      ctx.params = routed.match.params;
      if (plane.validate) {
        setRequestIdFirst(ctx);
        plane.validate(ctx);
      }
      // Each step is awaited only when it has to wait (an authenticator, a body, an async handler, a stream).
      if ((ctx.operation.auth ?? 'required') !== 'none') await authenticate(plane, ctx);
      authorize(plane, ctx, pctx);
      const mode = bodyMode(ctx);
      if (mode !== 'none' && mode !== 'stream') decodeBody(ctx, mode, await readBody(req, ctx.operation.maxBodyBytes ?? DEFAULT_MAX_BODY));
      const pending = ctx.operation.handler(ctx);
      const reply = pending instanceof Promise ? await pending : pending;
      filterItems(ctx, reply, pctx);
      status = reply.status;
      if (reply.stream) await renderStream(ctx, reply);
      else render(plane, ctx, reply);
    } catch (err) {
      const apiErr = toApiError(err, pctx, ctx, logPath);
      status = apiErr.status;
      if (!res.headersSent) {
        setRequestIdFirst(ctx);
        plane.renderError(res, apiErr, ctx);
      } else res.destroy();
    } finally {
      if (log.enabled()) {
        const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
        log.write({
          op: ctx.operation?.id,
          method: ctx.method,
          host: meta.host,
          path: logPath(ctx.path),
          status,
          ms: Math.round(ms * 100) / 100,
          principal: ctx.caller.principal?.objectId,
          requestId,
          extra: ctx.logFields,
        });
      }
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
  if (action) check(plane, ctx, pctx, action, false, scope);
  if (dataAction) check(plane, ctx, pctx, dataAction, true, scope);
}

function check(plane: Plane, ctx: RequestContext, pctx: PlatformContext, action: string, dataAction: boolean, scope: string): void {
  const result = pctx.authz.authorize({
    principal: ctx.caller.principal!,
    action,
    dataAction,
    scope,
    plane: plane.name,
    attributes: ctx.state.authzAttributes as Record<string, string> | undefined,
  });
  if (!result.allowed && result.denial) throw plane.denied(ctx, result.denial);
}

/** Collection reads declared with `itemAction` keep only the items the caller may read (ARM's list semantics). */
function filterItems(ctx: RequestContext, reply: Reply, pctx: PlatformContext): void {
  const action = ctx.operation.itemAction;
  const principal = ctx.caller.principal;
  const body = reply.body as { value?: unknown } | undefined;
  if (!action || !principal || !body || !Array.isArray(body.value)) return;
  body.value = body.value.filter((item) => {
    const id = (item as { id?: unknown })?.id;
    return typeof id === 'string' && pctx.authz.permits({ principal, action, dataAction: false, scope: id });
  });
}

function bodyMode(ctx: RequestContext): NonNullable<Operation['body']> {
  return ctx.operation.body ?? (BODY_METHODS.has(ctx.method) ? 'json' : 'none');
}

/** Sets `rawBody` and, for `form` and `json`, the parsed `body`. */
function decodeBody(ctx: RequestContext, mode: NonNullable<Operation['body']>, raw: Buffer): void {
  ctx.rawBody = raw;
  if (mode === 'raw') return;
  const text = raw.toString('utf8');
  if (mode === 'form') {
    ctx.body = parseForm(text);
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

async function renderStream(ctx: PipelineContext, reply: Reply): Promise<void> {
  setRequestIdFirst(ctx);
  setReplyHeaders(ctx.res, reply);
  ctx.res.statusCode = reply.status;
  await reply.stream!(ctx.res);
}

/** Renders a reply without a stream. */
function render(plane: Plane, ctx: PipelineContext, reply: Reply): void {
  const body = reply.body;
  if (body === undefined || body === null) sendBuffered(ctx, reply, undefined);
  else if (typeof body === 'string' || Buffer.isBuffer(body)) sendBuffered(ctx, reply, body);
  else if (plane.renderBody) {
    setRequestIdFirst(ctx);
    setReplyHeaders(ctx.res, reply);
    plane.renderBody(ctx.res, reply.status, body, ctx);
  } else sendBuffered(ctx, reply, JSON.stringify(body), true);
}

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  if (!res.hasHeader('content-type')) res.setHeader('content-type', JSON_CONTENT_TYPE);
  res.setHeader('content-length', Buffer.byteLength(text, 'utf8'));
  res.end(text, 'utf8');
}

function toApiError(err: unknown, pctx: PlatformContext, ctx: RequestContext, logPath: (path: string) => string): ApiError {
  if (isApiError(err)) return err;
  pctx.log.error({ evt: 'http.unhandled', err: (err as Error)?.stack ?? String(err), path: logPath(ctx.path), requestId: ctx.requestId });
  return new ApiError(500, 'InternalServerError', 'Encountered an internal server error.');
}
