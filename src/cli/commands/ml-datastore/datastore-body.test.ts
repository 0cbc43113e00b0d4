import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datastoreBody } from './datastore-body.js';
import { azureBlobDatastoreSchema } from './datastore-schema.js';

const base = { type: 'azure_blob', name: 'store_1', account_name: 'acct', container_name: 'data' };

test('no credentials: an identity-based datastore (credentialsType None)', () => {
  const body = datastoreBody(azureBlobDatastoreSchema.parse({ ...base, description: 'd', service_data_access_auth_identity: 'workspace_system_assigned_identity' }));
  assert.deepEqual(body, {
    properties: {
      datastoreType: 'AzureBlob',
      accountName: 'acct',
      containerName: 'data',
      endpoint: 'core.windows.net',
      protocol: 'https',
      credentials: { credentialsType: 'None' },
      tags: {},
      description: 'd',
      serviceDataAccessAuthIdentity: 'WorkspaceSystemAssignedIdentity',
    },
  });
});

test('account key and SAS token go into credentials.secrets (SAS without its leading ?)', () => {
  const key = datastoreBody(azureBlobDatastoreSchema.parse({ ...base, credentials: { account_key: 'k==' } }));
  assert.deepEqual((key.properties as any).credentials, { credentialsType: 'AccountKey', secrets: { secretsType: 'AccountKey', key: 'k==' } });
  const sas = datastoreBody(azureBlobDatastoreSchema.parse({ ...base, credentials: { sas_token: '?sv=1&sig=x' } }));
  assert.deepEqual((sas.properties as any).credentials, { credentialsType: 'Sas', secrets: { secretsType: 'Sas', sasToken: 'sv=1&sig=x' } });
});

test('the schema refuses both or neither secret, other types, bad names and unknown keys', () => {
  assert.equal(azureBlobDatastoreSchema.safeParse({ ...base, credentials: {} }).success, false);
  assert.equal(azureBlobDatastoreSchema.safeParse({ ...base, credentials: { account_key: 'a', sas_token: 'b' } }).success, false);
  assert.equal(azureBlobDatastoreSchema.safeParse({ ...base, type: 'azure_file' }).success, false);
  assert.equal(azureBlobDatastoreSchema.safeParse({ ...base, name: 'bad-name' }).success, false);
  assert.equal(azureBlobDatastoreSchema.safeParse({ ...base, client_secret: 'x' }).success, false);
});
