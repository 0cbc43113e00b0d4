/**
 * onlineEndpoints: PUT (201/200 + Azure-AsyncOperation; a new endpoint gets a system-assigned identity unless it
 * names one user-assigned identity, and a system-assigned one is granted AcrPull on the workspace registry and
 * Storage Blob Data Reader on the workspace storage), GET, LIST, PATCH (tags, traffic, mirrorTraffic, description),
 * DELETE (202 + Location: stops and removes deployments, the identity and its role assignments).
 */
import { randomBytes } from 'node:crypto';
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { putArmResource } from '../../arm/resource-store.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { validateTags } from '../../arm/tags.js';
import { createRoleAssignment } from '../../arm/authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { applySystemAssignedIdentity, userAssignedIdentityIds } from '../../managed-identity/system-assigned.js';
import { requireAssignPermission } from '../../managed-identity/linked-authorization.js';
import { ENDPOINT_PATH, ML_API_VERSIONS, T, WS_PATH, normalizeLocation, wsAction } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { bodyOf, enumValue, isObject, listReply, optString, propertiesOf, requireWorkspace, stringMap, type Json } from './ml-request.js';
import {
  endpointHostName,
  endpointIdByName,
  getEndpoint,
  getEndpointKeys,
  indexEndpointHost,
  listEndpoints,
  putEndpointKeys,
  type EndpointRecord,
  type EndpointKeys,
  type WorkspaceRecord,
} from './ml-records.js';
import { AUTH_MODES, endpointWire, identityChanged, validateEndpointIdentity, validateEndpointName, validateTraffic } from './endpoint-input.js';
import { startMlDelete, trackProvisioning } from './ml-operations.js';
import { removeEndpoint } from './ml-cascade.js';

const TYPE = 'workspaces/onlineEndpoints';

export function newEndpointKey(): string {
  return randomBytes(32).toString('base64');
}

export function requireEndpoint(ctx: PlatformContext, rc: RequestContext, op: 'read' | 'write' | 'delete' = 'read'): { ws: WorkspaceRecord; ep: EndpointRecord } {
  const ws = requireWorkspace(ctx, rc, { op, type: TYPE });
  const id = `${ws.id}/onlineEndpoints/${rc.params.endpointName}`;
  const ep = getEndpoint(ctx, id);
  if (!ep) throw mlErrors.notFound(id);
  return { ws, ep };
}

/** The automatic grants of an endpoint's system-assigned identity (none for a user-assigned one). */
function grantEndpointIdentity(ctx: PlatformContext, ws: WorkspaceRecord, principalId: string): void {
  const grants: Array<[unknown, string]> = [
    [ws.properties.containerRegistry, BUILT_IN_ROLE_IDS.acrPull],
    [ws.properties.storageAccount, BUILT_IN_ROLE_IDS.storageBlobDataReader],
  ];
  for (const [scope, role] of grants) {
    if (typeof scope !== 'string' || scope === '') continue;
    createRoleAssignment(ctx.store, { scope, roleDefinitionGuid: role, principalId, principalType: 'ServicePrincipal', clock: ctx.clock, ids: ctx.ids });
  }
}

