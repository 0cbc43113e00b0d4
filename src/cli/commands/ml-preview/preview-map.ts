/**
 * Maps the 2021 preview YAML onto today's two documents: a managed online endpoint and one managed online
 * deployment per `deployments[]` item (az ml 2.x schemas). What has no counterpart today is reported as a reason
 * the file cannot run, with the current commands and YAML to use instead.
 */
import { basename, dirname } from 'node:path';
import { stringify } from 'yaml';
import type { PreviewDeploymentYaml, PreviewEndpointYaml } from './preview-schema.js';

export interface MappedDeployment {
  name: string;
  /** Today's `managedOnlineDeployment` YAML data (paths still relative to the preview file). */
  data: Record<string, unknown>;
  notes: string[];
  /** Why this deployment cannot run as written (empty when it can). */
  problems: string[];
}

export interface MappedEndpoint {
  /** Today's `managedOnlineEndpoint` YAML data. */
  endpoint: Record<string, unknown>;
  deployments: MappedDeployment[];
  traffic?: Record<string, number>;
  problems: string[];
}

const stripFile = (p: string) => p.replace(/^file:/, '');

function mapEnvironment(env: PreviewDeploymentYaml['environment'], notes: string[]): unknown {
  if (typeof env === 'string') return env;
  const out: Record<string, unknown> = {};
  if (env.docker?.image) out.image = env.docker.image;
  if (env.docker?.build) {
    const dockerfile = stripFile(env.docker.build.dockerfile);
    out.build = { path: dirname(dockerfile), dockerfile_path: basename(dockerfile) };
  }
  if (env.conda_file !== undefined) out.conda_file = stripFile(env.conda_file);
  if (env.os_type) out.os_type = env.os_type;
  if (env.description) out.description = env.description;
  if (env.tags) out.tags = env.tags;
  const dropped = (['name', 'version', 'path'] as const).filter((k) => env[k] !== undefined);
  if (dropped.length > 0) notes.push(`environment ${dropped.join('/')} not kept: today an inline environment is registered as CliV2AnonymousEnvironment`);
  return out;
}

function mapModel(model: PreviewDeploymentYaml['model']): unknown {
  if (model === undefined || typeof model === 'string') return model;
  const out: Record<string, unknown> = {};
  if (model.name !== undefined) out.name = model.name;
  if (model.version !== undefined) out.version = model.version;
  if (model.local_path !== undefined) out.path = model.local_path;
  if (model.description !== undefined) out.description = model.description;
  if (model.tags !== undefined) out.tags = model.tags;
  return out;
}

export function mapDeployment(d: PreviewDeploymentYaml, endpointName: string): MappedDeployment {
  const notes: string[] = [];
  const problems: string[] = [];
  const scale = d.scale_settings;
  let instanceCount = d.instance_count ?? scale?.instance_count;
  if (scale?.scale_type === 'auto') {
    instanceCount ??= scale.min_instances || 1;
    problems.push(
      `deployments '${d.name}': scale_settings.scale_type: auto has no counterpart: a managed online deployment has a fixed instance_count today (autoscale is an Azure Monitor setting, which Cerulean does not run)`,
    );
  } else if (scale && (scale.min_instances !== undefined || scale.max_instances !== undefined)) {
    notes.push(`scale_settings min_instances/max_instances not kept: managed online deployments have a fixed instance_count (${instanceCount ?? 1})`);
  }
  const data: Record<string, unknown> = { name: d.name, endpoint_name: endpointName, instance_count: instanceCount ?? 1 };
  if (d.description !== undefined) data.description = d.description;
  if (d.tags) data.tags = d.tags;
  if (d.properties) data.properties = d.properties;
  const model = mapModel(d.model);
  if (model !== undefined) data.model = model;
  if (d.code_configuration) {
    const code = d.code_configuration.code;
    data.code_configuration = { code: typeof code === 'string' ? stripFile(code) : code?.local_path, scoring_script: d.code_configuration.scoring_script };
  }
  data.environment = mapEnvironment(d.environment, notes);
  if (d.environment_variables) data.environment_variables = d.environment_variables;
  if (d.instance_type) data.instance_type = d.instance_type;
  if (d.app_insights_enabled !== undefined) data.app_insights_enabled = d.app_insights_enabled;
  if (d.request_settings) data.request_settings = d.request_settings;
  if (d.liveness_probe) data.liveness_probe = d.liveness_probe;
  if (d.readiness_probe) data.readiness_probe = d.readiness_probe;
  return { name: d.name, data, notes, problems };
}

export function mapEndpoint(e: PreviewEndpointYaml): MappedEndpoint {
  const problems: string[] = [];
  if (e.type === 'batch') problems.push('type: batch: batch endpoints are separate commands today (az ml batch-endpoint / az ml batch-deployment), and Cerulean does not run batch endpoints');
  if (e.target !== undefined) problems.push(`target: ${e.target}: endpoints on Kubernetes compute are 'kubernetes' online endpoints today (compute: in the endpoint YAML), and Cerulean runs only managed online endpoints`);
  const endpoint: Record<string, unknown> = { name: e.name };
  if (e.auth_mode) endpoint.auth_mode = e.auth_mode;
  if (e.identity) endpoint.identity = e.identity;
  if (e.description !== undefined) endpoint.description = e.description;
  if (e.tags) endpoint.tags = e.tags;
  const deployments = (e.deployments ?? []).map((d) => mapDeployment(d, e.name));
  for (const d of deployments) problems.push(...d.problems);
  return { endpoint, deployments, traffic: e.traffic, problems };
}

function trafficArg(traffic: Record<string, number>): string {
  return Object.entries(traffic)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** The current commands a preview create/update stands for, one per operation. */
export function currentCommandLines(m: MappedEndpoint, opts: { createEndpoint: boolean; files?: boolean }): string[] {
  const name = String(m.endpoint.name);
  const lines: string[] = [];
  const f = (what: string) => (opts.files ? ` --file ${what}` : '');
  if (opts.createEndpoint) lines.push(`az ml online-endpoint create --name ${name}${f('endpoint.yml')}`);
  for (const d of m.deployments) lines.push(`az ml online-deployment create --endpoint-name ${name} --name ${d.name}${f(`${d.name}-deployment.yml`)}`);
  if (m.traffic && Object.keys(m.traffic).length > 0) lines.push(`az ml online-endpoint update --name ${name} --traffic "${trafficArg(m.traffic)}"`);
  return lines;
}

/** The message of a preview file that cannot run: why, then today's YAML files and commands. */
export function unmappableMessage(m: MappedEndpoint, file: string, createEndpoint: boolean): string[] {
  const lines = [`${file} cannot run as a 2021 preview file:`, ...m.problems.map((p) => `  - ${p}`)];
  if (m.problems.some((p) => p.startsWith('type: batch') || p.startsWith('target:'))) return lines;
  lines.push(`Write today's YAML next to ${file} (paths stay relative to it) and run the current commands:`);
  if (createEndpoint) lines.push('--- endpoint.yml', stringify({ $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json', ...m.endpoint }).trimEnd());
  for (const d of m.deployments) {
    const { endpoint_name: _omit, ...data } = d.data;
    lines.push(`--- ${d.name}-deployment.yml`, stringify({ $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json', ...data }).trimEnd());
  }
  lines.push('---', ...currentCommandLines(m, { createEndpoint, files: true }));
  return lines;
}
