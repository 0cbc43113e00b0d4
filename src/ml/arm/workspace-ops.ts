/**
 * workspaces: PUT (200; makes or takes the default storage account and registry, the default datastores, a
 * system-assigned identity and its roles), GET, LIST (group, subscription), PATCH, DELETE (202 + Location: removes
 * endpoints, deployments, computes, connections, datastores, assets and their identities), listKeys.
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { requireResourceGroup, requireSubscription } from '../../arm/scope-checks.js';
import { listArmResources, putArmResource } from '../../arm/resource-store.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { validateTags } from '../../arm/tags.js';
import { applySystemAssignedIdentity, userAssignedIdentityIds } from '../../managed-identity/system-assigned.js';
import { requireAssignPermission } from '../../managed-identity/linked-authorization.js';
import { getAccount } from '../../storage/accounts/account-records.js';
import { getRegistry, registryCredentials } from '../../registry/arm/registry-records.js';
import { ML_API_VERSIONS, T, WS_COLLECTION, WS_PATH, normalizeLocation, workspaceId, wsAction } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { bodyOf, enumValue, listReply, propertiesOf, requireWorkspace, type Json } from './ml-request.js';
import { getWorkspace, type WorkspaceRecord } from './ml-records.js';
import { createDefaultDatastores, grantWorkspaceIdentity, resolveRegistry, resolveStorageAccount } from './workspace-defaults.js';
import { removeWorkspace } from './ml-cascade.js';
import { startMlDelete } from './ml-operations.js';

/** Writable properties kept as given. */
const WRITABLE = [
  'friendlyName',
  'description',
  'keyVault',
  'applicationInsights',
  'primaryUserAssignedIdentity',
  'hbiWorkspace',
  'v1LegacyMode',
  'imageBuildCompute',
  'allowPublicAccessWhenBehindVnet',
  'enableDataIsolation',
  'discoveryUrl',
  'encryption',
  'systemDatastoresAuthMode',
];

function writable(props: Json): Json {
  const out: Json = {};
  for (const k of WRITABLE) if (props[k] !== undefined) out[k] = props[k];
  const pna = enumValue(props.publicNetworkAccess, ['Enabled', 'Disabled'] as const, 'publicNetworkAccess');
  if (pna) out.publicNetworkAccess = pna;
  return out;
}

export function workspaceWire(ws: WorkspaceRecord): Json {
  const out: Json = {
    id: ws.id,
    name: ws.name,
    type: T.workspace,
    location: ws.location,
    tags: ws.tags ?? {},
    kind: ws.kind ?? 'Default',
    sku: ws.sku ?? { name: 'Basic', tier: 'Basic' },
    properties: {
      hbiWorkspace: false,
      v1LegacyMode: false,
      allowPublicAccessWhenBehindVnet: false,
      publicNetworkAccess: 'Enabled',
      enableDataIsolation: false,
      storageHnsEnabled: false,
      privateLinkCount: 0,
      privateEndpointConnections: [],
      sharedPrivateLinkResources: [],
      ...ws.properties,
    },
  };
  if (ws.identity) out.identity = ws.identity;
  if (ws.systemData) out.systemData = ws.systemData;
  return out;
}

function checkIdentity(ctx: PlatformContext, rc: RequestContext, requested: unknown, id: string): void {
  const uais = userAssignedIdentityIds(requested);
  if (uais.length > 0) requireAssignPermission(ctx, rc.caller.principal, { action: wsAction('/write'), scope: id, identityIds: uais });
}