function keysFrom(props: Json, existing: EndpointKeys | undefined): EndpointKeys {
  const given = isObject(props.keys) ? props.keys : {};
  return {
    primaryKey: optString(given, 'primaryKey') ?? existing?.primaryKey ?? newEndpointKey(),
    secondaryKey: optString(given, 'secondaryKey') ?? existing?.secondaryKey ?? newEndpointKey(),
  };
}

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'write', type: TYPE });
  const name = rc.params.endpointName;
  validateEndpointName(name);
  const body = bodyOf(rc);
  const props = propertiesOf(body);
  const id = `${ws.id}/onlineEndpoints/${name}`;
  const existing = getEndpoint(ctx, id);
  const principal = rc.caller.principal;
  const location = existing?.location ?? normalizeLocation(typeof body.location === 'string' && body.location ? body.location : (ws.location ?? ctx.config.defaultLocation));
  const authMode = enumValue(props.authMode, AUTH_MODES, 'authMode') ?? existing?.properties.authMode;
  if (!authMode) throw mlErrors.user("The authMode property is required: 'Key', 'AMLToken' or 'AADToken'.");
  // A PUT without traffic keeps the endpoint's current split.
  const { traffic, mirrorTraffic } = validateTraffic(ctx, id, name, props.traffic ?? existing?.properties.traffic, props.mirrorTraffic ?? existing?.properties.mirrorTraffic);
  const publicNetworkAccess = enumValue(props.publicNetworkAccess, ['Enabled', 'Disabled'] as const, 'publicNetworkAccess') ?? existing?.properties.publicNetworkAccess ?? 'Enabled';
  const tags = validateTags(body.tags);

  if (existing) {
    if (identityChanged(body.identity, existing)) {
      throw mlErrors.user(`The identity of online endpoint '${existing.name}' cannot be changed after it has been created. Delete and re-create the endpoint to use another identity.`);
    }
    const next: EndpointRecord = {
      ...existing,
      tags,
      properties: {
        ...existing.properties,
        authMode,
        description: optString(props, 'description') ?? existing.properties.description,
        properties: { ...existing.properties.properties, ...stringMap(props, 'properties') },
        traffic,
        mirrorTraffic,
        publicNetworkAccess,
        provisioningState: 'Succeeded',
      },
      systemData: modifiedSystemData(existing.systemData, principal, ctx.clock),
    };
    return saveAndReply(ctx, rc, next, keysFrom(props, getEndpointKeys(ctx, id)), 200, 'Updating');
  }

  const owner = endpointIdByName(ctx, name, location);
  if (owner && owner.toLowerCase() !== id.toLowerCase()) {
    throw mlErrors.user(`An online endpoint named '${name}' already exists in region '${location}'. Endpoint names must be unique within an Azure region; choose another name.`, 409);
  }
  const requested = body.identity ?? { type: 'SystemAssigned' };
  validateEndpointIdentity(requested);
  const uais = userAssignedIdentityIds(requested);
  if (uais.length > 0) requireAssignPermission(ctx, principal, { action: wsAction('/onlineEndpoints/write'), scope: id, identityIds: uais });
  const host = endpointHostName(name, location);
  const now = new Date(ctx.clock.now()).toISOString();
  return ctx.store.transaction(() => {
    const identity = applySystemAssignedIdentity(ctx, id, requested, undefined);
    const ep: EndpointRecord = {
      id,
      name,
      type: T.endpoint,
      location,
      tags,
      kind: 'Managed',
      identity,
      properties: {
        authMode,
        description: optString(props, 'description'),
        properties: {
          ...stringMap(props, 'properties'),
          'azureml.onlineendpointid': id.toLowerCase(),
          createdAt: now,
          createdBy: principal?.displayName ?? principal?.upn ?? principal?.appId ?? 'unknown',
          lastModifiedAt: now,
        },
        traffic,
        mirrorTraffic,
        publicNetworkAccess,
        provisioningState: 'Succeeded',
        scoringUri: `https://${host}/score`,
        swaggerUri: `https://${host}/swagger.json`,
        ...(optString(props, 'compute') ? { compute: optString(props, 'compute') } : {}),
      },
      systemData: createdSystemData(principal, ctx.clock),
      internal: { uid: ctx.ids.uuid(), stateChangedAt: now },
    };
    if (identity?.principalId && !identity.userAssignedIdentities) grantEndpointIdentity(ctx, ws, identity.principalId);
    indexEndpointHost(ctx, name, location, id);
    return saveAndReply(ctx, rc, ep, keysFrom(props, undefined), 201, 'Creating');
  });
}

