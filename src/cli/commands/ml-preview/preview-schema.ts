/**
 * The 2021 preview YAML of `az ml endpoint create|update` (`onlineEndpoint.schema.json` of CLI 2.0 preview): one
 * file holding an endpoint (`type: online`, `traffic`) and its `deployments[]`, with `model.local_path`,
 * `code_configuration.code.local_path`, `environment.docker.image`, `conda_file: file:…` and `scale_settings`.
 */
import { z } from 'zod';
import { dumpOnly, identitySchema, intField, stringMap, tagsSchema, versionField } from '../../ml-yaml/common-schema.js';
import { onlineDeploymentSchema } from '../../ml-yaml/deployment-schema.js';
import { endpointNameSchema } from '../../ml-yaml/endpoint-schema.js';

const localPath = z.strictObject({ local_path: z.string() });

export const previewModelSchema = z.union([
  z.string(),
  z.strictObject({
    name: z.string().optional(),
    version: versionField.optional(),
    local_path: z.string().optional(),
    description: z.string().optional(),
    tags: tagsSchema.optional(),
  }),
]);

export const previewEnvironmentSchema = z.union([
  z.string(),
  z.strictObject({
    name: z.string().optional(),
    version: versionField.optional(),
    path: z.string().optional(),
    description: z.string().optional(),
    tags: tagsSchema.optional(),
    conda_file: z.string().optional(),
    docker: z.strictObject({ image: z.string().optional(), build: z.strictObject({ dockerfile: z.string() }).optional() }).optional(),
    os_type: z.enum(['linux', 'windows']).optional(),
  }),
]);

export const previewScaleSchema = z.strictObject({
  scale_type: z.enum(['manual', 'auto']).optional(),
  instance_count: intField.min(1).optional(),
  min_instances: intField.min(0).optional(),
  max_instances: intField.min(1).optional(),
  polling_interval: intField.optional(),
  target_utilization_percentage: intField.optional(),
});

const today = onlineDeploymentSchema.shape;

export const previewDeploymentSchema = z.strictObject({
  name: z.string(),
  type: z.string().optional(),
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  properties: stringMap.optional(),
  model: previewModelSchema.optional(),
  code_configuration: z.strictObject({ code: z.union([z.string(), localPath]).optional(), scoring_script: z.string() }).optional(),
  environment: previewEnvironmentSchema,
  environment_variables: stringMap.optional(),
  instance_type: z.string().optional(),
  instance_count: intField.min(1).optional(),
  scale_settings: previewScaleSchema.optional(),
  app_insights_enabled: z.boolean().optional(),
  request_settings: today.request_settings,
  liveness_probe: today.liveness_probe,
  readiness_probe: today.readiness_probe,
  id: dumpOnly,
  provisioning_state: dumpOnly,
});

export const previewEndpointSchema = z.strictObject({
  $schema: z.string().optional(),
  name: endpointNameSchema,
  type: z.enum(['online', 'batch']).optional(),
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  auth_mode: z.enum(['key', 'aml_token']).optional(),
  identity: identitySchema.optional(),
  traffic: z.record(z.string(), intField.min(0).max(100)).optional(),
  deployments: z.array(previewDeploymentSchema).optional(),
  target: z.string().optional(),
  id: dumpOnly,
  provisioning_state: dumpOnly,
  scoring_uri: dumpOnly,
  swagger_uri: dumpOnly,
  location: dumpOnly,
});

export type PreviewEndpointYaml = z.infer<typeof previewEndpointSchema>;
export type PreviewDeploymentYaml = z.infer<typeof previewDeploymentSchema>;
