/**
 * registries: PUT (200/201), GET, PATCH (tags, sku, adminUserEnabled), DELETE (200/204), LIST (group, subscription),
 * checkNameAvailability, listCredentials, regenerateCredential. ARM resources only; the OCI data plane is separate.
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { requireResourceGroup, requireSubscription } from '../../arm/scope-checks.js';
import { modifiedSystemData } from '../../arm/system-data.js';
import { validateTags } from '../../arm/tags.js';
import {
  REGISTRY_NAME_RULE,
  REGISTRY_SKUS,
  REGISTRY_TYPE,
  createRegistry,
  getRegistry,
  getRegistryByName,
  listRegistries,
  loginServerOf,
  regenerateRegistryPassword,
  registryCredentials,
  registryId,
  registryWire,
  removeRegistry,
  saveRegistry,
  type RegistryResource,
  type RegistrySkuName,
} from './registry-records.js';

export const REGISTRY_API_VERSIONS: readonly string[] = [
  '2017-10-01',
  '2019-05-01',
  '2019-12-01-preview',
  '2020-11-01-preview',
  '2021-06-01-preview',
  '2021-08-01-preview',
  '2021-09-01',
  '2021-12-01-preview',
  '2022-02-01-preview',
  '2022-12-01',
  '2023-01-01-preview',
  '2023-06-01-preview',
  '2023-07-01',
  '2023-08-01-preview',
  '2023-11-01-preview',
  '2024-11-01-preview',
  '2025-04-01',
];

const A = REGISTRY_TYPE;
const PATH = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${REGISTRY_TYPE}/{registryName}`;
const common = { apiVersions: REGISTRY_API_VERSIONS, resourceType: REGISTRY_TYPE } as const;

const NAME_MESSAGE = 'Registry names may contain only alpha numeric characters and must be between 5 and 50 characters';

function nameInUseMessage(name: string): string {
  return `The registry DNS name ${loginServerOf(name)} is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`;
}

function notFound(name: string, group: string): ApiError {
  return new ApiError(
    404,
    'ResourceNotFound',
    `The Resource '${REGISTRY_TYPE}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

function body(rc: RequestContext): Record<string, unknown> {
  const b = rc.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) {
    throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'expected a JSON object'.");
  }
  return b as Record<string, unknown>;
}

function parseSku(input: unknown): RegistrySkuName | undefined {
  if (input === undefined || input === null) return undefined;
  const name = String((input as { name?: unknown }).name ?? '');
  const sku = REGISTRY_SKUS.find((s) => s.toLowerCase() === name.toLowerCase());
  if (!sku) {
    throw new ApiError(400, 'InvalidSkuName', `The SKU '${name}' is invalid. The supported SKUs are '${REGISTRY_SKUS.join(', ')}'.`);
  }
  return sku;
}

function requireRegistry(ctx: PlatformContext, rc: RequestContext): RegistryResource {
  const { subscriptionId, resourceGroupName, registryName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  const r = getRegistry(ctx.store, registryId(subscriptionId, rg.name, registryName));
  if (!r) throw notFound(registryName, resourceGroupName);
  return r;
}

function adminEnabledOf(b: Record<string, unknown>): boolean | undefined {
  const v = (b.properties as Record<string, unknown> | undefined)?.adminUserEnabled;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'adminUserEnabled must be a boolean'.");
  return v;
}

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName, registryName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  if (!REGISTRY_NAME_RULE.test(registryName)) throw new ApiError(400, 'InvalidResourceName', `${NAME_MESSAGE}.`);
  const b = body(rc);
  const id = registryId(subscriptionId, rg.name, registryName);
  const taken = getRegistryByName(ctx.store, registryName);
  if (taken && taken.id.toLowerCase() !== id.toLowerCase()) throw new ApiError(409, 'AlreadyInUse', nameInUseMessage(registryName));
  const sku = parseSku(b.sku);
  const tags = validateTags(b.tags);
  const admin = adminEnabledOf(b);
  if (taken) {
    const next: RegistryResource = {
      ...taken,
      tags,
      sku: sku ? { name: sku, tier: sku } : taken.sku,
      properties: { ...taken.properties, adminUserEnabled: admin ?? taken.properties.adminUserEnabled },
      systemData: modifiedSystemData(taken.systemData, rc.caller.principal, ctx.clock),
    };
    saveRegistry(ctx.store, next);
    return { status: 200, body: registryWire(next) };
  }
  if (typeof b.location !== 'string' || b.location.trim() === '') {
    throw new ApiError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  if (!sku) throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'sku is required'.");
  const created = createRegistry(ctx, {
    subscriptionId,
    resourceGroup: rg.name,
    name: registryName,
    location: b.location.replace(/\s+/g, '').toLowerCase(),
    sku,
    tags,
    adminUserEnabled: admin,
    createdBy: rc.caller.principal,
  });
  return { status: 201, body: registryWire(created) };
}

function patch(ctx: PlatformContext, rc: RequestContext): Reply {
  const r = requireRegistry(ctx, rc);
  const b = body(rc);
  const sku = parseSku(b.sku);
  const admin = adminEnabledOf(b);
  const next: RegistryResource = {
    ...r,
    tags: 'tags' in b ? validateTags(b.tags) : r.tags,
    sku: sku ? { name: sku, tier: sku } : r.sku,
    properties: { ...r.properties, adminUserEnabled: admin ?? r.properties.adminUserEnabled },
    systemData: modifiedSystemData(r.systemData, rc.caller.principal, ctx.clock),
  };
  saveRegistry(ctx.store, next);
  return { status: 200, body: registryWire(next) };
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName, registryName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  const r = getRegistry(ctx.store, registryId(subscriptionId, rg.name, registryName));
  if (!r) return { status: 204 };
  removeRegistry(ctx.store, r);
  return { status: 200 };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName } = rc.params;
  let under = `/subscriptions/${subscriptionId}`;
  if (resourceGroupName !== undefined) under = requireResourceGroup(ctx, subscriptionId, resourceGroupName).id;
  else requireSubscription(ctx, subscriptionId);
  return { status: 200, body: { value: listRegistries(ctx.store, under).map(registryWire) } };
}

function checkName(ctx: PlatformContext, rc: RequestContext): Reply {
  requireSubscription(ctx, rc.params.subscriptionId);
  const name = typeof body(rc).name === 'string' ? (body(rc).name as string) : '';
  if (!REGISTRY_NAME_RULE.test(name)) return { status: 200, body: { nameAvailable: false, reason: 'Invalid', message: NAME_MESSAGE } };
  if (getRegistryByName(ctx.store, name)) {
    return { status: 200, body: { nameAvailable: false, reason: 'AlreadyExists', message: `The registry ${name} is already in use.` } };
  }
  return { status: 200, body: { nameAvailable: true } };
}

function credentialsReply(ctx: PlatformContext, rc: RequestContext, regenerate?: 'password' | 'password2'): Reply {
  const r = requireRegistry(ctx, rc);
  if (!r.properties.adminUserEnabled) {
    throw new ApiError(400, 'AdminUserDisabled', `Admin user is disabled. Enable the admin user of registry '${r.name}' to use its credentials.`);
  }
  const creds = regenerate ? regenerateRegistryPassword(ctx.store, r, regenerate) : registryCredentials(ctx.store, r);
  return { status: 200, body: { username: creds.username, passwords: creds.passwords } };
}

function regenerate(ctx: PlatformContext, rc: RequestContext): Reply {
  const name = String(body(rc).name ?? '').toLowerCase();
  if (name !== 'password' && name !== 'password2') {
    throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'name must be password or password2'.");
  }
  return credentialsReply(ctx, rc, name);
}

export function registryOperations(ctx: PlatformContext): Operation[] {
  const resourceScope = (rc: RequestContext) => registryId(rc.params.subscriptionId, rc.params.resourceGroupName, rc.params.registryName);
  return [
    { ...common, id: 'Registries_Create', method: 'PUT', path: PATH, action: `${A}/write`, handler: (rc) => put(ctx, rc) },
    { ...common, id: 'Registries_Get', method: 'GET', path: PATH, action: `${A}/read`, handler: (rc) => ({ status: 200, body: registryWire(requireRegistry(ctx, rc)) }) },
    { ...common, id: 'Registries_Update', method: 'PATCH', path: PATH, action: `${A}/write`, handler: (rc) => patch(ctx, rc) },
    { ...common, id: 'Registries_Delete', method: 'DELETE', path: PATH, action: `${A}/delete`, handler: (rc) => del(ctx, rc) },
    { ...common, id: 'Registries_ListByResourceGroup', method: 'GET', path: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${REGISTRY_TYPE}`, itemAction: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'Registries_List', method: 'GET', path: `/subscriptions/{subscriptionId}/providers/${REGISTRY_TYPE}`, itemAction: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'Registries_CheckNameAvailability', method: 'POST', path: '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerRegistry/checkNameAvailability', action: 'Microsoft.ContainerRegistry/checkNameAvailability/read', handler: (rc) => checkName(ctx, rc) },
    { ...common, id: 'Registries_ListCredentials', method: 'POST', path: `${PATH}/listCredentials`, action: `${A}/listCredentials/action`, scope: resourceScope, handler: (rc) => credentialsReply(ctx, rc) },
    { ...common, id: 'Registries_RegenerateCredential', method: 'POST', path: `${PATH}/regenerateCredential`, action: `${A}/regenerateCredential/action`, scope: resourceScope, handler: (rc) => regenerate(ctx, rc) },
  ];
}
