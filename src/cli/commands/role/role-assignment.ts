/** `az role assignment create|list|delete` (Microsoft.Authorization 2022-04-01). */
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { CliError, ServiceError } from '../../errors.js';
import type { ParsedArgs } from '../../parse/parsed-args.js';
import { resolveAssignee } from './assignees.js';
import { assignmentShape, assignmentsPath, buildRoleScope, fillNames, searchRoleAssignments } from './assignment-search.js';
import { AUTHORIZATION_API_VERSION, resolveRoleId } from './role-definitions.js';

const common: OptionSpec[] = [
  { dest: 'assignee', names: ['--assignee'], help: 'Represent a user, group, or service principal. supported format: object id, user sign-in name, or service principal name.' },
  { dest: 'assigneeObjectId', names: ['--assignee-object-id'], help: "Use this parameter instead of '--assignee' to bypass Graph API invocation." },
  { dest: 'role', names: ['--role'], help: 'Role name or id.' },
  { dest: 'scope', names: ['--scope'], help: 'Scope at which the role assignment or definition applies to.' },
  { dest: 'resourceGroup', names: ['--resource-group', '-g'], help: 'Use it only if the role or assignment was added at the level of a resource group.' },
];

async function assigneeObjectId(ctx: CommandContext, args: ParsedArgs): Promise<string | undefined> {
  const assignee = args.str('assignee');
  if (!assignee) return args.str('assigneeObjectId');
  return (await resolveAssignee(ctx.session().graph(), assignee, true, (m) => ctx.warn(m))).objectId;
}

export const roleAssignmentCreateCommand: CommandSpec = {
  path: ['role', 'assignment', 'create'],
  summary: 'Create a new role assignment for a user, group, or service principal.',
  options: [
    ...common,
    { dest: 'assigneePrincipalType', names: ['--assignee-principal-type'], choices: ['User', 'Group', 'ServicePrincipal', 'ForeignGroup'], help: 'Use with --assignee-object-id to avoid errors caused by propagation latency in Graph.' },
    { dest: 'description', names: ['--description'], help: 'Description of role assignment.' },
    { dest: 'condition', names: ['--condition'], help: 'Condition under which the user can be granted permission.' },
    { dest: 'conditionVersion', names: ['--condition-version'], help: 'Version of the condition syntax.' },
    { dest: 'name', names: ['--name', '-n'], help: 'A GUID for the role assignment. It must be unique and different for each role assignment.' },
  ],
  async run(ctx, args) {
    const assignee = args.str('assignee');
    const objectIdArg = args.str('assigneeObjectId');
    if (!!assignee === !!objectIdArg) throw new CliError('usage error: --assignee STRING | --assignee-object-id GUID');
    if (args.str('assigneePrincipalType') && !objectIdArg) throw new CliError('usage error: --assignee-object-id GUID --assignee-principal-type TYPE');
    const role = args.str('role');
    if (!role) throw new CliError('the following arguments are required: --role', 2);
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const arm = session.arm();
    const scope = buildRoleScope(args.str('resourceGroup'), args.str('scope'), sub);
    const roleId = await resolveRoleId(arm, role, scope, sub, (m) => ctx.warn(m));
    const principal = assignee
      ? await resolveAssignee(session.graph(), assignee, true, (m) => ctx.warn(m))
      : { objectId: objectIdArg!, principalType: args.str('assigneePrincipalType') };
    const condition = args.str('condition');
    const properties: Record<string, unknown> = { roleDefinitionId: roleId, principalId: principal.objectId };
    if (principal.principalType) properties.principalType = principal.principalType;
    if (args.str('description')) properties.description = args.str('description');
    if (condition) {
      properties.condition = condition;
      properties.conditionVersion = args.str('conditionVersion') ?? '2.0';
    }
    const name = args.str('name') ?? ctx.io.newId();
    try {
      const res = await arm.send({ method: 'PUT', path: `${assignmentsPath(scope)}/${name}`, apiVersion: AUTHORIZATION_API_VERSION, body: { properties } });
      return assignmentShape(res.body);
    } catch (e) {
      if (!(e instanceof ServiceError && e.status === 409 && e.serviceMessage.includes('role assignment already exists'))) throw e;
      const found = await searchRoleAssignments(arm, sub, { scope, assigneeObjectId: principal.objectId, role: roleId }, (m) => ctx.warn(m));
      if (found.length === 0) throw e;
      return (await fillNames(arm, session.graph(), found, scope, sub, ctx.log))[0];
    }
  },
};

