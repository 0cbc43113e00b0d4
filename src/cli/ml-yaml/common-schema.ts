/** Pieces shared by the az ml YAML schemas (azure-ai-ml's marshmallow schemas, as zod). */
import { z } from 'zod';

export const tagsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
export const stringMap = z.record(z.string(), z.string());
/** Dump-only fields az ml accepts in a YAML file and drops. */
export const dumpOnly = z.unknown().optional();
export const intField = z.number().int();
export const versionField = z.union([z.string(), z.number()]).transform(String);

export const userAssignedIdentitySchema = z.strictObject({
  resource_id: z.string(),
  client_id: z.string().optional(),
  object_id: z.string().optional(),
  principal_id: z.string().optional(),
});

export const identitySchema = z.strictObject({
  type: z.enum(['system_assigned', 'user_assigned', 'none']),
  user_assigned_identities: z.array(userAssignedIdentitySchema).max(1, 'Only 1 user assigned identity is currently supported').optional(),
  principal_id: dumpOnly,
  tenant_id: dumpOnly,
});
