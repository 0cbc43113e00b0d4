/** `environment.schema.json` (reference §5e) for a registered environment: the inline form with a required name. */
import { z } from 'zod';
import { inlineEnvironmentSchema } from '../../ml-yaml/deployment-schema.js';

export const environmentSchema = inlineEnvironmentSchema.extend({ name: z.string() });

export type EnvironmentYaml = z.infer<typeof environmentSchema>;
