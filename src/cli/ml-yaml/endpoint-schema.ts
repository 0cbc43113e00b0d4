/** `managedOnlineEndpoint.schema.json` (reference §5a). */
import { z } from 'zod';
import { dumpOnly, identitySchema, intField, stringMap, tagsSchema } from './common-schema.js';

export const ENDPOINT_NAME_RULE = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

export const endpointNameSchema = z
  .string()
  .min(3, 'An endpoint name must be between 3 and 32 characters long.')
  .max(32, 'An endpoint name must be between 3 and 32 characters long.')
  .regex(ENDPOINT_NAME_RULE, 'An endpoint name must start with a letter, contain only letters, digits and dashes, and end with a letter or digit.');

export const onlineEndpointSchema = z.strictObject({
  $schema: z.string().optional(),
  name: endpointNameSchema,
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  properties: stringMap.optional(),
  auth_mode: z.enum(['key', 'aml_token', 'aad_token']).optional(),
  identity: identitySchema.optional(),
  traffic: z.record(z.string(), intField.min(0).max(100)).optional(),
  mirror_traffic: z.record(z.string(), intField.min(0).max(50)).optional(),
  public_network_access: z.enum(['enabled', 'disabled']).optional(),
  id: dumpOnly,
  provisioning_state: dumpOnly,
  scoring_uri: dumpOnly,
  openapi_uri: dumpOnly,
  location: dumpOnly,
  kind: dumpOnly,
});

export type OnlineEndpointYaml = z.infer<typeof onlineEndpointSchema>;
