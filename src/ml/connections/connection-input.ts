/**
 * Validating a connection PUT body (`properties {category, target, authType, credentials, metadata, isSharedToAll}`):
 * Azure's spellings restored case-insensitively, each auth type's credential fields split into what is shown and
 * what is secret. A PUT that leaves a secret out keeps the stored one.
 */
import { mlErrors } from '../arm/ml-errors.js';
import { isObject, stringMap, type Json } from '../arm/ml-request.js';
import type { ConnectionProperties } from './connection-records.js';

export const CONNECTION_CATEGORIES = [
  'ContainerRegistry', 'Git', 'PythonFeed', 'S3', 'Snowflake', 'AzureSqlDb', 'AzureSynapseAnalytics', 'AzureMySqlDb', 'AzurePostgresDb',
  'AzureBlob', 'AzureDataLakeGen2', 'AzureOneLake', 'CustomKeys', 'ApiKey', 'AzureOpenAI', 'CognitiveSearch', 'CognitiveService', 'Redis', 'GenericHttp', 'GenericContainerRegistry',
] as const;

interface AuthSpec {
  name: string;
  shown: readonly string[];
  secret: readonly string[];
  /** Fields that must be present (a secret may instead be kept from the stored connection). */
  required: readonly string[];
  /** At least one of these must be present. */
  anyOf?: readonly string[];
}

const AUTH_TYPES: readonly AuthSpec[] = [
  { name: 'ManagedIdentity', shown: ['clientId', 'resourceId'], secret: [], required: [], anyOf: ['clientId', 'resourceId'] },
  { name: 'UsernamePassword', shown: ['username'], secret: ['password', 'securityToken'], required: ['username', 'password'] },
  { name: 'PAT', shown: [], secret: ['pat'], required: ['pat'] },
  { name: 'SAS', shown: [], secret: ['sas'], required: ['sas'] },
  { name: 'AccountKey', shown: [], secret: ['key'], required: ['key'] },
  { name: 'ApiKey', shown: [], secret: ['key'], required: ['key'] },
  { name: 'AccessKey', shown: ['accessKeyId'], secret: ['secretAccessKey'], required: ['accessKeyId', 'secretAccessKey'] },
  { name: 'ServicePrincipal', shown: ['clientId', 'tenantId'], secret: ['clientSecret'], required: ['clientId', 'tenantId', 'clientSecret'] },
  { name: 'None', shown: [], secret: [], required: [] },
  { name: 'AAD', shown: [], secret: [], required: [] },
];

function pick<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  const hit = allowed.find((a) => a.toLowerCase() === String(value ?? '').toLowerCase());
  if (!hit) throw mlErrors.user(`Invalid value '${String(value ?? '')}' for ${field}. Allowed values: ${allowed.join(', ')}.`);
  return hit;
}

export interface ConnectionInput {
  properties: ConnectionProperties;
  secrets: Record<string, string>;
}

export function connectionInput(p: Json, stored?: { properties: ConnectionProperties; secrets?: Record<string, string> }): ConnectionInput {
  const category = pick(p.category, CONNECTION_CATEGORIES, 'properties.category');
  if (typeof p.target !== 'string' || p.target.trim() === '') throw mlErrors.user('The connection target (properties.target) is required.');
  const auth = AUTH_TYPES.find((a) => a.name.toLowerCase() === String(p.authType ?? '').toLowerCase());
  if (!auth) throw mlErrors.user(`Invalid value '${String(p.authType ?? '')}' for properties.authType. Allowed values: ${AUTH_TYPES.map((a) => a.name).join(', ')}.`);
  const given = p.credentials === undefined || p.credentials === null ? {} : p.credentials;
  if (!isObject(given)) throw mlErrors.invalidBody('credentials must be an object');
  const creds = stringMap({ c: given }, 'c');
  const known = new Set([...auth.shown, ...auth.secret]);
  const lower = new Map([...known].map((k) => [k.toLowerCase(), k]));
  const shown: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const sameAuth = stored && stored.properties.authType === auth.name;
  for (const [k, v] of Object.entries(creds)) {
    const name = lower.get(k.toLowerCase());
    if (!name) throw mlErrors.user(`The credential field '${k}' is not valid for authType '${auth.name}'. Valid fields: ${[...known].join(', ') || 'none'}.`);
    if (v === '') continue;
    if (auth.secret.includes(name)) secrets[name] = v;
    else shown[name] = v;
  }
  if (sameAuth) for (const [k, v] of Object.entries(stored.secrets ?? {})) if (secrets[k] === undefined) secrets[k] = v;
  for (const f of auth.required) {
    if (shown[f] === undefined && secrets[f] === undefined) throw mlErrors.user(`The credential field '${f}' is required for authType '${auth.name}'.`);
  }
  if (auth.anyOf && !auth.anyOf.some((f) => shown[f] !== undefined)) {
    throw mlErrors.user(`A '${auth.name}' connection needs credentials.${auth.anyOf.join(' or credentials.')}.`);
  }
  const properties: ConnectionProperties = {
    category,
    target: p.target.trim(),
    authType: auth.name,
    isSharedToAll: typeof p.isSharedToAll === 'boolean' ? p.isSharedToAll : false,
    metadata: stringMap(p, 'metadata'),
  };
  if (auth.shown.length + auth.secret.length > 0) properties.credentials = shown;
  if (typeof p.expiryTime === 'string') properties.expiryTime = p.expiryTime;
  return { properties, secrets };
}
