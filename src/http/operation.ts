/**
 * Operations are declared once, as data: id, method + path template, RBAC action, handler.
 * The pipeline (pipeline.ts) routes a request to an operation, authenticates, authorizes, validates
 * and calls the handler; the plane's renderer turns the reply or a thrown ApiError into bytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../shared/principal.js';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface Reply {
  status: number;
  headers?: Record<string, string | number | string[]>;
  /** JSON-serialisable body (rendered by the plane), a Buffer/string (sent as is), or undefined. */
  body?: unknown;
  /** Stream the response yourself (blob downloads). Called instead of writing `body`. */
  stream?: (res: ServerResponse) => Promise<void> | void;
}

export interface Caller {
  /** Present when a bearer token (or other identity credential) was verified. */
  principal?: Principal;
  /** How the caller authenticated: 'bearer', 'sharedKey', 'sas', 'key', 'workload-secret', 'anonymous', … */
  scheme: string;
  /** Free-form details set by authenticators (e.g. storage account name for shared key). */
  info?: Record<string, unknown>;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: HttpMethod;
  /** Host the client addressed (lower case, no port), e.g. `management.azure.com` or `127.0.0.1`. */
  host: string;
  /** Origin to build absolute URLs that lead back to this plane as the client reached it. */
  origin: string;
  /** Path as received (decoded per segment by the router for params). */
  path: string;
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  operation: Operation;
  requestId: string;
  caller: Caller;
  /** Parsed request body (json/form) — undefined for 'stream'/'none'. */
  body?: unknown;
  /** Raw body bytes (json/form/raw modes). */
  rawBody?: Buffer;
  /** Values set by earlier steps (resolved scope, api-version…). */
  state: Record<string, unknown>;
  /** Fields a handler adds to its request's log line (never a secret). */
  logFields?: Record<string, string | number>;
  startedAt: bigint;
}

export type AuthRequirement =
  /** No authentication at all (discovery documents, token endpoints). */
  | 'none'
  /** The plane's authenticators must produce a caller; otherwise 401. */
  | 'required'
  /** Authenticate if credentials are present; anonymous otherwise. */
  | 'optional';

export interface Operation {
  /** Azure's operation id where one exists, e.g. `ResourceGroups_CreateOrUpdate`. */
  id: string;
  method: HttpMethod | HttpMethod[];
  /** Path template, matched case-insensitively by segment: `/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}`.
   *  `{*rest}` as the last segment captures the remainder (may be empty). */
  path: string;
  /** Accepted api-versions (ARM: required query parameter). Omitted: not checked. */
  apiVersions?: readonly string[];
  /** Resource type named in api-version errors, e.g. `resourceGroups`. */
  resourceType?: string;
  auth?: AuthRequirement;
  /** RBAC control-plane action, e.g. `Microsoft.Resources/subscriptions/resourceGroups/write`. */
  action?: string | ((ctx: RequestContext) => string | undefined);
  /** RBAC data action (storage blobs…). */
  dataAction?: string | ((ctx: RequestContext) => string | undefined);
  /** Collection reads (ARM lists): the caller is not refused; the reply's `value` items are left out unless the
   *  caller may perform this action at each item's `id` — what ARM does for `GET …/storageAccounts` and the like. */
  itemAction?: string;
  /** Scope the action is checked at. Default: the request path up to (not including) any `/providers/Microsoft.Authorization/...` suffix. */
  scope?: (ctx: RequestContext) => string;
  /** Body handling. Default 'json' for PUT/POST/PATCH, 'none' otherwise. */
  body?: 'json' | 'form' | 'raw' | 'stream' | 'none';
  /** Maximum body size in bytes for buffered modes (default 4 MiB). */
  maxBodyBytes?: number;
  handler: (ctx: RequestContext) => Promise<Reply> | Reply;
}
