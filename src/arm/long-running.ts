/**
 * ARM long-running operations. DELETE/POST/PATCH-style: 202 + `Location` (poll: 202 while running, then the
 * final status: 200/204 or the error). PUT-style: the resource reply carries `Azure-AsyncOperation`, whose status
 * resource `{id,name,status,startTime,endTime,error?}` is always HTTP 200. Records live in the store (kind
 * `armOperation`) so polls survive a restart; work interrupted by a restart reports `Failed`.
 */
import type { Reply, RequestContext } from '../http/operation.js';
import type { PlatformContext } from '../platform/context.js';
import type { Store } from '../store/store.js';
import { ApiError, isApiError } from '../shared/errors.js';
import { apiVersionOf } from './api-versions.js';

export const ARM_OPERATION_KIND = 'armOperation';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface ArmOperationRecord {
  /** Operation GUID. */
  name: string;
  subscriptionId: string;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  /** The resource the operation works on (informational). */
  resourceId?: string;
  /** The final reply a `Location` poll returns on success. */
  result?: { status: number; body?: unknown };
  error?: { status: number; code: string; message: string };
  /** api-version of the request that started the operation (echoed in polling URLs). */
  apiVersion?: string;
  /** Path of the Azure-AsyncOperation status resource (when one was handed out). */
  statusPath?: string;
}

/** What the work may return: the final reply for `Location` polls (default 200 without a body). */
export type LongRunningResult = { status: number; body?: unknown } | void;

/** Operations currently running in this process, per store (a record `InProgress` but absent here was interrupted). */
const running = new WeakMap<Store, Set<string>>();

function runningSet(store: Store): Set<string> {
  let s = running.get(store);
  if (!s) {
    s = new Set();
    running.set(store, s);
  }
  return s;
}

export function getOperation(store: Store, name: string): ArmOperationRecord | undefined {
  const rec = store.get<ArmOperationRecord>(ARM_OPERATION_KIND, name)?.body;
  if (rec && rec.status === 'InProgress' && !runningSet(store).has(name.toLowerCase())) {
    return {
      ...rec,
      status: 'Failed',
      error: { status: 500, code: 'OperationInterrupted', message: 'The operation was interrupted by a restart of the service. Retry the request.' },
    };
  }
  return rec;
}

export interface StartOptions {
  subscriptionId: string;
  resourceId?: string;
  /** Seconds in `Retry-After` (default 1: Python's azure-core treats 0 as "use the 30 s default"). */
  retryAfter?: number;
  /** Also hand out an `Azure-AsyncOperation` status URL (path under the origin), e.g. for PUT-style operations. */
  statusPath?: (operationName: string) => string;
}

export interface StartedOperation {
  name: string;
  /** Absolute `Location` URL (operation result). */
  location: string;
  /** Absolute `Azure-AsyncOperation` URL when `statusPath` was given. */
  asyncOperation?: string;
  /** Headers to put on the initial reply. */
  headers: Record<string, string>;
  /** Settles when the work has finished (for tests and graceful shutdown). */
  done: Promise<void>;
}

/** Path of the generic operation-result resource. */
export function operationResultPath(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/operationresults/${name}`;
}

/** Path of the generic Azure-AsyncOperation status resource. */
export function operationStatusPath(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/operationStatuses/${name}`;
}

function withVersion(origin: string, path: string, apiVersion: string | undefined): string {
  return `${origin}${path}${apiVersion ? `?api-version=${encodeURIComponent(apiVersion)}` : ''}`;
}

/**
 * Records an operation, runs `work` after the current request has been answered, and returns the URLs and
 * headers for the initial reply.
 */
