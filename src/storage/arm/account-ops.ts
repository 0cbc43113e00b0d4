/**
 * storageAccounts: PUT (create/update, 200 with provisioningState Succeeded), GET, PATCH, DELETE (200/204, removes
 * the account's containers and blobs), LIST (group, subscription), listKeys, regenerateKey, checkNameAvailability.
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { requireResourceGroup, requireSubscription } from '../../arm/scope-checks.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { deleteArmResourceTree, putArmResource } from '../../arm/resource-store.js';
import {
  deleteAccountRecord,
  getAccount,
  listAccounts,
  newAccountKey,
  putAccount,
  type StorageAccountKey,
  type StorageAccountRecord,
} from '../accounts/account-records.js';
import { deleteAccountData } from '../accounts/account-data.js';
import { STORAGE_API_VERSIONS } from './storage-api-versions.js';
import { ACCOUNT_NAME_RULE, accountNameInvalidMessage, accountNameTakenMessage, storageArmErrors } from './storage-arm-errors.js';
import { ACCOUNT_TYPE, accountWire } from './storage-wire.js';
import { bodyObject, canonicalLocation, parseAccountInput } from './account-input.js';

const A = 'Microsoft.Storage/storageAccounts';
export const ACCOUNT_PATH = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}';
const common = { apiVersions: STORAGE_API_VERSIONS, resourceType: ACCOUNT_TYPE } as const;

/** The account named in the URL, in that subscription and group, or 404 ResourceNotFound. */
export function requireAccount(ctx: PlatformContext, rc: RequestContext): StorageAccountRecord {
  const { subscriptionId, resourceGroupName, accountName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  const a = getAccount(ctx.store, accountName);
  if (!a || a.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase() || a.resourceGroup.toLowerCase() !== rg.name.toLowerCase()) {
    throw storageArmErrors.accountNotFound(accountName, resourceGroupName);
  }
  return a;
}

function save(ctx: PlatformContext, a: StorageAccountRecord): void {
  ctx.store.transaction(() => {
    putAccount(ctx.store, a);
    putArmResource(ctx.store, { id: a.id, name: a.name, type: ACCOUNT_TYPE, location: a.location, tags: a.tags, kind: a.kind, sku: a.sku, properties: { provisioningState: 'Succeeded' } });
  });
}

function newKeys(now: string): StorageAccountKey[] {
  return [
    { keyName: 'key1', value: newAccountKey(), permissions: 'FULL', creationTime: now },
    { keyName: 'key2', value: newAccountKey(), permissions: 'FULL', creationTime: now },
  ];
}

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName, accountName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  if (!ACCOUNT_NAME_RULE.test(accountName)) throw storageArmErrors.accountNameInvalid(accountName);
  const input = parseAccountInput(bodyObject(rc), false);
  const now = new Date(ctx.clock.now()).toISOString();
  const id = `/subscriptions/${subscriptionId}/resourceGroups/${rg.name}/providers/Microsoft.Storage/storageAccounts/${accountName}`;
  const existing = getAccount(ctx.store, accountName);
  if (existing && existing.id.toLowerCase() !== id.toLowerCase()) throw storageArmErrors.accountNameTaken(accountName);
  if (!input.location) throw storageArmErrors.locationRequired();
  const account: StorageAccountRecord = {
    name: accountName,
    id: existing?.id ?? id,
    subscriptionId,
    resourceGroup: rg.name,
    location: canonicalLocation(input.location),
    kind: input.kind ?? existing?.kind ?? 'StorageV2',
    sku: input.sku ?? existing?.sku ?? { name: 'Standard_LRS', tier: 'Standard' },
    tags: input.tags ?? {},
    properties: { ...(existing?.properties ?? {}), ...(input.properties ?? {}) },
    keys: existing?.keys ?? newKeys(now),
    blobServiceProperties: existing?.blobServiceProperties,
    createdAt: existing?.createdAt ?? now,
    systemData: existing ? modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock) : createdSystemData(rc.caller.principal, ctx.clock),
  };
  save(ctx, account);
  return { status: 200, body: accountWire(account) };
}

function patch(ctx: PlatformContext, rc: RequestContext): Reply {
  const a = requireAccount(ctx, rc);
  const input = parseAccountInput(bodyObject(rc), true);
  const next: StorageAccountRecord = {
    ...a,
    kind: input.kind ?? a.kind,
    sku: input.sku ?? a.sku,
    tags: input.tags ?? a.tags,
    properties: { ...a.properties, ...(input.properties ?? {}) },
    systemData: modifiedSystemData(a.systemData, rc.caller.principal, ctx.clock),
  };
  save(ctx, next);
  return { status: 200, body: accountWire(next) };
}

