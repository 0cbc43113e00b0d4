/**
 * `azureBlob.schema.json` (az ml datastore create --file): an Azure Blob container, identity-based (no
 * `credentials`) or with an account key or a SAS token.
 */
import { z } from 'zod';
import { dumpOnly, tagsSchema } from '../../ml-yaml/common-schema.js';

export const DATASTORE_NAME_RULE = /^[a-zA-Z0-9_]{1,255}$/;

export const blobCredentialsSchema = z
  .strictObject({ account_key: z.string().min(1).optional(), sas_token: z.string().min(1).optional() })
  .refine((c) => (c.account_key === undefined) !== (c.sas_token === undefined), {
    message: 'One of credentials.account_key or credentials.sas_token is required when credentials is given (leave credentials out for an identity-based datastore).',
  });

export const azureBlobDatastoreSchema = z.strictObject({
  $schema: z.string().optional(),
  type: z.enum(['azure_blob']),
  name: z.string().regex(DATASTORE_NAME_RULE, 'A datastore name may contain only letters, digits and underscores.'),
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  account_name: z.string().min(1),
  container_name: z.string().min(1),
  endpoint: z.string().optional(),
  protocol: z.enum(['https', 'wasbs']).optional(),
  credentials: blobCredentialsSchema.optional(),
  service_data_access_auth_identity: z.enum(['none', 'workspace_system_assigned_identity', 'workspace_user_assigned_identity']).optional(),
  id: dumpOnly,
  creation_context: dumpOnly,
  resourceGroup: dumpOnly,
});

export type AzureBlobDatastoreYaml = z.infer<typeof azureBlobDatastoreSchema>;

/** Datastore types az ml knows that Cerulean does not keep (only Azure Blob is served). */
export const OTHER_DATASTORE_TYPES = ['azure_file', 'azure_data_lake_gen1', 'azure_data_lake_gen2', 'one_lake'];
