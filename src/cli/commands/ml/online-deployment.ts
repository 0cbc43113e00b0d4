/** `az ml online-deployment create|update`: YAML → assets → deployment PUT → wait → optional `--all-traffic`. */
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { onlineDeploymentSchema, type OnlineDeploymentYaml } from '../../ml-yaml/deployment-schema.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { applyOverrides, parseSetItems } from '../../ml-yaml/set-overrides.js';
import { resolveDeploymentAssets } from './deployment-assets.js';
import { deploymentBody, deploymentShape } from './deployment-shape.js';
import { endpointUpdateBody } from './endpoint-shape.js';
import { deploymentPath, endpointPath, getIfExists, operationError } from './ml-endpoints.js';
import { waitForOperation } from './ml-progress.js';
import { fileOption, ML_API_VERSION, mlScope, mlScopeOptions, noWaitOption, setOption, type MlScope } from './ml-scope.js';
import { msToDuration, obj } from './ml-wire.js';

export const deploymentName: OptionSpec = { dest: 'name', names: ['--name', '-n'], help: 'Name of the deployment.' };
export const endpointName: OptionSpec = { dest: 'endpointName', names: ['--endpoint-name', '-e'], help: 'Name of the endpoint.' };

const createOptions: OptionSpec[] = [
  deploymentName,
  endpointName,
  fileOption,
  setOption,
  noWaitOption,
  { dest: 'local', names: ['--local'], kind: 'flag', help: 'Create the deployment in the local Docker environment (not supported here).' },
  { dest: 'localEnableGpu', names: ['--local-enable-gpu'], kind: 'flag', help: 'Enable GPU for a local deployment (not supported here).' },
  { dest: 'vscodeDebug', names: ['--vscode-debug'], kind: 'flag', help: 'Debug a local deployment in VS Code (not supported here).' },
  { dest: 'web', names: ['--web'], kind: 'flag', help: 'Show the deployment in the studio (ignored).' },
  { dest: 'skipScriptValidation', names: ['--skip-script-validation'], kind: 'flag', help: 'Skip the validation of the scoring script.' },
  { dest: 'packageModel', names: ['--package-model'], kind: 'flag', help: 'Package the model (ignored).' },
  ...mlScopeOptions,
];

async function setAllTraffic(ctx: CommandContext, s: MlScope, endpoint: string, deployment: string): Promise<void> {
  const path = endpointPath(s, endpoint);
  const existing = await s.arm.get(path, ML_API_VERSION);
  const first = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body: endpointUpdateBody(existing, { traffic: { [deployment]: 100 } }) });
  const outcome = await waitForOperation(ctx, s.arm, first);
  if (outcome.status !== 'Succeeded') throw operationError(`Setting all traffic of endpoint '${endpoint}' to deployment '${deployment}'`, outcome);
}

async function putAndWait(ctx: CommandContext, s: MlScope, spec: OnlineDeploymentYaml, body: Record<string, unknown>, noWait: boolean): Promise<boolean> {
  const path = deploymentPath(s, spec.endpoint_name, spec.name);
  const first = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body });
  if (noWait) return false;
  const outcome = await waitForOperation(ctx, s.arm, first);
  if (outcome.status !== 'Succeeded') {
    throw operationError(
      `Deployment '${spec.name}' of endpoint '${spec.endpoint_name}'`,
      outcome,
      `Check the logs: az ml online-deployment get-logs --endpoint-name ${spec.endpoint_name} --name ${spec.name}`,
    );
  }
  return true;
}