/** Removes an account with everything in it (records, content files, ARM records). */
export function removeAccount(ctx: PlatformContext, a: StorageAccountRecord): void {
  deleteAccountData(ctx, a.name);
  ctx.store.transaction(() => {
    deleteAccountRecord(ctx.store, a.name);
    deleteArmResourceTree(ctx.store, a.id);
  });
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  let a: StorageAccountRecord;
  try {
    a = requireAccount(ctx, rc);
  } catch (e) {
    if ((e as { code?: string }).code === 'ResourceNotFound') return { status: 204 };
    throw e;
  }
  removeAccount(ctx, a);
  return { status: 200 };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const { subscriptionId, resourceGroupName } = rc.params;
  if (resourceGroupName !== undefined) requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  else requireSubscription(ctx, subscriptionId);
  const value = listAccounts(ctx.store)
    .filter((a) => a.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
    .filter((a) => resourceGroupName === undefined || a.resourceGroup.toLowerCase() === resourceGroupName.toLowerCase())
    .map(accountWire);
  return { status: 200, body: { value } };
}

function keysBody(a: StorageAccountRecord): Record<string, unknown> {
  return { keys: a.keys.map((k) => ({ keyName: k.keyName, value: k.value, permissions: k.permissions, creationTime: k.creationTime })) };
}

function regenerate(ctx: PlatformContext, rc: RequestContext): Reply {
  const a = requireAccount(ctx, rc);
  const keyName = String(bodyObject(rc).keyName ?? '').toLowerCase();
  if (keyName !== 'key1' && keyName !== 'key2') throw storageArmErrors.invalidKeyName();
  const now = new Date(ctx.clock.now()).toISOString();
  const keys = a.keys.map((k) => (k.keyName === keyName ? { ...k, value: newAccountKey(), creationTime: now } : k));
  const next = { ...a, keys };
  save(ctx, next);
  return { status: 200, body: keysBody(next) };
}

function checkName(ctx: PlatformContext, rc: RequestContext): Reply {
  requireSubscription(ctx, rc.params.subscriptionId);
  const body = bodyObject(rc);
  const name = typeof body.name === 'string' ? body.name : '';
  if (!ACCOUNT_NAME_RULE.test(name)) {
    return { status: 200, body: { nameAvailable: false, reason: 'AccountNameInvalid', message: accountNameInvalidMessage(name) } };
  }
  if (getAccount(ctx.store, name)) {
    return { status: 200, body: { nameAvailable: false, reason: 'AlreadyExists', message: accountNameTakenMessage(name) } };
  }
  return { status: 200, body: { nameAvailable: true } };
}

export function accountOperations(ctx: PlatformContext): Operation[] {
  return [
    { ...common, id: 'StorageAccounts_Create', method: 'PUT', path: ACCOUNT_PATH, action: `${A}/write`, handler: (rc) => put(ctx, rc) },
    { ...common, id: 'StorageAccounts_GetProperties', method: 'GET', path: ACCOUNT_PATH, action: `${A}/read`, handler: (rc) => ({ status: 200, body: accountWire(requireAccount(ctx, rc)) }) },
    { ...common, id: 'StorageAccounts_Update', method: 'PATCH', path: ACCOUNT_PATH, action: `${A}/write`, handler: (rc) => patch(ctx, rc) },
    { ...common, id: 'StorageAccounts_Delete', method: 'DELETE', path: ACCOUNT_PATH, action: `${A}/delete`, handler: (rc) => del(ctx, rc) },
    { ...common, id: 'StorageAccounts_ListByResourceGroup', method: 'GET', path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts', itemAction: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'StorageAccounts_List', method: 'GET', path: '/subscriptions/{subscriptionId}/providers/Microsoft.Storage/storageAccounts', itemAction: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'StorageAccounts_ListKeys', method: 'POST', path: `${ACCOUNT_PATH}/listKeys`, action: `${A}/listkeys/action`, handler: (rc) => ({ status: 200, body: keysBody(requireAccount(ctx, rc)) }) },
    { ...common, id: 'StorageAccounts_RegenerateKey', method: 'POST', path: `${ACCOUNT_PATH}/regenerateKey`, action: `${A}/regeneratekey/action`, handler: (rc) => regenerate(ctx, rc) },
    { ...common, id: 'StorageAccounts_CheckNameAvailability', method: 'POST', path: '/subscriptions/{subscriptionId}/providers/Microsoft.Storage/checkNameAvailability', action: 'Microsoft.Storage/checknameavailability/read', handler: (rc) => checkName(ctx, rc) },
  ];
}
