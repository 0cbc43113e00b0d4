/**
 * The assets a deployment YAML names, made real before the deployment PUT (as az ml does): local model and code
 * folders uploaded to the default datastore and registered as anonymous versions, an inline environment
 * registered as `CliV2AnonymousEnvironment` (version = content hash, conda file content embedded), and
 * `azureml:` references resolved to ARM ids.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { CommandContext } from '../../command-context.js';
import { CliError } from '../../errors.js';
import type { InlineEnvironmentYaml, OnlineDeploymentYaml } from '../../ml-yaml/deployment-schema.js';
import { resolveAssetRef } from './asset-refs.js';
import { uploadLocalAsset } from './asset-upload.js';
import { defaultDatastore, type DefaultDatastore } from './datastore.js';
import type { ResolvedAssets } from './deployment-shape.js';
import { ML_API_VERSION, type MlScope } from './ml-scope.js';

export const ANONYMOUS_ENV_NAME = 'CliV2AnonymousEnvironment';

function local(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

function isRef(v: string): boolean {
  return v.startsWith('azureml:') || v.startsWith('/subscriptions/');
}

async function putVersion(s: MlScope, collection: string, name: string, version: string, properties: Record<string, unknown>): Promise<string> {
  const path = `${s.workspacePath}/${collection}/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`;
  const res = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body: { properties } });
  return String((res.body as { id?: string } | undefined)?.id ?? `${s.workspacePath}/${collection}/${name}/versions/${version}`);
}

/** Builds the anonymous environment's properties (conda file read relative to the YAML). */
export function environmentProperties(env: InlineEnvironmentYaml, baseDir: string): Record<string, unknown> {
  if (!env.image && !env.build) throw new CliError('Docker image or Dockerfile is required for environments: set environment.image or environment.build.');
  const props: Record<string, unknown> = { osType: env.os_type === 'windows' ? 'Windows' : 'Linux', isAnonymous: true };
  if (env.image) props.image = env.image;
  if (env.conda_file !== undefined) {
    if (typeof env.conda_file === 'string') {
      try {
        props.condaFile = readFileSync(local(baseDir, env.conda_file), 'utf8');
      } catch {
        throw new CliError(`The conda file '${env.conda_file}' (relative to ${baseDir}) could not be read.`);
      }
    } else {
      props.condaFile = stringify(env.conda_file);
    }
  }
  if (env.inference_config) {
    const route = (r: { port: number; path: string }) => ({ port: r.port, path: r.path });
    props.inferenceConfig = {
      livenessRoute: route(env.inference_config.liveness_route),
      readinessRoute: route(env.inference_config.readiness_route),
      scoringRoute: route(env.inference_config.scoring_route),
    };
  }
  if (env.description) props.description = env.description;
  if (env.tags) props.tags = env.tags;
  return props;
}

/** Version of an anonymous environment: a hash of what defines it. */
export function environmentHash(props: Record<string, unknown>): string {
  return createHash('md5')
    .update(JSON.stringify({ image: props.image ?? null, condaFile: props.condaFile ?? null, build: props.build ?? null, os: props.osType, inference: props.inferenceConfig ?? null }))
    .digest('hex');
}

export async function resolveDeploymentAssets(ctx: CommandContext, s: MlScope, spec: OnlineDeploymentYaml, baseDir: string): Promise<ResolvedAssets> {
  let store: DefaultDatastore | undefined;
  const datastore = async () => (store ??= await defaultDatastore(s));
  const out: ResolvedAssets = { environmentId: '' };

  const model = spec.model;
  if (typeof model === 'string') {
    out.model = await resolveAssetRef(s, 'models', model);
  } else if (model) {
    if (model.path) {
      const up = await uploadLocalAsset(ctx, s, await datastore(), local(baseDir, model.path), 'model');
      const properties: Record<string, unknown> = { modelUri: up.datastoreUri, modelType: model.type ?? 'custom_model', isAnonymous: !model.name };
      if (model.description) properties.description = model.description;
      if (model.tags) properties.tags = model.tags;
      if (model.properties) properties.properties = model.properties;
      if (model.flavors) properties.flavors = model.flavors;
      out.model = await putVersion(s, 'models', model.name ?? ctx.io.newId(), model.version ?? '1', properties);
    } else if (model.name && model.version) {
      out.model = await resolveAssetRef(s, 'models', `${model.name}:${model.version}`);
    } else {
      throw new CliError('The inline model needs a path (or a name and version of a registered model).');
    }
  }

  const code = spec.code_configuration?.code;
  if (code) {
    if (isRef(code)) {
      out.codeId = await resolveAssetRef(s, 'codes', code);
    } else {
      const up = await uploadLocalAsset(ctx, s, await datastore(), local(baseDir, code), 'code');
      out.codeId = await putVersion(s, 'codes', ctx.io.newId(), '1', { codeUri: up.blobUri, isAnonymous: true });
    }
  }

  const env = spec.environment;
  if (typeof env === 'string') {
    out.environmentId = await resolveAssetRef(s, 'environments', env);
  } else {
    if (env.name) ctx.warn(`Name and version are ignored for an inline environment: it is registered as ${ANONYMOUS_ENV_NAME}.`);
    const props = environmentProperties(env, baseDir);
    if (env.build) {
      const up = await uploadLocalAsset(ctx, s, await datastore(), local(baseDir, env.build.path), 'build context');
      props.build = { contextUri: up.blobUri, dockerfilePath: env.build.dockerfile_path ?? 'Dockerfile' };
    }
    out.environmentId = await putVersion(s, 'environments', ANONYMOUS_ENV_NAME, environmentHash(props), props);
  }
  return out;
}
