/** `az acr create|show|list|delete` (Microsoft.ContainerRegistry ARM only). */
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { locationOption, resourceGroupOption } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { ParsedArgs } from '../../parse/parsed-args.js';
import { parseTags } from '../group/tags.js';
import { registryShape } from './registry-shape.js';

export const ACR_API_VERSION = '2023-07-01';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], required: true, help: 'The name of the container registry. You can configure the default registry name using `az configure --defaults acr=<registry name>`.', configDefault: 'acr' };

async function registryId(ctx: CommandContext, args: ParsedArgs): Promise<string> {
  const session = ctx.session();
  const sub = await session.subscriptionId();
  const name = args.str('name')!;
  const group = args.str('resourceGroup');
  if (group) return `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(group)}/providers/Microsoft.ContainerRegistry/registries/${encodeURIComponent(name)}`;
  const all = await session.arm().list(`/subscriptions/${sub}/providers/Microsoft.ContainerRegistry/registries`, ACR_API_VERSION);
  const hit = all.find((r) => String(r.name).toLowerCase() === name.toLowerCase());
  if (!hit) throw new CliError(`The resource with name '${name}' and type 'Microsoft.ContainerRegistry/registries' could not be found in subscription '${sub}'.`, 3);
  return String(hit.id);
}

export const acrCreateCommand: CommandSpec = {
  path: ['acr', 'create'],
  summary: 'Create an Azure Container Registry.',
  options: [
    nameOption,
    { ...resourceGroupOption, required: true },
    { dest: 'sku', names: ['--sku'], required: true, choices: ['Basic', 'Standard', 'Premium'], help: 'The SKU of the container registry.' },
    locationOption,
    { dest: 'adminEnabled', names: ['--admin-enabled'], choices: ['true', 'false'], help: 'Indicates whether the admin user is enabled.' },
    { dest: 'tags', names: ['--tags'], kind: 'list', help: "Space-separated tags: key[=value] [key[=value] ...]. Use '' to clear existing tags." },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const group = args.str('resourceGroup')!;
    const name = args.str('name')!;
    if (!/^[a-zA-Z0-9]{5,50}$/.test(name)) {
      throw new CliError('Registry names may contain only alpha numeric characters and must be between 5 and 50 characters');
    }
    let location = args.str('location');
    if (!location) {
      const rg = (await session.arm().get(`/subscriptions/${sub}/resourcegroups/${encodeURIComponent(group)}`, '2021-04-01')) as { location?: string };
      location = rg.location;
    }
    const body: Record<string, unknown> = {
      location,
      sku: { name: args.str('sku') },
      properties: { adminUserEnabled: args.str('adminEnabled') === 'true' },
    };
    const tags = parseTags(args.list('tags'));
    if (tags) body.tags = tags;
    const arm = session.arm();
    const req = { method: 'PUT', path: `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(group)}/providers/Microsoft.ContainerRegistry/registries/${encodeURIComponent(name)}`, apiVersion: ACR_API_VERSION, body };
    const done = await arm.waitForCompletion(await arm.send(req), req);
    return registryShape(done.body ?? (await arm.get(req.path, ACR_API_VERSION)));
  },
};

export const acrShowCommand: CommandSpec = {
  path: ['acr', 'show'],
  summary: 'Get the details of an Azure Container Registry.',
  options: [nameOption, resourceGroupOption],
  async run(ctx, args) {
    return registryShape(await ctx.session().arm().get(await registryId(ctx, args), ACR_API_VERSION));
  },
};

export const acrListCommand: CommandSpec = {
  path: ['acr', 'list'],
  summary: 'List container registries.',
  options: [resourceGroupOption],
  tableTransform: (r) =>
    (r as Array<Record<string, any>>).map((a) => ({
      NAME: a.name,
      'RESOURCE GROUP': a.resourceGroup,
      LOCATION: a.location,
      SKU: a.sku?.name,
      'LOGIN SERVER': a.loginServer,
      'CREATION DATE': a.creationDate,
      'ADMIN ENABLED': a.adminUserEnabled,
    })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const rg = args.str('resourceGroup');
    const path = rg
      ? `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}/providers/Microsoft.ContainerRegistry/registries`
      : `/subscriptions/${sub}/providers/Microsoft.ContainerRegistry/registries`;
    return (await session.arm().list(path, ACR_API_VERSION)).map(registryShape);
  },
};

export const acrDeleteCommand: CommandSpec = {
  path: ['acr', 'delete'],
  summary: 'Delete an Azure Container Registry.',
  options: [nameOption, resourceGroupOption, { dest: 'yes', names: ['--yes', '-y'], kind: 'flag', help: 'Do not prompt for confirmation.' }],
  async run(ctx, args) {
    if (!(await ctx.confirm(`Are you sure you want to delete the registry '${args.str('name')}'?`, args.flag('yes')))) return undefined;
    const arm = ctx.session().arm();
    const req = { method: 'DELETE', path: await registryId(ctx, args), apiVersion: ACR_API_VERSION };
    await arm.waitForCompletion(await arm.send(req), req);
    return undefined;
  },
};
