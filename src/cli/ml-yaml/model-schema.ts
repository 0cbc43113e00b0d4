/** `model.schema.json`: a registered model, or the inline model of a deployment. */
import { z } from 'zod';
import { dumpOnly, stringMap, tagsSchema, versionField } from './common-schema.js';

export const MODEL_TYPES = ['custom_model', 'mlflow_model', 'triton_model'] as const;

const modelFields = {
  $schema: z.string().optional(),
  name: z.string().optional(),
  version: versionField.optional(),
  path: z.string().optional(),
  type: z.enum(MODEL_TYPES).optional(),
  description: z.string().optional(),
  tags: tagsSchema.optional(),
  properties: stringMap.optional(),
  flavors: z.record(z.string(), z.unknown()).optional(),
  stage: z.string().optional(),
  job_name: z.string().optional(),
  datastore: z.string().optional(),
  id: dumpOnly,
  creation_context: dumpOnly,
};

export const inlineModelSchema = z.strictObject(modelFields);

export const modelSchema = z.strictObject({ ...modelFields, name: z.string() });

export type ModelYaml = z.infer<typeof inlineModelSchema>;
