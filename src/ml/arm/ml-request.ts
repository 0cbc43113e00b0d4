/** Reading ML request bodies and resolving the workspace a request addresses. */
import type { RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { requireResourceGroup } from '../../arm/scope-checks.js';
import { mlErrors } from './ml-errors.js';
import { workspaceId } from './ml-constants.js';
import { getWorkspace, type WorkspaceRecord } from './ml-records.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON object body ({} when absent). */
export function bodyOf(rc: RequestContext): Json {
  const b = rc.body;
  if (b === undefined || b === null) return {};
  if (!isObject(b)) throw mlErrors.invalidBody('expected a JSON object');
  return b;
}

/** `body.properties` as an object ({} when absent). */
export function propertiesOf(body: Json): Json {
  const p = body.properties;
  if (p === undefined || p === null) return {};
  if (!isObject(p)) throw mlErrors.invalidBody('properties must be an object');
  return p;
}

export function optString(o: Json, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw mlErrors.invalidBody(`${key} must be a string`);
  return v;
}

/** A string→string map (tags, environmentVariables, properties); {} when absent. */
export function stringMap(o: Json, key: string): Record<string, string> {
  const v = o[key];
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw mlErrors.invalidBody(`${key} must be an object`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? '' : String(val);
  return out;
}

/** Case-insensitive pick from an enumeration, returning Azure's spelling. */
export function enumValue<E extends string>(value: unknown, allowed: readonly E[], field: string): E | undefined {
  if (value === undefined || value === null) return undefined;
  const hit = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!hit) throw mlErrors.user(`Invalid value '${String(value)}' for ${field}. Allowed values: ${allowed.join(', ')}.`);
  return hit;
}

/** The workspace in the URL (404 ResourceNotFound for reads; ParentResourceNotFound for child operations). */
export function requireWorkspace(
  ctx: PlatformContext,
  rc: RequestContext,
  child?: { op: 'read' | 'write' | 'delete'; type: string },
): WorkspaceRecord {
  const { subscriptionId, resourceGroupName, workspaceName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  const id = workspaceId(subscriptionId, rg.name, workspaceName);
  const ws = getWorkspace(ctx, id);
  if (!ws) {
    if (child) throw mlErrors.parentNotFound(child.op, child.type, workspaceId(subscriptionId, resourceGroupName, workspaceName));
    throw mlErrors.notFound(workspaceId(subscriptionId, resourceGroupName, workspaceName));
  }
  return ws;
}

/** `$top`-free list reply in Azure's paged shape. */
export function listReply(value: unknown[]): { status: number; body: { value: unknown[] } } {
  return { status: 200, body: { value } };
}