function checkPrimaryUai(ws: WorkspaceRecord): void {
  const primary = ws.properties.primaryUserAssignedIdentity;
  if (typeof primary !== 'string' || primary === '') return;
  const attached = Object.keys(ws.identity?.userAssignedIdentities ?? {}).map((k) => k.toLowerCase());
  if (!attached.includes(primary.toLowerCase())) {
    throw mlErrors.user(`The primaryUserAssignedIdentity '${primary}' must be one of the user assigned identities of the workspace.`);
  }
}

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName, workspaceName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/.test(workspaceName)) {
    throw mlErrors.user(`Workspace name '${workspaceName}' is invalid. It must be 3-33 characters long, start with a letter or a number, and contain only letters, numbers, hyphens and underscores.`);
  }
  const body = bodyOf(rc);
  const props = propertiesOf(body);
  const id = workspaceId(subscriptionId, rg.name, workspaceName);
  const existing = getWorkspace(ctx, id);
  const principal = rc.caller.principal;
  const requestedIdentity = body.identity === undefined && !existing ? { type: 'SystemAssigned' } : body.identity;
  checkIdentity(ctx, rc, requestedIdentity, existing?.id ?? id);
  const tags = validateTags(body.tags);

  if (existing) {
    for (const k of ['storageAccount', 'keyVault'] as const) {
      const given = props[k];
      if (typeof given === 'string' && given.toLowerCase() !== String(existing.properties[k] ?? '').toLowerCase()) {
        throw mlErrors.user(`The ${k} of a workspace cannot be changed once the workspace has been created.`);
      }
    }
    const next: WorkspaceRecord = {
      ...existing,
      tags,
      identity: applySystemAssignedIdentity(ctx, existing.id, requestedIdentity, existing.identity),
      properties: { ...existing.properties, ...writable(props) },
      systemData: modifiedSystemData(existing.systemData, principal, ctx.clock),
    };
    checkPrimaryUai(next);
    finish(ctx, next);
    return { status: 200, body: workspaceWire(next) };
  }

  if (typeof body.location !== 'string' || body.location.trim() === '') throw mlErrors.locationRequired();
  const location = normalizeLocation(body.location);
  const at = { subscriptionId, resourceGroup: rg.name, name: workspaceName, location };
  const storageGiven = typeof props.storageAccount === 'string' ? props.storageAccount : undefined;
  const registryGiven = typeof props.containerRegistry === 'string' ? props.containerRegistry : undefined;
  const created = ctx.store.transaction(() => {
    const account = resolveStorageAccount(ctx, storageGiven, at, principal);
    const registry = resolveRegistry(ctx, registryGiven, at, principal);
    const guid = ctx.ids.uuid();
    const mlHost = `${location}.api.azureml.ms`;
    const ws: WorkspaceRecord = {
      id,
      name: workspaceName,
      type: T.workspace,
      location,
      tags,
      kind: typeof body.kind === 'string' ? body.kind : 'Default',
      sku: { name: 'Basic', tier: 'Basic' },
      identity: undefined,
      properties: {
        friendlyName: workspaceName,
        ...writable(props),
        storageAccount: account.id,
        containerRegistry: registry.id,
        workspaceId: guid,
        tenantId: ctx.config.tenantId,
        discoveryUrl: `https://${mlHost}/discovery`,
        mlFlowTrackingUri: `azureml://${mlHost}/mlflow/v1.0${id}`,
        creationTime: new Date(ctx.clock.now()).toISOString(),
        provisioningState: 'Succeeded',
      },
      systemData: createdSystemData(principal, ctx.clock),
    };
    ws.identity = applySystemAssignedIdentity(ctx, id, requestedIdentity, undefined, workspaceName);
    checkPrimaryUai(ws);
    createDefaultDatastores(ctx, id, guid, account, principal);
    finish(ctx, ws);
    return ws;
  });
  return { status: 200, body: workspaceWire(created) };
}

/** Stores the workspace and grants its system-assigned identity (if any) the roles Azure gives it. */
function finish(ctx: PlatformContext, ws: WorkspaceRecord): void {
  putArmResource(ctx.store, ws);
  const principalId = ws.identity?.principalId;
  if (principalId) grantWorkspaceIdentity(ctx, principalId, String(ws.properties.storageAccount), String(ws.properties.containerRegistry));
}

