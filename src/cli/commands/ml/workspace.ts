/** `az ml workspace create|show|list|delete`. */
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { locationOption } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { waitForOperation } from './ml-progress.js';
import { ML_API_VERSION, ML_NAMESPACE, mlGroupOption, mlScope, noWaitOption, yesOption } from './ml-scope.js';
import { workspaceShape } from './workspace-shape.js';
import { z } from 'zod';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { tagsSchema } from '../../ml-yaml/common-schema.js';
import { fileOption } from './ml-scope.js';
import { workspaceIdentityOptions, workspaceIdentityRequest, workspaceIdentityYamlFields } from '../ml-env/workspace-identity.js';

/** The workspace YAML (az ml's workspace schema, the fields Cerulean acts on; `$schema` is ignored). */
const workspaceSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().optional(),
  location: z.string().optional(),
  display_name: z.string().optional(),
  description: z.string().optional(),
  storage_account: z.string().optional(),
  container_registry: z.string().optional(),
  key_vault: z.string().optional(),
  application_insights: z.string().optional(),
  hbi_workspace: z.boolean().optional(),
  tags: tagsSchema.optional(),
  ...workspaceIdentityYamlFields,
});

const wsName: OptionSpec = {
  dest: 'workspace',
  names: ['--name', '-n'],
  required: true,
  configDefault: 'workspace',
  help: 'Name of the Azure ML workspace. You can configure the default workspace using `az configure --defaults workspace=<name>`.',
};

export const mlWorkspaceCreateCommand: CommandSpec = {
  path: ['ml', 'workspace', 'create'],
  summary: 'Create a workspace.',
  options: [
    { ...wsName, configDefault: undefined },
    mlGroupOption,
    locationOption,
    { dest: 'displayName', names: ['--display-name'], help: 'Display name for the workspace.' },
    { dest: 'description', names: ['--description'], help: 'Description of the workspace.' },
    { dest: 'storageAccount', names: ['--storage-account'], help: 'ARM id of the storage account associated with the workspace.' },
    { dest: 'containerRegistry', names: ['--container-registry'], help: 'ARM id of the container registry associated with the workspace.' },
    { dest: 'tags', names: ['--tags'], kind: 'list', help: 'Space-separated key=value tags.' },
    fileOption,
    ...workspaceIdentityOptions,
    noWaitOption,
  ],
  async run(ctx, args) {
    const { spec } = loadSpec(workspaceSchema, { file: args.str('file'), cwd: ctx.io.cwd });
    const s = await mlScope(ctx, args);
    let location = args.str('location') ?? spec.location;
    if (!location) {
      const rg = (await s.arm.get(`/subscriptions/${s.subscriptionId}/resourcegroups/${encodeURIComponent(s.resourceGroup)}`, '2021-04-01')) as { location?: string };
      location = rg.location;
    }
    const properties: Record<string, unknown> = { friendlyName: args.str('displayName') ?? spec.display_name ?? s.workspace, hbiWorkspace: spec.hbi_workspace ?? false, v1LegacyMode: false };
    const description = args.str('description') ?? spec.description;
    if (description) properties.description = description;
    const storageAccount = args.str('storageAccount') ?? spec.storage_account;
    if (storageAccount) properties.storageAccount = storageAccount;
    const containerRegistry = args.str('containerRegistry') ?? spec.container_registry;
    if (containerRegistry) properties.containerRegistry = containerRegistry;
    const ident = workspaceIdentityRequest(args, spec);
    if (ident.primaryUserAssignedIdentity) properties.primaryUserAssignedIdentity = ident.primaryUserAssignedIdentity;
    const tags: Record<string, string> = { ...(spec.tags ?? {}) };
    for (const t of args.list('tags') ?? []) {
      const i = t.indexOf('=');
      tags[i < 0 ? t : t.slice(0, i)] = i < 0 ? '' : t.slice(i + 1);
    }
    const body = { location, identity: ident.identity ?? { type: 'SystemAssigned' }, sku: { name: 'Basic', tier: 'Basic' }, kind: 'Default', tags, properties };
    const first = await s.arm.send({ method: 'PUT', path: s.workspacePath, apiVersion: ML_API_VERSION, body });
    if (args.flag('noWait')) return undefined;
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw new CliError(`(${outcome.error?.code ?? outcome.status}) ${outcome.error?.message ?? 'Workspace creation failed.'}`);
    return workspaceShape(await s.arm.get(s.workspacePath, ML_API_VERSION));
  },
};

/** `show` also takes `--workspace-name/-w`, as the Azure ML docs and the 2021 sample scripts spell it. */
const wsNameOrWorkspaceName: OptionSpec = { ...wsName, names: ['--name', '-n', '--workspace-name', '-w'] };

export const mlWorkspaceShowCommand: CommandSpec = {
  path: ['ml', 'workspace', 'show'],
  summary: 'Show details for a workspace.',
  options: [wsNameOrWorkspaceName, mlGroupOption],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    return workspaceShape(await s.arm.get(s.workspacePath, ML_API_VERSION));
  },
};

export const mlWorkspaceListCommand: CommandSpec = {
  path: ['ml', 'workspace', 'list'],
  summary: 'List all the workspaces in a subscription.',
  options: [{ ...mlGroupOption, required: false }],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((w) => ({ Name: w.name, Location: w.location, ResourceGroup: w.resourceGroup })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const rg = args.str('resourceGroup');
    const path = rg
      ? `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}/providers/${ML_NAMESPACE}/workspaces`
      : `/subscriptions/${sub}/providers/${ML_NAMESPACE}/workspaces`;
    return (await session.arm().list(path, ML_API_VERSION)).map(workspaceShape);
  },
};

export const mlWorkspaceDeleteCommand: CommandSpec = {
  path: ['ml', 'workspace', 'delete'],
  summary: 'Delete a workspace.',
  options: [
    wsName,
    mlGroupOption,
    { dest: 'allResources', names: ['--all-resources'], kind: 'flag', help: 'Delete all the dependent resources associated with the workspace.' },
    yesOption,
    noWaitOption,
  ],
  async run(ctx, args) {
    if (!(await ctx.confirm('Are you sure you want to perform this operation?', args.flag('yes')))) return undefined;
    const s = await mlScope(ctx, args);
    const first = await s.arm.send({ method: 'DELETE', path: s.workspacePath, apiVersion: ML_API_VERSION });
    if (args.flag('noWait')) return undefined;
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw new CliError(`(${outcome.error?.code ?? outcome.status}) ${outcome.error?.message ?? 'Workspace deletion failed.'}`);
    if (args.flag('allResources')) {
      ctx.warn('Dependent resources (storage account, container registry) are kept; delete them with their own commands.');
    }
    return undefined;
  },
};
