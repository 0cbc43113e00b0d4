/** `az ml compute create|show|list|start|stop|restart|delete` (compute instances). */
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec, GroupSpec, OptionSpec } from '../../command-spec.js';
import type { ParsedArgs } from '../../parse/parsed-args.js';
import { CliError } from '../../errors.js';
import { operationError, workspaceLocation } from '../ml/ml-endpoints.js';
import { waitForOperation } from '../ml/ml-progress.js';
import { fileOption, ML_API_VERSION, mlScope, mlScopeOptions, noWaitOption, setOption, yesOption, type MlScope } from '../ml/ml-scope.js';
import { computeCreateBody, computeShape } from './compute-shape.js';
import { loadCompute } from './compute-yaml.js';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], help: 'Name of the compute.' };
const requiredName: OptionSpec = { ...nameOption, required: true };

export function computePath(s: MlScope, name: string): string {
  return `${s.workspacePath}/computes/${encodeURIComponent(name)}`;
}

export const mlComputeCreateCommand: CommandSpec = {
  path: ['ml', 'compute', 'create'],
  summary: 'Create a compute target (compute instances).',
  options: [
    nameOption,
    fileOption,
    { dest: 'type', names: ['--type', '-t'], help: 'Type of compute: ComputeInstance.' },
    { dest: 'size', names: ['--size'], help: 'VM size, e.g. STANDARD_DS3_V2.' },
    { dest: 'description', names: ['--description'], help: 'Description of the compute.' },
    { dest: 'location', names: ['--location', '-l'], help: 'Location of the compute (default: the workspace location).' },
    { dest: 'identityType', names: ['--identity-type'], help: 'Type of identity: SystemAssigned, UserAssigned or None.' },
    { dest: 'userAssignedIdentities', names: ['--user-assigned-identities'], kind: 'list', help: 'Resource ids of user-assigned identities (comma separated).' },
    setOption,
    noWaitOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    const { spec, warnings } = loadCompute(args.str('file'), ctx.io.cwd, {
      name: args.str('name'),
      type: args.str('type'),
      size: args.str('size'),
      description: args.str('description'),
      location: args.str('location'),
      identityType: args.str('identityType'),
      userAssignedIdentities: args.list('userAssignedIdentities'),
      set: args.list('set'),
    });
    for (const w of warnings) ctx.warn(w);
    const s = await mlScope(ctx, args);
    const path = computePath(s, spec.name);
    const body = computeCreateBody(spec, await workspaceLocation(s));
    const first = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body });
    if (args.flag('noWait')) return computeShape(first.body);
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw operationError(`Compute '${spec.name}' creation`, outcome);
    return computeShape(await s.arm.get(path, ML_API_VERSION));
  },
};

export const mlComputeShowCommand: CommandSpec = {
  path: ['ml', 'compute', 'show'],
  summary: 'Show details for a compute target.',
  options: [requiredName, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    return computeShape(await s.arm.get(computePath(s, args.str('name')!), ML_API_VERSION));
  },
};

export const mlComputeListCommand: CommandSpec = {
  path: ['ml', 'compute', 'list'],
  summary: 'List the compute targets in a workspace.',
  options: [{ dest: 'type', names: ['--type', '-t'], help: 'Only computes of this type (e.g. ComputeInstance).' }, ...mlScopeOptions],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((c) => ({ Name: c.name, Type: c.type, Size: c.size, State: c.state, Location: c.location })),
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const all = (await s.arm.list(`${s.workspacePath}/computes`, ML_API_VERSION)).map(computeShape);
    const type = args.str('type')?.toLowerCase().replace(/_/g, '');
    return type ? all.filter((c) => c.type === type) : all;
  },
};

async function power(ctx: CommandContext, args: ParsedArgs, action: 'start' | 'stop' | 'restart', verb: string): Promise<unknown> {
  const s = await mlScope(ctx, args);
  const name = args.str('name')!;
  const first = await s.arm.send({ method: 'POST', path: `${computePath(s, name)}/${action}`, apiVersion: ML_API_VERSION });
  if (args.flag('noWait')) return undefined;
  const outcome = await waitForOperation(ctx, s.arm, first);
  if (outcome.status !== 'Succeeded') throw operationError(`${verb} compute '${name}'`, outcome);
  return undefined;
}

export const mlComputeStartCommand: CommandSpec = {
  path: ['ml', 'compute', 'start'],
  summary: 'Start a compute instance.',
  options: [requiredName, noWaitOption, ...mlScopeOptions],
  run: (ctx, args) => power(ctx, args, 'start', 'Starting'),
};

export const mlComputeStopCommand: CommandSpec = {
  path: ['ml', 'compute', 'stop'],
  summary: 'Stop a compute instance.',
  options: [requiredName, noWaitOption, ...mlScopeOptions],
  run: (ctx, args) => power(ctx, args, 'stop', 'Stopping'),
};

export const mlComputeRestartCommand: CommandSpec = {
  path: ['ml', 'compute', 'restart'],
  summary: 'Restart a compute instance.',
  options: [requiredName, noWaitOption, ...mlScopeOptions],
  run: (ctx, args) => power(ctx, args, 'restart', 'Restarting'),
};

export const mlComputeDeleteCommand: CommandSpec = {
  path: ['ml', 'compute', 'delete'],
  summary: 'Delete a compute target.',
  options: [requiredName, yesOption, noWaitOption, ...mlScopeOptions],
  async run(ctx, args) {
    if (!(await ctx.confirm('Are you sure you want to perform this operation?', args.flag('yes')))) return undefined;
    const s = await mlScope(ctx, args);
    const name = args.str('name')!;
    const first = await s.arm.send({ method: 'DELETE', path: computePath(s, name), apiVersion: ML_API_VERSION, query: { underlyingResourceAction: 'Delete' } });
    if (args.flag('noWait')) return undefined;
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw new CliError(`Deleting compute '${name}' failed: (${outcome.error?.code ?? outcome.status}) ${outcome.error?.message ?? ''}`.trim());
    return undefined;
  },
};

export const mlComputeCommands: CommandSpec[] = [
  mlComputeCreateCommand,
  mlComputeShowCommand,
  mlComputeListCommand,
  mlComputeStartCommand,
  mlComputeStopCommand,
  mlComputeRestartCommand,
  mlComputeDeleteCommand,
];

export const mlComputeGroups: GroupSpec[] = [{ path: ['ml', 'compute'], summary: 'Manage Azure ML compute resources.' }];
