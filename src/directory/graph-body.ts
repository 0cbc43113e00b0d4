/**
 * Request-body checks for Graph writes: which properties a resource accepts, which are read-only, and the JSON type
 * each must have — answered with Graph's messages.
 */
import { invalidValue, readOnlyProperty, unknownProperty } from './graph-errors.js';

export type PropType = 'string' | 'nullableString' | 'boolean' | 'nullableBoolean' | 'strings' | 'object' | 'nullableObject' | 'array';

export interface ResourceSchema {
  /** Resource name in messages, e.g. `User`, `Application`. */
  name: string;
  writable: Record<string, PropType>;
  readOnly: readonly string[];
}

function hasType(v: unknown, t: PropType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'nullableString':
      return v === null || typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'nullableBoolean':
      return v === null || typeof v === 'boolean';
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'nullableObject':
      return v === null || (typeof v === 'object' && !Array.isArray(v));
    case 'array':
      return Array.isArray(v);
  }
}

/** Returns the accepted properties (OData annotations dropped); throws a Graph 400 for anything else. */
export function checkBody(body: Record<string, unknown>, schema: ResourceSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.') || key.includes('@odata.')) continue;
    const prop = Object.keys(schema.writable).find((k) => k.toLowerCase() === key.toLowerCase());
    if (!prop) {
      if (schema.readOnly.some((k) => k.toLowerCase() === key.toLowerCase())) throw readOnlyProperty(key);
      throw unknownProperty(key);
    }
    if (!hasType(value, schema.writable[prop])) throw invalidValue(prop, schema.name);
    out[prop] = value;
  }
  return out;
}

export const USER_SCHEMA: ResourceSchema = {
  name: 'User',
  writable: {
    accountEnabled: 'boolean',
    displayName: 'string',
    userPrincipalName: 'string',
    mailNickname: 'string',
    passwordProfile: 'object',
    passwordPolicies: 'nullableString',
    givenName: 'nullableString',
    surname: 'nullableString',
    jobTitle: 'nullableString',
    mail: 'nullableString',
    mobilePhone: 'nullableString',
    officeLocation: 'nullableString',
    preferredLanguage: 'nullableString',
    businessPhones: 'strings',
    usageLocation: 'nullableString',
    department: 'nullableString',
    companyName: 'nullableString',
    employeeId: 'nullableString',
    otherMails: 'strings',
    city: 'nullableString',
    country: 'nullableString',
    state: 'nullableString',
    streetAddress: 'nullableString',
    postalCode: 'nullableString',
  },
  readOnly: ['id', 'createdDateTime', 'proxyAddresses', 'userType'],
};

export const APPLICATION_SCHEMA: ResourceSchema = {
  name: 'Application',
  writable: {
    displayName: 'string',
    description: 'nullableString',
    notes: 'nullableString',
    signInAudience: 'string',
    identifierUris: 'strings',
    tags: 'strings',
    web: 'object',
    spa: 'object',
    publicClient: 'object',
    api: 'object',
    info: 'object',
    appRoles: 'array',
    requiredResourceAccess: 'array',
    optionalClaims: 'nullableObject',
    keyCredentials: 'array',
    addIns: 'array',
    isFallbackPublicClient: 'nullableBoolean',
    isDeviceOnlyAuthSupported: 'nullableBoolean',
    groupMembershipClaims: 'nullableString',
    parentalControlSettings: 'object',
    serviceManagementReference: 'nullableString',
    tokenEncryptionKeyId: 'nullableString',
    defaultRedirectUri: 'nullableString',
  },
  readOnly: ['id', 'appId', 'createdDateTime', 'publisherDomain', 'passwordCredentials', 'deletedDateTime'],
};

export const SERVICE_PRINCIPAL_SCHEMA: ResourceSchema = {
  name: 'ServicePrincipal',
  writable: {
    appId: 'string',
    accountEnabled: 'boolean',
    displayName: 'string',
    description: 'nullableString',
    notes: 'nullableString',
    tags: 'strings',
    appRoleAssignmentRequired: 'boolean',
    homepage: 'nullableString',
    loginUrl: 'nullableString',
    logoutUrl: 'nullableString',
    replyUrls: 'strings',
    notificationEmailAddresses: 'strings',
    preferredSingleSignOnMode: 'nullableString',
    keyCredentials: 'array',
    info: 'object',
  },
  readOnly: ['id', 'createdDateTime', 'servicePrincipalNames', 'servicePrincipalType', 'appOwnerOrganizationId', 'alternativeNames', 'passwordCredentials', 'deletedDateTime'],
};
