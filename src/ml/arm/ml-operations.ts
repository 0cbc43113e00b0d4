/**
 * Long-running operations as the ML RP hands them out:
 * - PUT: 201/200 + `Azure-AsyncOperation: …/locations/{loc}/mfeOperationsStatus/{id}`. The status follows the
 *   resource's own `provisioningState` (kind `mlOperation` records only remember which resource), so it is right
 *   after a restart and whoever moves the state (the serving runtime for deployments) needs no callback.
 * - DELETE: 202 + `Location: …/locations/{loc}/mfeOperationResults/{id}` (the generic runner of
 *   src/arm/long-running.ts does the work; its records are read back here).
 * The polling routes need a valid token but no role, as in Azure (an AzureML Data Scientist can poll).
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { apiVersionOf } from '../../arm/api-versions.js';
import { requireSubscription } from '../../arm/scope-checks.js';
import { getArmResource } from '../../arm/resource-store.js';
import { beginOperation, getOperation, operationStatusBody, type LongRunningResult } from '../../arm/long-running.js';
import { LOCATION_PATH, ML_API_VERSIONS, ML_NAMESPACE } from './ml-constants.js';
import type { MlResource } from './ml-records.js';

export const ML_OPERATION_KIND = 'mlOperation';

interface TrackedOperation {
  name: string;
  subscriptionId: string;
  location: string;
  resourceId: string;
  startTime: string;
}

function statusPath(subscriptionId: string, location: string, name: string): string {
  return `/subscriptions/${subscriptionId}/providers/${ML_NAMESPACE}/locations/${location}/mfeOperationsStatus/${name}`;
}

function resultPath(subscriptionId: string, location: string, name: string): string {
  return `/subscriptions/${subscriptionId}/providers/${ML_NAMESPACE}/locations/${location}/mfeOperationResults/${name}`;
}

function absolute(rc: RequestContext, path: string): string {
  const v = apiVersionOf(rc.query);
  return `${rc.origin}${path}${v ? `?api-version=${encodeURIComponent(v)}` : ''}`;
}

/**
 * Records a PUT-style operation on `resourceId` and returns the headers of the 201/200 reply
 * (`Azure-AsyncOperation`, `x-ms-async-operation-timeout`, `Retry-After`).
 */
export function trackProvisioning(
  ctx: PlatformContext,
  rc: RequestContext,
  resourceId: string,
  location: string,
): { url: string; headers: Record<string, string> } {
  const subscriptionId = rc.params.subscriptionId;
  const rec: TrackedOperation = { name: ctx.ids.uuid(), subscriptionId, location, resourceId, startTime: new Date(ctx.clock.now()).toISOString() };
  ctx.store.put(ML_OPERATION_KIND, rec.name, rec);
  const url = absolute(rc, statusPath(subscriptionId, location, rec.name));
  return { url, headers: { 'Azure-AsyncOperation': url, 'x-ms-async-operation-timeout': 'PT1H', 'Retry-After': '1' } };
}

/** 202 + `Location` (mfeOperationResults) + `Azure-AsyncOperation`, running `work` after the reply. */
export function startMlDelete(
  ctx: PlatformContext,
  rc: RequestContext,
  resourceId: string,
  location: string,
  work: () => Promise<LongRunningResult> | LongRunningResult,
): Reply & { done: Promise<void> } {
  const subscriptionId = rc.params.subscriptionId;
  const op = beginOperation(ctx, rc, work, {
    subscriptionId,
    resourceId,
    statusPath: (name) => statusPath(subscriptionId, location, name),
  });
  const headers = { ...op.headers, Location: absolute(rc, resultPath(subscriptionId, location, op.name)) };
  return { status: 202, headers, done: op.done };
}

interface DerivedStatus {
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
  endTime?: string;
  error?: { code: string; message: string };
}

function derive(ctx: PlatformContext, rec: TrackedOperation): DerivedStatus {
  const r = getArmResource(ctx.store, rec.resourceId) as MlResource<{ provisioningState?: string }> | undefined;
  if (!r) {
    return { status: 'Canceled', endTime: rec.startTime, error: { code: 'ResourceDeleted', message: `The resource '${rec.resourceId}' was deleted before the operation completed.` } };
  }
  const state = r.properties.provisioningState ?? 'Succeeded';
  const endTime = r.internal?.stateChangedAt ?? rec.startTime;
  if (state === 'Succeeded') return { status: 'Succeeded', endTime };
  if (state === 'Failed') return { status: 'Failed', endTime, error: r.internal?.error ?? { code: 'Failed', message: 'The operation failed.' } };
  if (state === 'Canceled') return { status: 'Canceled', endTime };
  return { status: 'InProgress' };
}

function operationNotFound(name: string): ApiError {
  return new ApiError(404, 'OperationNotFound', `The operation '${name}' could not be found.`);
}

function statusReply(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, location, operationId } = rc.params;
  requireSubscription(ctx, subscriptionId);
  const path = statusPath(subscriptionId, location, operationId);
  const tracked = ctx.store.get<TrackedOperation>(ML_OPERATION_KIND, operationId)?.body;
  if (tracked) {
    const d = derive(ctx, tracked);
    const body: Record<string, unknown> = { id: path, name: tracked.name, status: d.status, startTime: tracked.startTime };
    if (d.endTime && d.status !== 'InProgress') body.endTime = d.endTime;
    if (d.status === 'Succeeded') body.percentComplete = 100;
    if (d.error) body.error = d.error;
    return { status: 200, headers: d.status === 'InProgress' ? { 'Retry-After': '1' } : {}, body };
  }
  const rec = getOperation(ctx.store, operationId);
  if (!rec) throw operationNotFound(operationId);
  return { status: 200, headers: rec.status === 'InProgress' ? { 'Retry-After': '1' } : {}, body: operationStatusBody(rec, path) };
}

function resultReply(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, location, operationId } = rc.params;
  requireSubscription(ctx, subscriptionId);
  const again = { status: 202, headers: { Location: absolute(rc, resultPath(subscriptionId, location, operationId)), 'Retry-After': '1' } };
  const tracked = ctx.store.get<TrackedOperation>(ML_OPERATION_KIND, operationId)?.body;
  if (tracked) {
    const d = derive(ctx, tracked);
    if (d.status === 'InProgress') return again;
    if (d.status === 'Succeeded') return { status: 200 };
    const e = d.error ?? { code: 'Canceled', message: 'The operation was canceled.' };
    throw new ApiError(400, e.code, e.message);
  }
  const rec = getOperation(ctx.store, operationId);
  if (!rec) throw operationNotFound(operationId);
  if (rec.status === 'InProgress') return again;
  if (rec.status === 'Succeeded') return { status: rec.result?.status ?? 200, body: rec.result?.body };
  const e = rec.error ?? { status: 500, code: 'InternalServerError', message: 'Encountered an internal server error.' };
  throw new ApiError(e.status, e.code, e.message);
}

export function mlOperationRoutes(ctx: PlatformContext): Operation[] {
  const common = { apiVersions: ML_API_VERSIONS, resourceType: `${ML_NAMESPACE}/locations/mfeOperationsStatus` } as const;
  return [
    { ...common, id: 'MfeOperationsStatus_Get', method: 'GET', path: `${LOCATION_PATH}/mfeOperationsStatus/{operationId}`, handler: (rc) => statusReply(ctx, rc) },
    { ...common, id: 'MfeOperationResults_Get', method: 'GET', path: `${LOCATION_PATH}/mfeOperationResults/{operationId}`, handler: (rc) => resultReply(ctx, rc) },
  ];
}
