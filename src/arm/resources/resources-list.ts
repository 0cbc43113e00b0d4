/**
 * Generic resource listing (`Resources_List`, `Resources_ListByResourceGroup`) over every provider's
 * `armResource` records: tracked resources (those with a location), `$filter` on resourceType, name,
 * tagName/tagValue, resourceGroup and substringof(…, name), `$top`.
 */
import type { Operation, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { parseResourceId } from '../../shared/resource-id.js';
import { RESOURCES_API_VERSIONS } from '../api-versions.js';
import { filterParam, parseArmFilter, topParam } from '../arm-filter.js';
import { listArmResources, type ArmResource } from '../resource-store.js';
import { requireResourceGroup, requireSubscription } from '../scope-checks.js';
import { tagValue } from '../tags.js';
import { quietlyAllowed } from '../authorization/access-check.js';

type Predicate = (r: ArmResource) => boolean;

function predicatesFor(filter: string): Predicate[] {
  const preds: Predicate[] = [];
  let tagName: string | undefined;
  let tagVal: string | undefined;
  for (const c of parseArmFilter(filter)) {
    if (c.kind === 'eq') {
      const v = c.value;
      if (c.field === 'resourcetype') preds.push((r) => r.type.toLowerCase() === v.toLowerCase());
      else if (c.field === 'name') preds.push((r) => r.name.toLowerCase() === v.toLowerCase());
      else if (c.field === 'resourcegroup') preds.push((r) => (parseResourceId(r.id).resourceGroup ?? '').toLowerCase() === v.toLowerCase());
      else if (c.field === 'location') preds.push((r) => (r.location ?? '').toLowerCase() === v.toLowerCase());
      else if (c.field === 'tagname') tagName = v;
      else if (c.field === 'tagvalue') tagVal = v;
      else throw new ApiError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string. The property '${c.field}' is not supported.`);
    } else if (c.name === 'substringof' && c.args.length === 2 && c.args[1].toLowerCase() === 'name') {
      const needle = c.args[0].toLowerCase();
      preds.push((r) => r.name.toLowerCase().includes(needle));
    } else {
      throw new ApiError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string. The function '${c.name}' is not supported.`);
    }
  }
  if (tagVal !== undefined && tagName === undefined) {
    throw new ApiError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string. 'tagValue' requires 'tagName'.`);
  }
  if (tagName !== undefined) {
    const n = tagName;
    const val = tagVal;
    preds.push((r) => {
      const t = tagValue(r.tags, n);
      return t !== undefined && (val === undefined || t === val);
    });
  }
  return preds;
}

export function genericResourceWire(r: ArmResource): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, name: r.name, type: r.type };
  if (r.sku) out.sku = r.sku;
  if (r.kind) out.kind = r.kind;
  out.location = r.location;
  if (r.managedBy) out.managedBy = r.managedBy;
  if (r.identity) out.identity = r.identity;
  if (r.tags && Object.keys(r.tags).length > 0) out.tags = r.tags;
  return out;
}

function listUnder(scope: string, rc: RequestContext, ctx: PlatformContext) {
  const filter = filterParam(rc.query);
  const preds = filter ? predicatesFor(filter) : [];
  const top = topParam(rc.query);
  // ARM lists what the caller may read: resources it has no read permission on are left out, not refused.
  const principal = rc.caller.principal;
  let items = listArmResources(ctx.store, { under: scope }).filter(
    (r) => !!r.location && preds.every((p) => p(r)) && quietlyAllowed(ctx, principal, `${r.type}/read`, r.id),
  );
  if (top !== undefined) items = items.slice(0, top);
  return { status: 200, body: { value: items.map(genericResourceWire) } };
}

export function resourceListOperations(ctx: PlatformContext): Operation[] {
  const base = { apiVersions: RESOURCES_API_VERSIONS, resourceType: 'resources' };
  return [
    {
      ...base,
      id: 'Resources_List',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/resources',
      handler: (rc) => {
        requireSubscription(ctx, rc.params.subscriptionId);
        return listUnder(`/subscriptions/${ctx.config.subscriptionId}`, rc, ctx);
      },
    },
    {
      ...base,
      id: 'Resources_ListByResourceGroup',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/resources',
      handler: (rc) => {
        const rg = requireResourceGroup(ctx, rc.params.subscriptionId, rc.params.resourceGroupName);
        return listUnder(rg.id, rc, ctx);
      },
    },
  ];
}