export const roleAssignmentListCommand: CommandSpec = {
  path: ['role', 'assignment', 'list'],
  summary: 'List role assignments.',
  options: [
    ...common,
    { dest: 'all', names: ['--all'], kind: 'flag', help: 'Show all assignments under the current subscription.' },
    { dest: 'includeInherited', names: ['--include-inherited'], kind: 'flag', help: 'Include assignments applied on parent scopes.' },
    { dest: 'includeGroups', names: ['--include-groups'], kind: 'flag', help: 'Include extra assignments to the groups of which the user is a member (transitively).' },
  ],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((a) => ({ Principal: a.principalName, Role: a.roleDefinitionName, Scope: a.scope })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const arm = session.arm();
    let scope: string | undefined;
    if (args.flag('all')) {
      if (args.str('resourceGroup') || args.str('scope')) throw new CliError('group or scope are not required when --all is used');
    } else {
      scope = buildRoleScope(args.str('resourceGroup'), args.str('scope'), sub);
    }
    const found = await searchRoleAssignments(
      arm,
      sub,
      {
        scope,
        assigneeObjectId: await assigneeObjectId(ctx, args),
        role: args.str('role'),
        includeInherited: args.flag('includeInherited'),
        includeGroups: args.flag('includeGroups'),
      },
      (m) => ctx.warn(m),
    );
    return fillNames(arm, session.graph(), found, scope ?? `/subscriptions/${sub}`, sub, ctx.log);
  },
};

export const roleAssignmentDeleteCommand: CommandSpec = {
  path: ['role', 'assignment', 'delete'],
  summary: 'Delete role assignments.',
  options: [
    ...common,
    { dest: 'ids', names: ['--ids'], kind: 'list', help: 'space-separated role assignment ids' },
    { dest: 'includeInherited', names: ['--include-inherited'], kind: 'flag', help: 'Include assignments applied on parent scopes.' },
    { dest: 'includeGroups', names: ['--include-groups'], kind: 'flag', help: 'Include extra assignments to the groups of which the user is a member (transitively).' },
    { dest: 'yes', names: ['--yes', '-y'], kind: 'flag', help: 'Currently no-op.' },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const arm = session.arm();
    const ids = args.list('ids') ?? [];
    const filters = ['assignee', 'assigneeObjectId', 'role', 'resourceGroup', 'scope'].filter((d) => args.has(d));
    if (ids.length > 0) {
      if (filters.length > 0 || args.flag('includeInherited')) throw new CliError('When assignment ids are used, other parameter values are not required');
      for (const id of ids) await arm.send({ method: 'DELETE', path: id, apiVersion: AUTHORIZATION_API_VERSION });
      return undefined;
    }
    if (filters.length === 0 && !(await ctx.confirm('This will delete all role assignments under the subscription. Are you sure?', args.flag('yes')))) {
      return undefined;
    }
    const sub = await session.subscriptionId();
    const scope = buildRoleScope(args.str('resourceGroup'), args.str('scope'), sub);
    const found = await searchRoleAssignments(
      arm,
      sub,
      { scope, assigneeObjectId: await assigneeObjectId(ctx, args), role: args.str('role'), includeInherited: args.flag('includeInherited'), includeGroups: args.flag('includeGroups') },
      (m) => ctx.warn(m),
    );
    if (found.length === 0) throw new CliError('No matched assignments were found to delete');
    for (const a of found) await arm.send({ method: 'DELETE', path: String(a.id), apiVersion: AUTHORIZATION_API_VERSION });
    return undefined;
  },
};
