/** `managedOnlineDeployment.schema.json` (reference §5b) with the inline environment of §5e. */
import { z } from 'zod';
import { dumpOnly, intField, stringMap, tagsSchema, versionField } from './common-schema.js';
import { inlineModelSchema } from './model-schema.js';

const routeSchema = z.strictObject({ port: intField, path: z.string() });

export const inlineEnvironmentSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().optional(),
  version: versionField.optional(),
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  image: z.string().optional(),
  conda_file: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  build: z.strictObject({ path: z.string(), dockerfile_path: z.string().optional() }).optional(),
  os_type: z.enum(['linux', 'windows']).optional(),
  inference_config: z
    .strictObject({ liveness_route: routeSchema, readiness_route: routeSchema, scoring_route: routeSchema })
    .optional(),
  datastore: z.string().optional(),
  id: dumpOnly,
  creation_context: dumpOnly,
});

const probeSchema = z.strictObject({
  initial_delay: intField.min(0).optional(),
  period: intField.min(1).optional(),
  timeout: intField.min(1).optional(),
  success_threshold: intField.min(1).optional(),
  failure_threshold: intField.min(1).optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  port: intField.optional(),
  scheme: z.string().optional(),
});

export const onlineDeploymentSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-zA-Z0-9][-a-zA-Z0-9]{0,31}$/, 'A deployment name must be 1-32 letters, digits and dashes, starting with a letter or digit.'),
  endpoint_name: z.string(),
  type: z.enum(['managed']).optional(),
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  properties: stringMap.optional(),
  model: z.union([z.string(), inlineModelSchema]).optional(),
  model_mount_path: z.string().optional(),
  code_configuration: z.strictObject({ code: z.string(), scoring_script: z.string() }).optional(),
  environment: z.union([z.string(), inlineEnvironmentSchema]),
  environment_variables: stringMap.optional(),
  instance_type: z.string().optional(),
  instance_count: intField.min(1),
  app_insights_enabled: z.boolean().optional(),
  scale_settings: z.strictObject({ type: z.enum(['default']) }).optional(),
  request_settings: z
    .strictObject({
      request_timeout_ms: intField.min(1).max(180000).optional(),
      max_concurrent_requests_per_instance: intField.min(1).optional(),
      max_queue_wait_ms: intField.min(0).optional(),
    })
    .optional(),
  liveness_probe: probeSchema.optional(),
  readiness_probe: probeSchema.optional(),
  egress_public_network_access: z.enum(['enabled', 'disabled']).optional(),
  data_collector: z.record(z.string(), z.unknown()).optional(),
  private_network_connection: z.boolean().optional(),
  id: dumpOnly,
  provisioning_state: dumpOnly,
  creation_context: dumpOnly,
});

export type OnlineDeploymentYaml = z.infer<typeof onlineDeploymentSchema>;
export type InlineEnvironmentYaml = z.infer<typeof inlineEnvironmentSchema>;
