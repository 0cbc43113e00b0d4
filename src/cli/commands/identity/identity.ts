/** `az identity create|show|list|delete` (Microsoft.ManagedIdentity 2023-01-31). */
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { locationOption, resourceGroupOption } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { ParsedArgs } from '../../parse/parsed-args.js';
import { parseTags } from '../group/tags.js';
import { identityShape } from './identity-shape.js';

export const MSI_API_VERSION = '2023-01-31';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], required: true, help: 'The name of the identity resource.' };
const groupRequired: OptionSpec = { ...resourceGroupOption, required: true };

async function identityPath(ctx: CommandContext, args: ParsedArgs): Promise<string> {
  const sub = await ctx.session().subscriptionId();
  return `/subscriptions/${sub}/resourcegroups/${encodeURIComponent(args.str('resourceGroup')!)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${encodeURIComponent(args.str('name')!)}`;
}

export const identityCreateCommand: CommandSpec = {
  path: ['identity', 'create'],
  summary: 'Create Identities.',
  options: [
    nameOption,
    groupRequired,
    locationOption,
    { dest: 'tags', names: ['--tags'], kind: 'list', help: "Space-separated tags: key[=value] [key[=value] ...]. Use '' to clear existing tags." },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const path = await identityPath(ctx, args);
    let location = args.str('location');
    if (!location) {
      // az takes the resource group's location when neither --location nor a configured default is given.
      const sub = await session.subscriptionId();
      const rg = (await session.arm().get(`/subscriptions/${sub}/resourcegroups/${encodeURIComponent(args.str('resourceGroup')!)}`, '2021-04-01')) as { location?: string };
      location = rg.location;
    }
    if (!location) throw new CliError('the following arguments are required: --location/-l', 2);
    const body: Record<string, unknown> = { location };
    const tags = parseTags(args.list('tags'));
    if (tags) body.tags = tags;
    const res = await session.arm().send({ method: 'PUT', path, apiVersion: MSI_API_VERSION, body });
    return identityShape(res.body);
  },
};

export const identityShowCommand: CommandSpec = {
  path: ['identity', 'show'],
  summary: 'Get an identity.',
  options: [nameOption, groupRequired],
  async run(ctx, args) {
    return identityShape(await ctx.session().arm().get(await identityPath(ctx, args), MSI_API_VERSION));
  },
};

export const identityListCommand: CommandSpec = {
  path: ['identity', 'list'],
  summary: 'List user assigned identities.',
  options: [resourceGroupOption],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((i) => ({
      Name: i.name,
      ResourceGroup: i.resourceGroup,
      Location: i.location,
      ClientId: i.clientId,
      PrincipalId: i.principalId,
    })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const rg = args.str('resourceGroup');
    const path = rg
      ? `/subscriptions/${sub}/resourcegroups/${encodeURIComponent(rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`
      : `/subscriptions/${sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
    return (await session.arm().list(path, MSI_API_VERSION)).map(identityShape);
  },
};

export const identityDeleteCommand: CommandSpec = {
  path: ['identity', 'delete'],
  summary: 'Deletes the identity.',
  options: [nameOption, groupRequired],
  async run(ctx, args) {
    await ctx.session().arm().send({ method: 'DELETE', path: await identityPath(ctx, args), apiVersion: MSI_API_VERSION });
    return undefined;
  },
};
