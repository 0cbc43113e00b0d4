/**
 * Storage accounts as both planes see them: the ARM resource (Microsoft.Storage/storageAccounts) and the data
 * plane's view (keys, allowSharedKeyAccess, where the account lives for RBAC scopes). Kind `storageAccount`,
 * keyed by the account name (globally unique, lower case).
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { SystemData } from '../../arm/system-data.js';

export const STORAGE_ACCOUNT_KIND = 'storageAccount';

export interface StorageAccountKey {
  keyName: 'key1' | 'key2';
  value: string;
  permissions: 'FULL';
  creationTime: string;
}

export interface StorageAccountRecord {
  name: string;
  /** ARM id with the casing given at creation. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  kind: string;
  sku: { name: string; tier: string };
  tags: Record<string, string>;
  /** ARM properties as the caller set them (writable subset); read-only ones are computed on output. */
  properties: Record<string, unknown>;
  identity?: { type: string; principalId?: string; tenantId?: string };
  keys: StorageAccountKey[];
  /** Properties of `blobServices/default` as last set through ARM. */
  blobServiceProperties?: Record<string, unknown>;
  createdAt: string;
  systemData?: SystemData;
}

/** 64 random bytes, base64 — the shape of Azure's account keys (88 characters). */
export function newAccountKey(): string {
  return randomBytes(64).toString('base64');
}

export function getAccount(store: Store, name: string): StorageAccountRecord | undefined {
  return store.get<StorageAccountRecord>(STORAGE_ACCOUNT_KIND, name.toLowerCase())?.body;
}

export function putAccount(store: Store, account: StorageAccountRecord): void {
  store.put(STORAGE_ACCOUNT_KIND, account.name.toLowerCase(), account);
}

export function deleteAccountRecord(store: Store, name: string): boolean {
  return store.delete(STORAGE_ACCOUNT_KIND, name.toLowerCase());
}

export function listAccounts(store: Store): StorageAccountRecord[] {
  return store.list<StorageAccountRecord>(STORAGE_ACCOUNT_KIND).map((d) => d.body);
}

/** Whether the data plane accepts Shared Key / account SAS for this account (default true, as in Azure). */
export function sharedKeyAllowed(account: StorageAccountRecord): boolean {
  return account.properties.allowSharedKeyAccess !== false;
}

/** ARM scope of the account's blob service, optionally narrowed to a container. */
export function blobScope(account: StorageAccountRecord, container?: string): string {
  const base = `/subscriptions/${account.subscriptionId}/resourceGroups/${account.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${account.name}/blobServices/default`;
  return container === undefined ? base : `${base}/containers/${container}`;
}
