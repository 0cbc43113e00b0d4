/** `az ml connection` YAML (reference §2e/§5d): a workspace connection, here with container-registry credentials. */
import { z } from 'zod';
import { dumpOnly, tagsSchema } from '../../ml-yaml/common-schema.js';

export const CONNECTION_TYPES = [
  'container_registry', 'git', 'python_feed', 's3', 'snowflake', 'azure_sql_db', 'azure_synapse_analytics', 'azure_my_sql_db', 'azure_postgres_db', 'custom',
] as const;

const credentialsSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('managed_identity'), client_id: z.string().optional(), resource_id: z.string().optional() }),
  z.strictObject({ type: z.literal('username_password'), username: z.string(), password: z.string() }),
  z.strictObject({ type: z.literal('pat'), pat: z.string() }),
  z.strictObject({ type: z.literal('sas'), sas_token: z.string() }),
  z.strictObject({ type: z.literal('none') }),
]);

export const connectionSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string(),
  type: z.enum(CONNECTION_TYPES),
  target: z.string().min(1),
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  is_shared: z.boolean().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  credentials: credentialsSchema.optional(),
  id: dumpOnly,
  resource_group: dumpOnly,
  creation_context: dumpOnly,
});

export type ConnectionYaml = z.infer<typeof connectionSchema>;
