/**
 * Resource groups (Microsoft.Resources/subscriptions/resourceGroups): PUT (201/200), GET, HEAD (204/404),
 * PATCH (tags), LIST ($filter tagName/tagValue, $top; trimmed to the groups the caller may read), DELETE
 * (202 + Location; removes everything inside: provider state, resources, role assignments).
 */
import type { Operation, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { resourceGroupId } from '../../shared/resource-id.js';
import { RESOURCES_API_VERSIONS } from '../api-versions.js';
import { filterParam, parseArmFilter, topParam } from '../arm-filter.js';
import { runScopeDeleteHooks } from '../arm-provider.js';
import { startLongRunning } from '../long-running.js';
import { deleteArmResourcesUnder } from '../resource-store.js';
import {
  RESOURCE_GROUP_KIND,
  getResourceGroup,
  requireResourceGroup,
  requireSubscription,
  resourceGroupNotFound,
  type ResourceGroupRecord,
} from '../scope-checks.js';
import { tagValue, validateTags } from '../tags.js';
import { deleteRoleAssignmentsUnderScope } from '../authorization/role-assignment-store.js';
import { quietlyAllowed } from '../authorization/access-check.js';
import { LOCATIONS, canonicalLocation } from './locations.js';

const RG_PATH = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';
const READ = 'Microsoft.Resources/subscriptions/resourcegroups/read';
const WRITE = 'Microsoft.Resources/subscriptions/resourcegroups/write';
const DELETE = 'Microsoft.Resources/subscriptions/resourcegroups/delete';
const NAME_CHAR = /^[\p{L}\p{N}_\-.()]$/u;

/** Validates a resource group name as ARM does (1–90 letters, digits, `-._()`, not ending in a period). */
export function validateResourceGroupName(name: string): void {
  const invalid = [...new Set([...name].filter((c) => !NAME_CHAR.test(c)))];
  if (invalid.length > 0) {
    throw new ApiError(
      400,
      'InvalidResourceGroup',
      `The provided resource group name '${name}' has these invalid characters: '${invalid.join('')}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`,
    );
  }
  if (name.length > 90) {
    throw new ApiError(400, 'InvalidResourceGroup', `The provided resource group name '${name}' is longer than the maximum of 90 characters.`);
  }
  if (name.endsWith('.')) {
    throw new ApiError(400, 'InvalidResourceGroup', `The provided resource group name '${name}' ends with a period. The name cannot end with a period.`);
  }
}

export function resourceGroupWire(rg: ResourceGroupRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: rg.id, name: rg.name, type: rg.type, location: rg.location };
  if (rg.managedBy) out.managedBy = rg.managedBy;
  if (rg.tags && Object.keys(rg.tags).length > 0) out.tags = rg.tags;
  out.properties = { provisioningState: rg.properties.provisioningState };
  return out;
}

function bodyObject(rc: RequestContext): Record<string, unknown> {
  const b = rc.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) {
    throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.");
  }
  return b as Record<string, unknown>;
}

function beingDeleted(name: string): ApiError {
  return new ApiError(409, 'ResourceGroupBeingDeleted', `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
}

function put(ctx: PlatformContext, rc: RequestContext) {
  const { subscriptionId, resourceGroupName: name } = rc.params;
  requireSubscription(ctx, subscriptionId);
  validateResourceGroupName(name);
  const body = bodyObject(rc);
  const existing = getResourceGroup(ctx.store, subscriptionId, name);
  if (existing?.properties.provisioningState === 'Deleting') throw beingDeleted(existing.name);
  const rawLocation = body.location;
  if (rawLocation === undefined || rawLocation === null || rawLocation === '') {
    throw new ApiError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const location = typeof rawLocation === 'string' ? canonicalLocation(rawLocation) : undefined;
  if (!location) {
    throw new ApiError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${String(rawLocation)}' is not available for resource group. List of available regions is '${LOCATIONS.map((l) => l.name).join(',')}'.`,
    );
  }
  if (existing && existing.location !== location) {
    throw new ApiError(
      400,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${String(rawLocation)}'. The Resource group already exists in location '${existing.location}'.`,
    );
  }
  const tags = validateTags(body.tags);
  const rg: ResourceGroupRecord = {
    // ARM keeps the casing the group was created with.
    id: existing?.id ?? resourceGroupId(ctx.config.subscriptionId, name),
    name: existing?.name ?? name,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    tags,
    properties: { provisioningState: 'Succeeded' },
  };
  if (typeof body.managedBy === 'string' && body.managedBy) rg.managedBy = body.managedBy;
  ctx.store.put(RESOURCE_GROUP_KIND, rg.id, rg);
  return { status: existing ? 200 : 201, body: resourceGroupWire(rg) };
}