async function createOrUpdate(ctx: CommandContext, args: Parameters<CommandSpec['run']>[1], create: boolean): Promise<unknown> {
  if (args.flag('local')) throw new CliError('--local is not supported: Cerulean runs deployments itself. Drop --local.');
  const { spec, baseDir } = loadSpec(onlineDeploymentSchema, {
    file: args.str('file'),
    cwd: ctx.io.cwd,
    set: args.list('set'),
    params: { name: args.str('name'), endpoint_name: args.str('endpointName') },
  });
  const s = await mlScope(ctx, args);
  const endpoint = await getIfExists(s, endpointPath(s, spec.endpoint_name));
  if (!endpoint) throw new CliError(`(UserError) Endpoint ${spec.endpoint_name} does not exist. Create it first with \`az ml online-endpoint create\`.`, 3);
  const path = deploymentPath(s, spec.endpoint_name, spec.name);
  if (create && (await getIfExists(s, path))) {
    throw new CliError('(UserError) A deployment with this name already exists. If you are trying to update the existing deployment, use `az ml online-deployment update` instead.');
  }
  const assets = await resolveDeploymentAssets(ctx, s, spec, baseDir);
  const body = deploymentBody(spec, assets, String(endpoint.location));
  const waited = await putAndWait(ctx, s, spec, body, args.flag('noWait'));
  if (create && waited && args.flag('allTraffic')) await setAllTraffic(ctx, s, spec.endpoint_name, spec.name);
  return deploymentShape(await s.arm.get(path, ML_API_VERSION));
}

export const mlDeploymentCreateCommand: CommandSpec = {
  path: ['ml', 'online-deployment', 'create'],
  summary: 'Create a deployment. If the deployment already exists, it will fail.',
  options: [
    ...createOptions.map((o) => (o.dest === 'file' ? { ...o, required: true } : o)),
    { dest: 'allTraffic', names: ['--all-traffic'], kind: 'flag', help: 'Set all of the endpoint traffic to this deployment (after it is created).' },
  ],
  run: (ctx, args) => createOrUpdate(ctx, args, true),
};

/** `--set` on an existing deployment without `--file`: the settings az ml users change in place. */
function applyToExisting(existing: Record<string, unknown>, items: string[]): Record<string, unknown> {
  const p = { ...obj(existing.properties) };
  const sku = { ...obj(existing.sku) };
  const body: Record<string, unknown> = { location: existing.location, kind: existing.kind ?? 'Managed', sku, tags: { ...obj(existing.tags) }, properties: p };
  for (const o of parseSetItems(items)) {
    const [head, ...rest] = o.path;
    if (head === 'instance_count' && rest.length === 0) sku.capacity = Number(o.value);
    else if (head === 'instance_type' && rest.length === 0) p.instanceType = o.value;
    else if (head === 'description' && rest.length === 0) p.description = o.value;
    else if (head === 'app_insights_enabled' && rest.length === 0) p.appInsightsEnabled = o.value.toLowerCase() === 'true';
    else if (head === 'environment_variables' || head === 'tags') {
      const target = head === 'tags' ? (body.tags as Record<string, unknown>) : (p.environmentVariables = { ...obj(p.environmentVariables) });
      applyOverrides(target, [{ ...o, path: rest }]);
    } else if (head === 'request_settings' && rest[0] === 'request_timeout_ms') {
      p.requestSettings = { ...obj(p.requestSettings), requestTimeout: msToDuration(Number(o.value)) };
    } else if (head === 'request_settings' && rest[0] === 'max_concurrent_requests_per_instance') {
      p.requestSettings = { ...obj(p.requestSettings), maxConcurrentRequestsPerInstance: Number(o.value) };
    } else {
      throw new CliError(`--set ${o.key} needs the deployment's YAML: pass --file with the full specification.`);
    }
  }
  if (!Number.isInteger(sku.capacity) || (sku.capacity as number) < 1) throw new CliError('instance_count must be a positive integer.');
  return body;
}

export const mlDeploymentUpdateCommand: CommandSpec = {
  path: ['ml', 'online-deployment', 'update'],
  summary: 'Update a deployment.',
  options: createOptions,
  async run(ctx, args) {
    if (args.str('file')) return createOrUpdate(ctx, args, false);
    const name = args.str('name');
    const endpoint = args.str('endpointName');
    if (!name || !endpoint) throw new CliError('the following arguments are required: --name/-n, --endpoint-name/-e (or --file)', 2);
    const s = await mlScope(ctx, args);
    const path = deploymentPath(s, endpoint, name);
    const existing = (await s.arm.get(path, ML_API_VERSION)) as Record<string, unknown>;
    const body = applyToExisting(existing, args.list('set') ?? []);
    await putAndWait(ctx, s, { name, endpoint_name: endpoint } as OnlineDeploymentYaml, body, args.flag('noWait'));
    return deploymentShape(await s.arm.get(path, ML_API_VERSION));
  },
};
