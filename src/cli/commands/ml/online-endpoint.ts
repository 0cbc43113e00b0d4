/** `az ml online-endpoint create|show|list|update|delete`. */
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { onlineEndpointSchema } from '../../ml-yaml/endpoint-schema.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { endpointCreateBody, endpointShape, endpointUpdateBody } from './endpoint-shape.js';
import { endpointPath, getIfExists, operationError, parseTraffic, workspaceLocation } from './ml-endpoints.js';
import { waitForOperation } from './ml-progress.js';
import { fileOption, ML_API_VERSION, mlScope, mlScopeOptions, noWaitOption, setOption, yesOption } from './ml-scope.js';
import { pascalEnum } from './ml-wire.js';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], help: 'Name of the endpoint.' };
const localOption: OptionSpec = { dest: 'local', names: ['--local'], kind: 'flag', help: 'Create the endpoint in the local Docker environment (not supported here).' };

function refuseLocal(local: boolean): void {
  if (local) throw new CliError('--local is not supported: Cerulean runs endpoints itself. Drop --local.');
}

export const mlEndpointCreateCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'create'],
  summary: 'Create an endpoint.',
  options: [
    nameOption,
    fileOption,
    { dest: 'authMode', names: ['--auth-mode'], choices: ['key', 'aml_token'], help: 'Authentication mode of the endpoint.' },
    setOption,
    localOption,
    noWaitOption,
    { dest: 'web', names: ['--web', '-e'], kind: 'flag', help: 'Show the endpoint in the studio (ignored).' },
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    const { spec } = loadSpec(onlineEndpointSchema, {
      file: args.str('file'),
      cwd: ctx.io.cwd,
      set: args.list('set'),
      params: { name: args.str('name')?.toLowerCase(), auth_mode: args.str('authMode') },
    });
    const s = await mlScope(ctx, args);
    const path = endpointPath(s, spec.name);
    if (await getIfExists(s, path)) {
      throw new CliError('(UserError) An endpoint with this name already exists. If you are trying to update the existing endpoint, use `az ml online-endpoint update` instead.');
    }
    const body = endpointCreateBody(spec, await workspaceLocation(s));
    const first = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body });
    if (args.flag('noWait')) return endpointShape(first.body);
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw operationError(`Endpoint '${spec.name}' creation`, outcome);
    return endpointShape(await s.arm.get(path, ML_API_VERSION));
  },
};

export const mlEndpointShowCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'show'],
  summary: 'Show details for an endpoint.',
  options: [{ ...nameOption, required: true }, localOption, ...mlScopeOptions],
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    const s = await mlScope(ctx, args);
    return endpointShape(await s.arm.get(endpointPath(s, args.str('name')!), ML_API_VERSION));
  },
};

export const mlEndpointListCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'list'],
  summary: 'List endpoints in a workspace.',
  options: [localOption, ...mlScopeOptions],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((e) => ({ Name: e.name, Kind: e.kind, Location: e.location, 'Auth Mode': e.auth_mode, 'Provisioning State': e.provisioning_state })),
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    const s = await mlScope(ctx, args);
    return (await s.arm.list(`${s.workspacePath}/onlineEndpoints`, ML_API_VERSION)).map(endpointShape);
  },
};

export const mlEndpointUpdateCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'update'],
  summary: 'Update an endpoint.',
  options: [
    nameOption,
    fileOption,
    { dest: 'traffic', names: ['--traffic', '-r'], kind: 'list', help: 'Traffic rules: "blue=90 green=10".' },
    { dest: 'mirrorTraffic', names: ['--mirror-traffic'], kind: 'list', help: 'Mirror traffic rules: "green=10".' },
    setOption,
    localOption,
    noWaitOption,
    { dest: 'web', names: ['--web', '-e'], kind: 'flag', help: 'Show the endpoint in the studio (ignored).' },
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    const s = await mlScope(ctx, args);
    let name = args.str('name')?.toLowerCase();
    let changes: Parameters<typeof endpointUpdateBody>[1] = {};
    if (args.str('file') || args.list('set')) {
      const existingName = name;
      const { spec } = loadSpec(onlineEndpointSchema, {
        file: args.str('file'),
        cwd: ctx.io.cwd,
        set: args.list('set'),
        params: { name: existingName },
      });
      name = spec.name;
      changes = {
        description: spec.description,
        tags: spec.tags,
        traffic: spec.traffic,
        mirrorTraffic: spec.mirror_traffic,
        authMode: spec.auth_mode ? pascalEnum(spec.auth_mode) : undefined,
      };
    }
    if (!name) throw new CliError('the following arguments are required: --name/-n (or a name in --file)', 2);
    const traffic = parseTraffic(args.list('traffic'));
    const mirror = parseTraffic(args.list('mirrorTraffic'), '--mirror-traffic');
    if (traffic) changes.traffic = traffic;
    if (mirror) changes.mirrorTraffic = mirror;
    const path = endpointPath(s, name);
    const existing = await s.arm.get(path, ML_API_VERSION);
    const first = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body: endpointUpdateBody(existing, changes) });
    if (args.flag('noWait')) return endpointShape(first.body);
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw operationError(`Endpoint '${name}' update`, outcome);
    return endpointShape(await s.arm.get(path, ML_API_VERSION));
  },
};

export const mlEndpointDeleteCommand: CommandSpec = {
  path: ['ml', 'online-endpoint', 'delete'],
  summary: 'Delete an endpoint.',
  options: [{ ...nameOption, required: true }, yesOption, localOption, noWaitOption, ...mlScopeOptions],
  async run(ctx, args) {
    refuseLocal(args.flag('local'));
    if (!(await ctx.confirm('Are you sure you want to perform this operation?', args.flag('yes')))) return undefined;
    const s = await mlScope(ctx, args);
    const name = args.str('name')!;
    const first = await s.arm.send({ method: 'DELETE', path: endpointPath(s, name), apiVersion: ML_API_VERSION });
    if (args.flag('noWait')) return undefined;
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw operationError(`Endpoint '${name}' deletion`, outcome);
    return undefined;
  },
};
