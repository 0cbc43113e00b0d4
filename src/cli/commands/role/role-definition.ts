/** `az role definition list`. */
import type { CommandSpec } from '../../command-spec.js';
import { buildRoleScope } from './assignment-search.js';
import { definitionShape, listRoleDefinitions, roleNameOf } from './role-definitions.js';

export const roleDefinitionListCommand: CommandSpec = {
  path: ['role', 'definition', 'list'],
  summary: 'List role definitions.',
  options: [
    { dest: 'name', names: ['--name', '-n'], help: "A role's name (title, such as 'Reader') or its id." },
    { dest: 'customRoleOnly', names: ['--custom-role-only'], kind: 'flag', help: 'Custom roles only (vs. build-in ones).' },
    { dest: 'scope', names: ['--scope'], help: 'Scope at which the role definition applies to.' },
    { dest: 'resourceGroup', names: ['--resource-group', '-g'], help: 'Use it only if the role or assignment was added at the level of a resource group.' },
  ],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((d) => ({ Name: d.roleName, Type: d.roleType, Description: d.description })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const scope = buildRoleScope(args.str('resourceGroup'), args.str('scope'), sub);
    let defs = await listRoleDefinitions(session.arm(), scope, sub);
    const name = args.str('name');
    if (name) defs = defs.filter((d) => d.name === name || roleNameOf(d) === name);
    if (args.flag('customRoleOnly')) defs = defs.filter((d) => d.properties?.type === 'CustomRole');
    return defs.map(definitionShape);
  },
};
