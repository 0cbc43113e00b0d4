/**
 * Construction of stored directory records (Graph v1.0 shapes plus `_private` fields) and the store layout:
 * kind `directoryObject` keyed by object id, kind `directoryIndex` mapping alternate keys (UPN, appId) to object ids.
 */
import type { ApplicationRecord, DirectoryObject, ServicePrincipalRecord, UserRecord } from './types.js';

export const OBJECT_KIND = 'directoryObject';
export const INDEX_KIND = 'directoryIndex';

/** Tenant that owns the hidden applications behind managed identities (Microsoft Services). */
export const MANAGED_IDENTITY_APP_OWNER_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

export interface IndexEntry {
  objectId: string;
}

export const indexKey = {
  upn: (upn: string) => `upn:${upn}`,
  application: (appId: string) => `app:${appId}`,
  servicePrincipal: (appId: string) => `sp:${appId}`,
};

/** Records may carry further Graph properties set through Graph (jobTitle, web, notes…). */
export type Open<T> = T & Record<string, unknown>;

export type ObjectType = 'user' | 'application' | 'servicePrincipal';

export function objectType(o: DirectoryObject): ObjectType {
  switch (o['@odata.type']) {
    case '#microsoft.graph.user':
      return 'user';
    case '#microsoft.graph.application':
      return 'application';
    default:
      return 'servicePrincipal';
  }
}

/** Graph timestamps: UTC, seconds precision, `Z` (e.g. `2024-05-01T10:11:12Z`). */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newUserRecord(input: {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mailNickname: string;
  accountEnabled: boolean;
  globalAdmin: boolean;
  passwordHash: string;
  passwordSalt: string;
  now: string;
}): UserRecord {
  const rec: UserRecord = {
    '@odata.type': '#microsoft.graph.user',
    id: input.id,
    displayName: input.displayName,
    userPrincipalName: input.userPrincipalName,
    mail: null,
    mailNickname: input.mailNickname,
    accountEnabled: input.accountEnabled,
    givenName: null,
    surname: null,
    jobTitle: null,
    businessPhones: [],
    _passwordHash: input.passwordHash,
    _passwordSalt: input.passwordSalt,
    _createdDateTime: input.now,
  };
  if (input.globalAdmin) rec._globalAdmin = true;
  return rec;
}

export function newApplicationRecord(input: {
  id: string;
  appId: string;
  displayName: string;
  owners: string[];
  now: string;
  properties?: Record<string, unknown>;
}): Open<ApplicationRecord> {
  return {
    '@odata.type': '#microsoft.graph.application',
    id: input.id,
    appId: input.appId,
    displayName: input.displayName,
    createdDateTime: input.now,
    signInAudience: 'AzureADMyOrg',
    passwordCredentials: [],
    identifierUris: [],
    publicClient: { redirectUris: [] },
    spa: { redirectUris: [] },
    web: { redirectUris: [] },
    ...input.properties,
    _owners: input.owners,
  };
}

export function newApplicationServicePrincipal(input: {
  id: string;
  app: ApplicationRecord;
  tenantId: string;
  owners: string[];
  now: string;
  properties?: Record<string, unknown>;
}): Open<ServicePrincipalRecord> {
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    id: input.id,
    appId: input.app.appId,
    displayName: input.app.displayName,
    servicePrincipalType: 'Application',
    servicePrincipalNames: [input.app.appId, ...input.app.identifierUris],
    accountEnabled: true,
    appOwnerOrganizationId: input.tenantId,
    alternativeNames: [],
    createdDateTime: input.now,
    tags: [],
    ...input.properties,
    _owners: input.owners,
  };
}

/** The service principal behind a managed identity, shaped as Azure creates it: no application object,
 *  `servicePrincipalNames` = [clientId, resourceId], `alternativeNames` = [`isExplicit=True|False`, resourceId]
 *  (explicit = user-assigned). */
export function newManagedIdentityPrincipal(input: {
  id: string;
  clientId: string;
  displayName: string;
  resourceId: string;
  now: string;
}): ServicePrincipalRecord {
  const explicit = /\/providers\/microsoft\.managedidentity\/userassignedidentities\//i.test(input.resourceId);
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    id: input.id,
    appId: input.clientId,
    displayName: input.displayName,
    servicePrincipalType: 'ManagedIdentity',
    servicePrincipalNames: [input.clientId, input.resourceId],
    accountEnabled: true,
    appOwnerOrganizationId: MANAGED_IDENTITY_APP_OWNER_TENANT,
    alternativeNames: [`isExplicit=${explicit ? 'True' : 'False'}`, input.resourceId],
    createdDateTime: input.now,
    tags: [],
    _miResourceId: input.resourceId,
    _owners: [],
  };
}
