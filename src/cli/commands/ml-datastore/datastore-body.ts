/**
 * An Azure Blob datastore YAML → the REST body of `PUT …/datastores/{name}` (2024-04-01). Secrets go in
 * `credentials.secrets`, which the service keeps apart and returns only from `listSecrets`.
 */
import { pascalEnum } from '../ml/ml-wire.js';
import type { AzureBlobDatastoreYaml } from './datastore-schema.js';

export function datastoreCredentials(spec: AzureBlobDatastoreYaml): Record<string, unknown> {
  const c = spec.credentials;
  if (c?.account_key !== undefined) return { credentialsType: 'AccountKey', secrets: { secretsType: 'AccountKey', key: c.account_key } };
  if (c?.sas_token !== undefined) return { credentialsType: 'Sas', secrets: { secretsType: 'Sas', sasToken: c.sas_token.replace(/^\?/, '') } };
  return { credentialsType: 'None' };
}

export function datastoreBody(spec: AzureBlobDatastoreYaml): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    datastoreType: 'AzureBlob',
    accountName: spec.account_name,
    containerName: spec.container_name,
    endpoint: spec.endpoint ?? 'core.windows.net',
    protocol: spec.protocol ?? 'https',
    credentials: datastoreCredentials(spec),
    tags: spec.tags ?? {},
  };
  if (spec.description !== undefined) properties.description = spec.description;
  if (spec.service_data_access_auth_identity) properties.serviceDataAccessAuthIdentity = pascalEnum(spec.service_data_access_auth_identity);
  return { properties };
}
