/** `az ml workspace update`: description, display name and identities (system-assigned, user-assigned, primary). */
import { z } from 'zod';
import type { CommandSpec } from '../../command-spec.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { tagsSchema } from '../../ml-yaml/common-schema.js';
import { ML_API_VERSION, mlGroupOption, mlScope, noWaitOption, fileOption } from '../ml/ml-scope.js';
import { waitForOperation } from '../ml/ml-progress.js';
import { obj } from '../ml/ml-wire.js';
import { workspaceShape } from '../ml/workspace-shape.js';
import { CliError } from '../../errors.js';
import { workspaceIdentityOptions, workspaceIdentityRequest, workspaceIdentityYamlFields } from './workspace-identity.js';

const updateSchema = z.looseObject({
  name: z.string().optional(),
  description: z.string().optional(),
  display_name: z.string().optional(),
  tags: tagsSchema.optional(),
  ...workspaceIdentityYamlFields,
});

export const mlWorkspaceUpdateCommand: CommandSpec = {
  path: ['ml', 'workspace', 'update'],
  summary: 'Update a workspace.',
  options: [
    { dest: 'workspace', names: ['--name', '-n'], required: true, configDefault: 'workspace', help: 'Name of the Azure ML workspace.' },
    mlGroupOption,
    fileOption,
    { dest: 'description', names: ['--description'], help: 'Description of the workspace.' },
    { dest: 'displayName', names: ['--display-name'], help: 'Display name for the workspace.' },
    ...workspaceIdentityOptions,
    noWaitOption,
  ],
  async run(ctx, args) {
    const { spec } = loadSpec(updateSchema, { file: args.str('file'), cwd: ctx.io.cwd });
    const s = await mlScope(ctx, args);
    const current = obj(await s.arm.get(s.workspacePath, ML_API_VERSION));
    const currentUais = Object.keys(obj(obj(current.identity).userAssignedIdentities));
    const ident = workspaceIdentityRequest(args, spec, currentUais);
    const properties: Record<string, unknown> = {};
    const description = args.str('description') ?? spec.description;
    const displayName = args.str('displayName') ?? spec.display_name;
    if (description !== undefined) properties.description = description;
    if (displayName !== undefined) properties.friendlyName = displayName;
    if (ident.primaryUserAssignedIdentity) properties.primaryUserAssignedIdentity = ident.primaryUserAssignedIdentity;
    const body: Record<string, unknown> = { properties };
    if (ident.identity) body.identity = ident.identity;
    if (spec.tags) body.tags = spec.tags;
    const first = await s.arm.send({ method: 'PATCH', path: s.workspacePath, apiVersion: ML_API_VERSION, body });
    if (args.flag('noWait')) return undefined;
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') throw new CliError(`(${outcome.error?.code ?? outcome.status}) ${outcome.error?.message ?? 'Workspace update failed.'}`);
    return workspaceShape(await s.arm.get(s.workspacePath, ML_API_VERSION));
  },
};
