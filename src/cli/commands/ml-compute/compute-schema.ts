/** `computeInstance.schema.json` as az ml loads it (azureml-examples §5c); enum values in any casing az ml accepts. */
import { z } from 'zod';
import { dumpOnly, tagsSchema } from '../../ml-yaml/common-schema.js';

/** `ComputeInstance`, `computeinstance`, `compute_instance` → `computeinstance`. */
export const computeTypeSchema = z
  .string()
  .transform((s) => s.toLowerCase().replace(/_/g, ''))
  .refine((s) => s === 'computeinstance', { message: "Cerulean runs compute instances only: type must be 'computeinstance'." });

/** `SystemAssigned`, `system_assigned`, `UserAssigned`, `user_assigned`, `None` → the ARM spelling. */
export const identityTypeSchema = z
  .string()
  .transform((s) => s.toLowerCase().replace(/[_\s]/g, ''))
  .refine((s) => ['systemassigned', 'userassigned', 'none', 'systemassigned,userassigned'].includes(s), {
    message: "Invalid identity type. Allowed values: system_assigned, user_assigned, none (SystemAssigned / UserAssigned / None).",
  })
  .transform((s) => ({ systemassigned: 'SystemAssigned', userassigned: 'UserAssigned', none: 'None' })[s] ?? 'SystemAssigned,UserAssigned');

export const computeIdentitySchema = z.strictObject({
  type: identityTypeSchema,
  user_assigned_identities: z
    .array(z.strictObject({ resource_id: z.string(), principal_id: z.string().optional(), client_id: z.string().optional(), object_id: z.string().optional() }))
    .optional(),
  principal_id: dumpOnly,
  tenant_id: dumpOnly,
});

export const computeInstanceSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  type: computeTypeSchema,
  description: z.string().optional(),
  location: z.string().optional(),
  size: z.string().optional(),
  tags: tagsSchema.optional(),
  identity: computeIdentitySchema.optional(),
  create_on_behalf_of: z.strictObject({ user_tenant_id: z.string(), user_object_id: z.string() }).optional(),
  ssh_public_access_enabled: z.boolean().optional(),
  ssh_settings: z.strictObject({ ssh_key_value: z.string().optional(), admin_username: dumpOnly, ssh_port: dumpOnly }).optional(),
  network_settings: z.strictObject({ vnet_name: z.string().optional(), subnet: z.string().optional(), public_ip_address: dumpOnly, private_ip_address: dumpOnly }).optional(),
  schedules: z.unknown().optional(),
  idle_time_before_shutdown: z.string().optional(),
  idle_time_before_shutdown_minutes: z.number().int().optional(),
  setup_scripts: z.unknown().optional(),
  enable_node_public_ip: z.boolean().optional(),
  enable_sso: z.boolean().optional(),
  enable_root_access: z.boolean().optional(),
  enable_os_patching: z.boolean().optional(),
  release_quota_on_stop: z.boolean().optional(),
  custom_applications: z.unknown().optional(),
  resource_id: dumpOnly,
  id: dumpOnly,
  state: dumpOnly,
  provisioning_state: dumpOnly,
  created_on: dumpOnly,
  last_operation: dumpOnly,
  services: dumpOnly,
  os_image_metadata: dumpOnly,
});

export type ComputeInstanceYaml = z.output<typeof computeInstanceSchema>;
