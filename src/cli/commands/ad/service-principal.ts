/** `az ad sp show|list|delete` (Microsoft Graph v1.0; objects printed as Graph returns them). */
import { isGuid } from '../../../shared/ids.js';
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { GraphClient } from '../../http/graph-client.js';

export const LIST_INCOMPLETE_WARNING =
  "The result is not complete. You can still use '--all' to get all of them with long latency expected, or provide a filter through command arguments";

/** az's _resolve_service_principal: by servicePrincipalName (appId or name), else an object id. */
export async function resolveServicePrincipalId(graph: GraphClient, identifier: string): Promise<string> {
  const hits = await graph.list('/servicePrincipals', { $filter: `servicePrincipalNames/any(c:c eq '${identifier}')` }, false);
  if (hits.length > 0) return String(hits[0].id);
  if (isGuid(identifier)) return identifier;
  throw new CliError(`Service principal '${identifier}' doesn't exist`, 3);
}

export const spShowCommand: CommandSpec = {
  path: ['ad', 'sp', 'show'],
  summary: 'Get the details of a service principal.',
  options: [{ dest: 'id', names: ['--id'], required: true, help: 'Service principal name, or object id.' }],
  async run(ctx, args) {
    const graph = ctx.session().graph();
    const oid = await resolveServicePrincipalId(graph, args.str('id')!);
    return graph.send('GET', `/servicePrincipals/${oid}`);
  },
};

export const spListCommand: CommandSpec = {
  path: ['ad', 'sp', 'list'],
  summary: 'List service principals.',
  options: [
    { dest: 'displayName', names: ['--display-name'], help: "Object's display name or its prefix." },
    { dest: 'spn', names: ['--spn'], help: 'Service principal name.' },
    { dest: 'filter', names: ['--filter'], help: 'OData filter, e.g. --filter "displayname eq \'test\' and servicePrincipalType eq \'Application\'"' },
    { dest: 'showMine', names: ['--show-mine'], kind: 'flag', help: 'List entities owned by the current user.' },
    { dest: 'all', names: ['--all'], kind: 'flag', help: 'List all entities, expect long delay if under a big organization.' },
  ],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((s) => ({ DisplayName: s.displayName, Id: s.id, AppId: s.appId, CreatedDateTime: s.createdDateTime ?? null })),
  async run(ctx, args) {
    const graph = ctx.session().graph();
    const filters: string[] = [];
    if (args.str('spn')) filters.push(`servicePrincipalNames/any(c:c eq '${args.str('spn')}')`);
    if (args.str('displayName')) filters.push(`startswith(displayName,'${args.str('displayName')}')`);
    if (args.str('filter')) filters.push(args.str('filter')!);
    if (args.flag('showMine')) return graph.list('/me/ownedObjects/microsoft.graph.servicePrincipal');
    if (filters.length === 0 && !args.flag('all')) ctx.warn(LIST_INCOMPLETE_WARNING);
    return graph.list('/servicePrincipals', { $filter: filters.length ? filters.join(' and ') : undefined }, args.flag('all') || filters.length > 0);
  },
};

export const spDeleteCommand: CommandSpec = {
  path: ['ad', 'sp', 'delete'],
  summary: 'Delete a service principal.',
  options: [{ dest: 'id', names: ['--id'], required: true, help: 'Service principal name, or object id.' }],
  async run(ctx, args) {
    const graph = ctx.session().graph();
    const oid = await resolveServicePrincipalId(graph, args.str('id')!);
    await graph.send('DELETE', `/servicePrincipals/${oid}`);
    return undefined;
  },
};
