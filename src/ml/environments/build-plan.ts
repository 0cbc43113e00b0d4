/**
 * What an environment version's image build does, decided from its definition alone: the base image (the
 * `image`, or the final stage's `FROM` of the build context's Dockerfile), the conda specification, the Dockerfile
 * instructions to record, and where the result goes (`azureml/azureml_<hash>` in the workspace registry, as
 * Azure ML names environment images; the hash covers everything that defines the image).
 */
import { createHash } from 'node:crypto';
import { parseDockerfile, type DockerInstruction } from './dockerfile.js';
import { parseImageReference, type ImageReference } from './image-reference.js';

export interface EnvironmentDefinition {
  name: string;
  version: string;
  image?: string;
  condaFile?: string;
  build?: { contextUri?: string; dockerfilePath?: string };
  osType?: string;
}

export interface BuildPlan {
  base: ImageReference;
  condaFile?: string;
  dockerfile?: { path: string; text: string; instructions: DockerInstruction[] };
  /** Repository in the workspace registry. */
  repository: string;
  tag: string;
}

export class PlanError extends Error {}

export function environmentImageHash(def: EnvironmentDefinition, dockerfileText?: string, contextDigest?: string): string {
  return createHash('md5')
    .update(JSON.stringify({ image: def.image ?? null, conda: def.condaFile ?? null, dockerfile: dockerfileText ?? null, context: contextDigest ?? null, os: def.osType ?? 'Linux' }))
    .digest('hex');
}

/**
 * Plans the build. `dockerfileText` is the Dockerfile read from the build context (required when the definition
 * has `build`); `contextDigest` identifies the context's content.
 */
export function planBuild(def: EnvironmentDefinition, dockerfileText?: string, contextDigest?: string): BuildPlan {
  if ((def.osType ?? 'Linux').toLowerCase() === 'windows') throw new PlanError('Windows environment images cannot be built here: use os_type linux.');
  let baseText: string;
  let dockerfile: BuildPlan['dockerfile'];
  if (def.build) {
    if (dockerfileText === undefined) throw new PlanError(`The build context has no Dockerfile at '${def.build.dockerfilePath ?? 'Dockerfile'}'.`);
    const parsed = parseDockerfile(dockerfileText);
    baseText = parsed.baseImage;
    dockerfile = { path: def.build.dockerfilePath ?? 'Dockerfile', text: dockerfileText, instructions: parsed.finalInstructions };
  } else if (def.image) {
    baseText = def.image;
  } else {
    throw new PlanError('The environment has neither an image nor a build context.');
  }
  const base = parseImageReference(baseText);
  const plan: BuildPlan = { base, repository: `azureml/azureml_${environmentImageHash(def, dockerfileText, contextDigest)}`, tag: 'latest' };
  if (def.condaFile !== undefined) plan.condaFile = def.condaFile;
  if (dockerfile) plan.dockerfile = dockerfile;
  return plan;
}
