/** `az group create|show|list|delete|exists` against ARM (Microsoft.Resources 2021-04-01). */
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { locationOption } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { armError } from '../../http/service-errors.js';
import { parseTags } from './tags.js';

export const RESOURCES_API_VERSION = '2021-04-01';

const groupName: OptionSpec = {
  dest: 'name',
  names: ['--name', '-n', '--resource-group', '-g'],
  required: true,
  configDefault: 'group',
  help: 'Name of resource group. You can configure the default group using `az configure --defaults group=<name>`.',
};

/** The ResourceGroup model as azure-mgmt-resource serializes it (absent properties print as null). */
export function groupShape(g: unknown): Record<string, unknown> {
  const r = (g ?? {}) as Record<string, unknown>;
  return {
    id: r.id ?? null,
    location: r.location ?? null,
    managedBy: r.managedBy ?? null,
    name: r.name ?? null,
    properties: r.properties ?? null,
    tags: r.tags ?? null,
    type: r.type ?? null,
  };
}

function groupPath(sub: string, name: string): string {
  return `/subscriptions/${sub}/resourcegroups/${encodeURIComponent(name)}`;
}

export const groupCreateCommand: CommandSpec = {
  path: ['group', 'create'],
  summary: 'Create a new resource group.',
  options: [
    groupName,
    { ...locationOption, required: true },
    { dest: 'tags', names: ['--tags'], kind: 'list', help: "Space-separated tags: key[=value] [key[=value] ...]. Use '' to clear existing tags." },
    { dest: 'managedBy', names: ['--managed-by'], help: 'The ID of the resource that manages this resource group.' },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const body: Record<string, unknown> = { location: args.str('location') };
    const tags = parseTags(args.list('tags'));
    if (tags) body.tags = tags;
    if (args.str('managedBy')) body.managedBy = args.str('managedBy');
    const res = await session.arm().send({ method: 'PUT', path: groupPath(sub, args.str('name')!), apiVersion: RESOURCES_API_VERSION, body });
    return groupShape(res.body);
  },
};

export const groupShowCommand: CommandSpec = {
  path: ['group', 'show'],
  summary: 'Gets a resource group.',
  options: [groupName],
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    return groupShape(await session.arm().get(groupPath(sub, args.str('name')!), RESOURCES_API_VERSION));
  },
};

export const groupListCommand: CommandSpec = {
  path: ['group', 'list'],
  summary: 'List resource groups.',
  options: [{ dest: 'tag', names: ['--tag'], help: "a single tag in 'key[=value]' format" }],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((g) => ({
      Name: g.name,
      Location: g.location,
      Status: (g.properties as { provisioningState?: string } | null)?.provisioningState,
    })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    let filter: string | undefined;
    const tag = args.str('tag');
    if (tag) {
      const i = tag.indexOf('=');
      filter = i < 0 ? `tagName eq '${tag}'` : `tagName eq '${tag.slice(0, i)}' and tagValue eq '${tag.slice(i + 1)}'`;
    }
    const items = await session.arm().list(`/subscriptions/${sub}/resourcegroups`, RESOURCES_API_VERSION, { $filter: filter });
    return items.map(groupShape);
  },
};

export const groupDeleteCommand: CommandSpec = {
  path: ['group', 'delete'],
  summary: 'Delete a resource group.',
  options: [
    groupName,
    { dest: 'yes', names: ['--yes', '-y'], kind: 'flag', help: 'Do not prompt for confirmation.' },
    { dest: 'noWait', names: ['--no-wait'], kind: 'flag', help: 'Do not wait for the long-running operation to finish.' },
    { dest: 'forceDeletionTypes', names: ['--force-deletion-types', '-f'], help: 'The resource types you want to force delete.' },
  ],
  async run(ctx, args) {
    if (!(await ctx.confirm('Are you sure you want to perform this operation?', args.flag('yes')))) return undefined;
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const arm = session.arm();
    const req = {
      method: 'DELETE',
      path: groupPath(sub, args.str('name')!),
      apiVersion: RESOURCES_API_VERSION,
      query: { forceDeletionTypes: args.str('forceDeletionTypes') },
    };
    const first = await arm.send(req);
    if (first.status === 204) throw new CliError("Operation returned an invalid status 'No Content'");
    if (!args.flag('noWait')) await arm.waitForCompletion(first, req);
    return undefined;
  },
};

export const groupExistsCommand: CommandSpec = {
  path: ['group', 'exists'],
  summary: 'Check if a resource group exists.',
  options: [groupName],
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const res = await session.arm().raw({ method: 'HEAD', path: groupPath(sub, args.str('name')!), apiVersion: RESOURCES_API_VERSION });
    if (res.status === 204 || res.status === 200) return true;
    if (res.status === 404) return false;
    throw armError(res);
  },
};
