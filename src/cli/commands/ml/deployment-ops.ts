/** `az ml online-deployment show|list|delete|get-logs`. */
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { deploymentShape } from './deployment-shape.js';
import { deploymentPath, endpointPath, operationError } from './ml-endpoints.js';
import { waitForOperation } from './ml-progress.js';
import { ML_API_VERSION, mlScope, mlScopeOptions, noWaitOption, yesOption } from './ml-scope.js';
import { deploymentName, endpointName } from './online-deployment.js';

const name = { ...deploymentName, required: true };
const endpoint = { ...endpointName, required: true };
const local = { dest: 'local', names: ['--local'], kind: 'flag' as const, help: 'Use a local deployment (not supported here).' };

function refuseLocal(on: boolean): void {
  if (on) throw new CliError('--local is not supported: Cerulean runs deployments itself. Drop --local.');
}

export const mlDeploymentShowCommand: CommandSpec = {
  path: ['ml', 'online-deployment', 'show'],
  summary: 'Show a deployment.',
  options: [name, endpoint, local, ...mlScopeOptions],
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    const s = await mlScope(ctx, args);
    return deploymentShape(await s.arm.get(deploymentPath(s, args.str('endpointName')!, args.str('name')!), ML_API_VERSION));
  },
};

export const mlDeploymentListCommand: CommandSpec = {
  path: ['ml', 'online-deployment', 'list'],
  summary: 'List deployments.',
  options: [endpoint, local, ...mlScopeOptions],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((d) => ({ Name: d.name, 'Instance type': d.instance_type, 'Instance count': d.instance_count, 'Provisioning state': d.provisioning_state })),
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    const s = await mlScope(ctx, args);
    return (await s.arm.list(`${endpointPath(s, args.str('endpointName')!)}/deployments`, ML_API_VERSION)).map(deploymentShape);
  },
};

export const mlDeploymentDeleteCommand: CommandSpec = {
  path: ['ml', 'online-deployment', 'delete'],
  summary: 'Delete a deployment.',
  options: [name, endpoint, yesOption, local, noWaitOption, ...mlScopeOptions],
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    if (!(await ctx.confirm('Are you sure you want to perform this operation?', args.flag('yes')))) return undefined;
    const s = await mlScope(ctx, args);
    const first = await s.arm.send({ method: 'DELETE', path: deploymentPath(s, args.str('endpointName')!, args.str('name')!), apiVersion: ML_API_VERSION });
    if (args.flag('noWait')) return undefined;
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw operationError(`Deployment '${args.str('name')}' deletion`, outcome);
    return undefined;
  },
};

const CONTAINERS: Record<string, string> = { 'inference-server': 'InferenceServer', 'storage-initializer': 'StorageInitializer' };

export const mlDeploymentGetLogsCommand: CommandSpec = {
  path: ['ml', 'online-deployment', 'get-logs'],
  summary: 'Get the container logs for a deployment.',
  options: [
    name,
    endpoint,
    { dest: 'lines', names: ['--lines', '-l'], help: 'Maximum number of lines to tail. Default: 5000.' },
    { dest: 'container', names: ['--container', '-c'], choices: Object.keys(CONTAINERS), help: 'The type of container from which to retrieve logs. Default: inference-server.' },
    local,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    const lines = Number(args.str('lines') ?? '5000');
    if (!Number.isInteger(lines) || lines < 0) throw new CliError(`argument --lines/-l: invalid int value: '${args.str('lines')}'`, 2);
    const s = await mlScope(ctx, args);
    const body = { containerType: CONTAINERS[args.str('container') ?? 'inference-server'], tail: lines };
    const res = await s.arm.send({
      method: 'POST',
      path: `${deploymentPath(s, args.str('endpointName')!, args.str('name')!)}/getLogs`,
      apiVersion: ML_API_VERSION,
      body,
    });
    const content = String((res.body as { content?: string } | undefined)?.content ?? '').replace(/\\n/g, '\n');
    ctx.io.stdout(content.endsWith('\n') || content === '' ? content : content + '\n');
    return undefined;
  },
};