export function beginOperation(
  pctx: PlatformContext,
  rc: RequestContext,
  work: () => Promise<LongRunningResult> | LongRunningResult,
  opts: StartOptions,
): StartedOperation {
  const store = pctx.store;
  const name = pctx.ids.uuid();
  const apiVersion = apiVersionOf(rc.query);
  const statusPath = opts.statusPath?.(name);
  const rec: ArmOperationRecord = {
    name,
    subscriptionId: opts.subscriptionId,
    status: 'InProgress',
    startTime: new Date(pctx.clock.now()).toISOString(),
    resourceId: opts.resourceId,
    apiVersion,
    statusPath,
  };
  store.put(ARM_OPERATION_KIND, name, rec);
  const set = runningSet(store);
  set.add(name.toLowerCase());
  const location = withVersion(rc.origin, operationResultPath(opts.subscriptionId, name), apiVersion);
  const asyncOperation = statusPath ? withVersion(rc.origin, statusPath, apiVersion) : undefined;
  const headers: Record<string, string> = { Location: location, 'Retry-After': String(opts.retryAfter ?? 1) };
  if (asyncOperation) headers['Azure-AsyncOperation'] = asyncOperation;
  const done = new Promise<void>((resolve) => {
    setImmediate(() => {
      void (async () => {
        let final: ArmOperationRecord;
        try {
          const result = (await work()) ?? { status: 200 };
          final = { ...rec, status: 'Succeeded', result };
        } catch (e) {
          const err = isApiError(e) ? e : new ApiError(500, 'InternalServerError', 'Encountered an internal server error.');
          if (!isApiError(e)) pctx.log.error({ evt: 'arm.lro.failed', operation: name, err: (e as Error)?.stack ?? String(e) });
          final = { ...rec, status: 'Failed', error: { status: err.status, code: err.code, message: err.message } };
        }
        final.endTime = new Date(pctx.clock.now()).toISOString();
        try {
          store.put(ARM_OPERATION_KIND, name, final);
        } catch (e) {
          pctx.log.error({ evt: 'arm.lro.record', operation: name, err: String(e) });
        }
        set.delete(name.toLowerCase());
        resolve();
      })();
    });
  });
  return { name, location, asyncOperation, headers, done };
}

/** 202 Accepted + Location + Retry-After, running `work` in the background (DELETE / POST / PATCH style). */
export function startLongRunning(
  pctx: PlatformContext,
  rc: RequestContext,
  work: () => Promise<LongRunningResult> | LongRunningResult,
  opts: StartOptions,
): Reply & { operation: StartedOperation } {
  const op = beginOperation(pctx, rc, work, opts);
  return { status: 202, headers: op.headers, operation: op };
}

function operationNotFound(name: string): ApiError {
  return new ApiError(404, 'OperationNotFound', `The operation '${name}' could not be found.`);
}

/** Reply for a `Location` poll: 202 while running, then the final reply or the error. */
export function operationResultReply(store: Store, name: string, rc: RequestContext, retryAfter = 1): Reply {
  const rec = getOperation(store, name);
  if (!rec) throw operationNotFound(name);
  if (rec.status === 'InProgress') {
    const location = withVersion(rc.origin, operationResultPath(rec.subscriptionId, rec.name), apiVersionOf(rc.query) ?? rec.apiVersion);
    return { status: 202, headers: { Location: location, 'Retry-After': String(retryAfter) } };
  }
  if (rec.status === 'Succeeded') return { status: rec.result?.status ?? 200, body: rec.result?.body };
  const e = rec.error ?? { status: 500, code: 'InternalServerError', message: 'Encountered an internal server error.' };
  throw new ApiError(e.status, e.code, e.message);
}

/** The Azure-AsyncOperation status resource (always HTTP 200). */
export function operationStatusBody(rec: ArmOperationRecord, idPath?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: idPath ?? rec.statusPath ?? operationStatusPath(rec.subscriptionId, rec.name),
    name: rec.name,
    status: rec.status,
    startTime: rec.startTime,
  };
  if (rec.endTime) body.endTime = rec.endTime;
  if (rec.status === 'Succeeded') body.percentComplete = 100;
  if (rec.error) body.error = { code: rec.error.code, message: rec.error.message };
  return body;
}

export function operationStatusReply(store: Store, name: string, idPath?: string): Reply {
  const rec = getOperation(store, name);
  if (!rec) throw operationNotFound(name);
  return { status: 200, body: operationStatusBody(rec, idPath) };
}