function patch(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc);
  const body = bodyOf(rc);
  const props = propertiesOf(body);
  checkIdentity(ctx, rc, body.identity, ws.id);
  const extra: Json = {};
  if (typeof props.containerRegistry === 'string' && props.containerRegistry !== ws.properties.containerRegistry) {
    if (!getRegistry(ctx.store, props.containerRegistry)) throw mlErrors.user(`The container registry '${props.containerRegistry}' could not be found.`);
    extra.containerRegistry = getRegistry(ctx.store, props.containerRegistry)!.id;
  }
  const next: WorkspaceRecord = {
    ...ws,
    tags: 'tags' in body ? validateTags(body.tags) : ws.tags,
    identity: applySystemAssignedIdentity(ctx, ws.id, body.identity, ws.identity),
    properties: { ...ws.properties, ...writable(props), ...extra },
    systemData: modifiedSystemData(ws.systemData, rc.caller.principal, ctx.clock),
  };
  checkPrimaryUai(next);
  finish(ctx, next);
  return { status: 200, body: workspaceWire(next) };
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName, workspaceName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  const ws = getWorkspace(ctx, workspaceId(subscriptionId, rg.name, workspaceName));
  if (!ws) return { status: 204 };
  putArmResource(ctx.store, { ...ws, properties: { ...ws.properties, provisioningState: 'Deleting' } });
  const reply = startMlDelete(ctx, rc, ws.id, ws.location ?? ctx.config.defaultLocation, async () => {
    await removeWorkspace(ctx, ws);
    return { status: 200 };
  });
  return { status: reply.status, headers: reply.headers };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName } = rc.params;
  let under = `/subscriptions/${subscriptionId}`;
  if (resourceGroupName !== undefined) under = requireResourceGroup(ctx, subscriptionId, resourceGroupName).id;
  else requireSubscription(ctx, subscriptionId);
  const items = listArmResources(ctx.store, { under, type: T.workspace }) as WorkspaceRecord[];
  return listReply(items.map(workspaceWire));
}

function listKeys(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc);
  const storageId = String(ws.properties.storageAccount ?? '');
  const account = getAccount(ctx.store, storageId.split('/').pop() ?? '');
  const body: Json = { userStorageResourceId: storageId };
  if (account) body.userStorageKey = account.keys[0].value;
  const registry = getRegistry(ctx.store, String(ws.properties.containerRegistry ?? ''));
  if (registry?.properties.adminUserEnabled) {
    const creds = registryCredentials(ctx.store, registry);
    body.containerRegistryCredentials = { location: registry.location, username: creds.username, passwords: creds.passwords };
  }
  return { status: 200, body };
}

export function workspaceOperations(ctx: PlatformContext): Operation[] {
  const common = { apiVersions: ML_API_VERSIONS, resourceType: T.workspace } as const;
  const wsScope = (rc: RequestContext) => workspaceId(rc.params.subscriptionId, rc.params.resourceGroupName, rc.params.workspaceName);
  return [
    { ...common, id: 'Workspaces_CreateOrUpdate', method: 'PUT', path: WS_PATH, action: wsAction('/write'), handler: (rc) => put(ctx, rc) },
    { ...common, id: 'Workspaces_Get', method: 'GET', path: WS_PATH, action: wsAction('/read'), handler: (rc) => ({ status: 200, body: workspaceWire(requireWorkspace(ctx, rc)) }) },
    { ...common, id: 'Workspaces_Update', method: 'PATCH', path: WS_PATH, action: wsAction('/write'), handler: (rc) => patch(ctx, rc) },
    { ...common, id: 'Workspaces_Delete', method: 'DELETE', path: WS_PATH, action: wsAction('/delete'), handler: (rc) => del(ctx, rc) },
    { ...common, id: 'Workspaces_ListByResourceGroup', method: 'GET', path: WS_COLLECTION, itemAction: wsAction('/read'), handler: (rc) => list(ctx, rc) },
    { ...common, id: 'Workspaces_ListBySubscription', method: 'GET', path: '/subscriptions/{subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces', itemAction: wsAction('/read'), handler: (rc) => list(ctx, rc) },
    { ...common, id: 'Workspaces_ListKeys', method: 'POST', path: `${WS_PATH}/listKeys`, action: wsAction('/listKeys/action'), scope: wsScope, handler: (rc) => listKeys(ctx, rc) },
  ];
}

