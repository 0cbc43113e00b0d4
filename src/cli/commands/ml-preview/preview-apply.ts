/**
 * Runs a mapped preview file with today's operations (the functions behind `az ml online-endpoint` and
 * `az ml online-deployment`): endpoint PUT, deployments (assets, PUT, wait), then traffic.
 */
import type { CommandContext } from '../../command-context.js';
import { CliError } from '../../errors.js';
import { onlineDeploymentSchema } from '../../ml-yaml/deployment-schema.js';
import { onlineEndpointSchema } from '../../ml-yaml/endpoint-schema.js';
import { validateSpec } from '../../ml-yaml/validate-spec.js';
import { resolveDeploymentAssets } from '../ml/deployment-assets.js';
import { deploymentBody, deploymentShape } from '../ml/deployment-shape.js';
import { endpointCreateBody, endpointShape, endpointUpdateBody } from '../ml/endpoint-shape.js';
import { deploymentPath, endpointPath, operationError } from '../ml/ml-endpoints.js';
import { waitForOperation } from '../ml/ml-progress.js';
import { ML_API_VERSION, type MlScope } from '../ml/ml-scope.js';
import { obj } from '../ml/ml-wire.js';
import type { MappedDeployment, MappedEndpoint } from './preview-map.js';

export async function createEndpoint(ctx: CommandContext, s: MlScope, m: MappedEndpoint, label: string, location: string): Promise<void> {
  const spec = validateSpec(onlineEndpointSchema, structuredClone(m.endpoint), undefined, [], label);
  const first = await s.arm.send({ method: 'PUT', path: endpointPath(s, spec.name), apiVersion: ML_API_VERSION, body: endpointCreateBody(spec, location) });
  const outcome = await waitForOperation(ctx, s.arm, first);
  if (outcome.status !== 'Succeeded') throw operationError(`Endpoint '${spec.name}' creation`, outcome);
}

export async function deployOne(ctx: CommandContext, s: MlScope, d: MappedDeployment, baseDir: string, label: string, location: string): Promise<void> {
  const spec = validateSpec(onlineDeploymentSchema, structuredClone(d.data), undefined, [], `${label} (deployment '${d.name}')`);
  const assets = await resolveDeploymentAssets(ctx, s, spec, baseDir);
  const body = deploymentBody(spec, assets, location);
  const first = await s.arm.send({ method: 'PUT', path: deploymentPath(s, spec.endpoint_name, spec.name), apiVersion: ML_API_VERSION, body });
  const outcome = await waitForOperation(ctx, s.arm, first);
  if (outcome.status !== 'Succeeded') {
    throw operationError(
      `Deployment '${spec.name}' of endpoint '${spec.endpoint_name}'`,
      outcome,
      `Check the logs: az ml online-deployment get-logs --endpoint-name ${spec.endpoint_name} --name ${spec.name}`,
    );
  }
}

/** PUTs the endpoint with changed traffic (and description/tags/auth mode when given). */
export async function updateEndpoint(ctx: CommandContext, s: MlScope, name: string, changes: Parameters<typeof endpointUpdateBody>[1]): Promise<void> {
  const path = endpointPath(s, name);
  const existing = await s.arm.get(path, ML_API_VERSION);
  const first = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body: endpointUpdateBody(existing, changes) });
  const outcome = await waitForOperation(ctx, s.arm, first);
  if (outcome.status !== 'Succeeded') throw operationError(`Endpoint '${name}' update`, outcome);
}

/** `az ml endpoint show` of the preview: the endpoint with its deployments inline and `type: online`. */
export async function previewShow(s: MlScope, name: string): Promise<Record<string, unknown>> {
  const endpoint = endpointShape(await s.arm.get(endpointPath(s, name), ML_API_VERSION));
  const deployments = (await s.arm.list(`${endpointPath(s, name)}/deployments`, ML_API_VERSION)).map(deploymentShape);
  return { ...endpoint, type: 'online', deployments };
}

/** The endpoint's location (deployments are created beside it). */
export async function endpointLocation(s: MlScope, name: string): Promise<string> {
  const e = obj(await s.arm.get(endpointPath(s, name), ML_API_VERSION));
  if (typeof e.location !== 'string') throw new CliError(`Endpoint '${name}' has no location.`);
  return e.location;
}