function patch(ctx: PlatformContext, rc: RequestContext) {
  const rg = requireResourceGroup(ctx, rc.params.subscriptionId, rc.params.resourceGroupName);
  if (rg.properties.provisioningState === 'Deleting') throw beingDeleted(rg.name);
  const body = bodyObject(rc);
  const next: ResourceGroupRecord = { ...rg };
  if (body.tags !== undefined) next.tags = validateTags(body.tags);
  if (typeof body.managedBy === 'string') next.managedBy = body.managedBy || undefined;
  ctx.store.put(RESOURCE_GROUP_KIND, next.id, next);
  return { status: 200, body: resourceGroupWire(next) };
}

function list(ctx: PlatformContext, rc: RequestContext) {
  requireSubscription(ctx, rc.params.subscriptionId);
  const filter = filterParam(rc.query);
  let tagName: string | undefined;
  let tagVal: string | undefined;
  if (filter) {
    for (const c of parseArmFilter(filter)) {
      if (c.kind === 'eq' && c.field === 'tagname') tagName = c.value;
      else if (c.kind === 'eq' && c.field === 'tagvalue') tagVal = c.value;
      else throw new ApiError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
    }
    if (tagVal !== undefined && tagName === undefined) {
      throw new ApiError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string. 'tagValue' requires 'tagName'.`);
    }
  }
  const top = topParam(rc.query);
  const prefix = `/subscriptions/${ctx.config.subscriptionId}/resourceGroups/`;
  let groups = ctx.store
    .list<ResourceGroupRecord>(RESOURCE_GROUP_KIND, { prefix })
    .map((d) => d.body)
    .filter((rg) => quietlyAllowed(ctx, rc.caller.principal, READ, rg.id));
  if (tagName !== undefined) {
    groups = groups.filter((rg) => {
      const v = tagValue(rg.tags, tagName!);
      return v !== undefined && (tagVal === undefined || v === tagVal);
    });
  }
  if (top !== undefined) groups = groups.slice(0, top);
  return { status: 200, body: { value: groups.map(resourceGroupWire) } };
}

/** Deletes everything in a resource group, then the group itself (the body of the 202's background work). */
export async function deleteResourceGroupContents(ctx: PlatformContext, rg: ResourceGroupRecord): Promise<void> {
  try {
    await runScopeDeleteHooks(ctx, rg.id);
  } catch (e) {
    // The group stays (with whatever the hooks did not remove) and can be deleted again.
    ctx.store.put(RESOURCE_GROUP_KIND, rg.id, { ...rg, properties: { provisioningState: 'Succeeded' } });
    throw e;
  }
  ctx.store.transaction(() => {
    deleteArmResourcesUnder(ctx.store, rg.id);
    deleteRoleAssignmentsUnderScope(ctx.store, rg.id);
    ctx.store.delete(RESOURCE_GROUP_KIND, rg.id);
  });
  ctx.log.info({ evt: 'arm.resourceGroup.deleted', id: rg.id });
}

function remove(ctx: PlatformContext, rc: RequestContext) {
  const rg = requireResourceGroup(ctx, rc.params.subscriptionId, rc.params.resourceGroupName);
  const deleting: ResourceGroupRecord = { ...rg, properties: { provisioningState: 'Deleting' } };
  ctx.store.put(RESOURCE_GROUP_KIND, rg.id, deleting);
  const reply = startLongRunning(ctx, rc, () => deleteResourceGroupContents(ctx, rg), {
    subscriptionId: ctx.config.subscriptionId,
    resourceId: rg.id,
  });
  return { status: reply.status, headers: reply.headers };
}

export function resourceGroupOperations(ctx: PlatformContext): Operation[] {
  const base = { apiVersions: RESOURCES_API_VERSIONS, resourceType: 'resourceGroups' };
  return [
    { ...base, id: 'ResourceGroups_CreateOrUpdate', method: 'PUT', path: RG_PATH, action: WRITE, handler: (rc) => put(ctx, rc) },
    {
      ...base,
      id: 'ResourceGroups_Get',
      method: 'GET',
      path: RG_PATH,
      action: READ,
      handler: (rc) => ({ status: 200, body: resourceGroupWire(requireResourceGroup(ctx, rc.params.subscriptionId, rc.params.resourceGroupName)) }),
    },
    {
      ...base,
      id: 'ResourceGroups_CheckExistence',
      method: 'HEAD',
      path: RG_PATH,
      action: READ,
      handler: (rc) => {
        requireSubscription(ctx, rc.params.subscriptionId);
        const rg = getResourceGroup(ctx.store, rc.params.subscriptionId, rc.params.resourceGroupName);
        if (!rg) throw resourceGroupNotFound(rc.params.resourceGroupName);
        return { status: 204 };
      },
    },
    { ...base, id: 'ResourceGroups_Update', method: 'PATCH', path: RG_PATH, action: WRITE, handler: (rc) => patch(ctx, rc) },
    { ...base, id: 'ResourceGroups_Delete', method: 'DELETE', path: RG_PATH, action: DELETE, handler: (rc) => remove(ctx, rc) },
    {
      ...base,
      id: 'ResourceGroups_List',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/resourcegroups',
      handler: (rc) => list(ctx, rc),
    },
  ];
}
