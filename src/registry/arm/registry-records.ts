/**
 * Container registries (Microsoft.ContainerRegistry/registries) as stored: a generic `armResource` record plus a
 * name index (kind `containerRegistryName`, registry names are globally unique: `<name>.azurecr.io`) and the
 * admin user's passwords (kind `containerRegistryCredentials`, keyed by registry id).
 */
import { randomBytes } from 'node:crypto';
import type { PlatformContext } from '../../platform/context.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../../shared/principal.js';
import { canonicalId, deleteArmResourceTree, getArmResource, listArmResources, putArmResource, type ArmResource } from '../../arm/resource-store.js';
import { createdSystemData } from '../../arm/system-data.js';
import type { Tags } from '../../arm/tags.js';

export const REGISTRY_TYPE = 'Microsoft.ContainerRegistry/registries';
export const REGISTRY_NAME_KIND = 'containerRegistryName';
export const REGISTRY_CREDENTIALS_KIND = 'containerRegistryCredentials';

/** 5–50 alphanumeric characters. */
export const REGISTRY_NAME_RULE = /^[a-zA-Z0-9]{5,50}$/;

export const REGISTRY_SKUS = ['Basic', 'Standard', 'Premium'] as const;
export type RegistrySkuName = (typeof REGISTRY_SKUS)[number];

/** What is kept; the rest of Azure's properties are computed on output. */
export interface RegistryProperties {
  loginServer: string;
  creationDate: string;
  provisioningState: 'Succeeded';
  adminUserEnabled: boolean;
  publicNetworkAccess?: string;
  anonymousPullEnabled?: boolean;
}

export type RegistryResource = ArmResource<RegistryProperties>;

export interface RegistryCredentials {
  username: string;
  passwords: Array<{ name: 'password' | 'password2'; value: string }>;
}

export function loginServerOf(name: string): string {
  return `${name.toLowerCase()}.azurecr.io`;
}

export function registryId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${REGISTRY_TYPE}/${name}`;
}

export function getRegistry(store: Store, id: string): RegistryResource | undefined {
  const r = getArmResource<RegistryProperties>(store, id);
  return r && r.type.toLowerCase() === REGISTRY_TYPE.toLowerCase() ? r : undefined;
}

/** The registry with this (globally unique) name, wherever it lives. */
export function getRegistryByName(store: Store, name: string): RegistryResource | undefined {
  const ref = store.get<{ id: string }>(REGISTRY_NAME_KIND, name.toLowerCase())?.body;
  return ref ? getRegistry(store, ref.id) : undefined;
}

export function listRegistries(store: Store, under: string): RegistryResource[] {
  return listArmResources<RegistryProperties>(store, { under, type: REGISTRY_TYPE });
}

export function saveRegistry(store: Store, r: RegistryResource): void {
  store.transaction(() => {
    putArmResource(store, r);
    store.put(REGISTRY_NAME_KIND, r.name.toLowerCase(), { id: canonicalId(r.id) });
  });
}

export function removeRegistry(store: Store, r: RegistryResource): void {
  store.transaction(() => {
    deleteArmResourceTree(store, r.id);
    store.delete(REGISTRY_NAME_KIND, r.name.toLowerCase());
    store.delete(REGISTRY_CREDENTIALS_KIND, canonicalId(r.id));
  });
}

function newPassword(): string {
  // ACR admin passwords are 52 characters of base64-ish text.
  return randomBytes(39).toString('base64').replace(/[+/]/g, 'A');
}

/** The admin user's credentials (created on first use; username = registry name). */
export function registryCredentials(store: Store, r: RegistryResource): RegistryCredentials {
  const key = canonicalId(r.id);
  const existing = store.get<RegistryCredentials>(REGISTRY_CREDENTIALS_KIND, key)?.body;
  if (existing) return existing;
  const creds: RegistryCredentials = {
    username: r.name,
    passwords: [
      { name: 'password', value: newPassword() },
      { name: 'password2', value: newPassword() },
    ],
  };
  store.put(REGISTRY_CREDENTIALS_KIND, key, creds);
  return creds;
}

export function regenerateRegistryPassword(store: Store, r: RegistryResource, which: 'password' | 'password2'): RegistryCredentials {
  const creds = registryCredentials(store, r);
  const next: RegistryCredentials = { ...creds, passwords: creds.passwords.map((p) => (p.name === which ? { name: p.name, value: newPassword() } : p)) };
  store.put(REGISTRY_CREDENTIALS_KIND, canonicalId(r.id), next);
  return next;
}

export interface NewRegistry {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  sku?: RegistrySkuName;
  tags?: Tags;
  adminUserEnabled?: boolean;
  createdBy?: Principal;
}

/** Creates a registry record (trusted callers: the name must be valid and free). */
export function createRegistry(ctx: PlatformContext, input: NewRegistry): RegistryResource {
  const sku = input.sku ?? 'Basic';
  const r: RegistryResource = {
    id: registryId(input.subscriptionId, input.resourceGroup, input.name),
    name: input.name,
    type: REGISTRY_TYPE,
    location: input.location,
    tags: input.tags ?? {},
    sku: { name: sku, tier: sku },
    properties: {
      loginServer: loginServerOf(input.name),
      creationDate: new Date(ctx.clock.now()).toISOString(),
      provisioningState: 'Succeeded',
      adminUserEnabled: input.adminUserEnabled ?? false,
    },
    systemData: createdSystemData(input.createdBy, ctx.clock),
  };
  saveRegistry(ctx.store, r);
  return r;
}

/** Azure's JSON for a registry (2022-02-01-preview … 2023-07-01). */
export function registryWire(r: RegistryResource): Record<string, unknown> {
  const p = r.properties;
  const out: Record<string, unknown> = {
    sku: r.sku,
    type: REGISTRY_TYPE,
    id: r.id,
    name: r.name,
    location: r.location,
    tags: r.tags ?? {},
    properties: {
      loginServer: p.loginServer,
      creationDate: p.creationDate,
      provisioningState: p.provisioningState,
      adminUserEnabled: p.adminUserEnabled,
      policies: {
        quarantinePolicy: { status: 'disabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: { days: 7, lastUpdatedTime: p.creationDate, status: 'disabled' },
        exportPolicy: { status: 'enabled' },
      },
      encryption: { status: 'disabled' },
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
      privateEndpointConnections: [],
      publicNetworkAccess: p.publicNetworkAccess ?? 'Enabled',
      networkRuleBypassOptions: 'AzureServices',
      zoneRedundancy: 'Disabled',
      anonymousPullEnabled: p.anonymousPullEnabled ?? false,
    },
  };
  if (r.systemData) out.systemData = r.systemData;
  return out;
}