function saveAndReply(ctx: PlatformContext, rc: RequestContext, ep: EndpointRecord, keys: EndpointKeys, status: number, state: string): Reply {
  const op = trackProvisioning(ctx, rc, ep.id, ep.location ?? ctx.config.defaultLocation);
  const stamped: EndpointRecord = {
    ...ep,
    properties: {
      ...ep.properties,
      properties: { ...ep.properties.properties, AzureAsyncOperationUri: op.url, lastModifiedAt: new Date(ctx.clock.now()).toISOString() },
    },
  };
  ctx.store.transaction(() => {
    putArmResource(ctx.store, stamped);
    putEndpointKeys(ctx, ep.id, keys);
  });
  return { status, headers: op.headers, body: endpointWire(stamped, state) };
}

function patch(ctx: PlatformContext, rc: RequestContext): Reply {
  const { ep } = requireEndpoint(ctx, rc, 'write');
  const body = bodyOf(rc);
  const props = propertiesOf(body);
  if (identityChanged(body.identity, ep)) {
    throw mlErrors.user(`The identity of online endpoint '${ep.name}' cannot be changed after it has been created. Delete and re-create the endpoint to use another identity.`);
  }
  const { traffic, mirrorTraffic } = validateTraffic(ctx, ep.id, ep.name, props.traffic ?? ep.properties.traffic, props.mirrorTraffic ?? ep.properties.mirrorTraffic);
  const next: EndpointRecord = {
    ...ep,
    tags: 'tags' in body ? validateTags(body.tags) : ep.tags,
    properties: {
      ...ep.properties,
      description: optString(props, 'description') ?? ep.properties.description,
      traffic,
      mirrorTraffic,
      properties: { ...ep.properties.properties, lastModifiedAt: new Date(ctx.clock.now()).toISOString() },
    },
    systemData: modifiedSystemData(ep.systemData, rc.caller.principal, ctx.clock),
  };
  putArmResource(ctx.store, next);
  return { status: 200, body: endpointWire(next) };
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'delete', type: TYPE });
  const ep = getEndpoint(ctx, `${ws.id}/onlineEndpoints/${rc.params.endpointName}`);
  if (!ep) return { status: 204 };
  putArmResource(ctx.store, { ...ep, properties: { ...ep.properties, provisioningState: 'Deleting' } });
  const reply = startMlDelete(ctx, rc, ep.id, ep.location ?? ctx.config.defaultLocation, async () => {
    await removeEndpoint(ctx, ep);
    return { status: 200 };
  });
  return { status: reply.status, headers: reply.headers };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'read', type: TYPE });
  let items = listEndpoints(ctx, ws.id);
  const name = rc.query.get('name');
  if (name) items = items.filter((e) => e.name.toLowerCase() === name.toLowerCase());
  return listReply(items.map((e) => endpointWire(e)));
}

export function endpointOperations(ctx: PlatformContext): Operation[] {
  const common = { apiVersions: ML_API_VERSIONS, resourceType: T.endpoint } as const;
  const A = wsAction('/onlineEndpoints');
  return [
    { ...common, id: 'OnlineEndpoints_List', method: 'GET', path: `${WS_PATH}/onlineEndpoints`, action: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'OnlineEndpoints_Get', method: 'GET', path: ENDPOINT_PATH, action: `${A}/read`, handler: (rc) => ({ status: 200, body: endpointWire(requireEndpoint(ctx, rc).ep) }) },
    { ...common, id: 'OnlineEndpoints_CreateOrUpdate', method: 'PUT', path: ENDPOINT_PATH, action: `${A}/write`, handler: (rc) => put(ctx, rc) },
    { ...common, id: 'OnlineEndpoints_Update', method: 'PATCH', path: ENDPOINT_PATH, action: `${A}/write`, handler: (rc) => patch(ctx, rc) },
    { ...common, id: 'OnlineEndpoints_Delete', method: 'DELETE', path: ENDPOINT_PATH, action: `${A}/delete`, handler: (rc) => del(ctx, rc) },
  ];
}
