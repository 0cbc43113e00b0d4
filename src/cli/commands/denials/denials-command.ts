/**
 * `cerulean denials [--scope S | -g RG] [--principal P] [--top N]`: the platform's denial log, read through
 * `GET {scope}/providers/Cerulean.Authorization/denials` with the signed-in account's token, newest first.
 * `--principal` takes an object id, a user principal name or an application (client) id, resolved through
 * Microsoft Graph as `az role assignment --assignee` does.
 */
import type { CommandSpec } from '../../command-spec.js';
import { CliError, UsageError } from '../../errors.js';
import { resolveAssignee } from '../role/assignees.js';
import { denialsTable } from './denials-table.js';

export const DENIALS_API_VERSION = '2026-01-01';

/** The denials collection path of a scope (`/subscriptions/…`, with or without a leading or trailing slash). */
export function denialsPath(scope: string): string {
  const s = '/' + scope.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  return `${s}/providers/Cerulean.Authorization/denials`;
}

export function parseTop(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`argument --top: invalid positive integer value: '${value}'`);
  return n;
}

export const denialsCommand: CommandSpec = {
  path: ['denials'],
  summary: "List the platform's authorization denials at a scope and below it, newest first.",
  options: [
    { dest: 'scope', names: ['--scope'], help: 'Subscription, resource group or resource id. Default: the current subscription.' },
    { dest: 'resourceGroup', names: ['--resource-group', '-g'], help: 'Resource group of the current subscription (instead of --scope).' },
    { dest: 'principal', names: ['--principal'], help: 'Only denials of this principal: object id, user sign-in name or application (client) id.' },
    { dest: 'top', names: ['--top'], help: 'At most this many denials.' },
  ],
  tableTransform: denialsTable,
  async run(ctx, args) {
    const top = parseTop(args.str('top'));
    const scopeArg = args.str('scope');
    const group = args.str('resourceGroup');
    if (scopeArg && group) throw new CliError(`Resource group "${group}" is redundant because scope is supplied`);
    const session = ctx.session();
    let scope = scopeArg;
    if (!scope) {
      const sub = await session.subscriptionId();
      scope = group ? `/subscriptions/${sub}/resourceGroups/${group}` : `/subscriptions/${sub}`;
    }
    const principal = args.str('principal');
    const objectId = principal ? (await resolveAssignee(session.graph(), principal, true, (m) => ctx.warn(m))).objectId : undefined;
    const query: Record<string, string | undefined> = {
      $filter: objectId ? `principalId eq '${objectId.replace(/'/g, "''")}'` : undefined,
      $top: top === undefined ? undefined : String(top),
    };
    return session.arm().list(denialsPath(scope), DENIALS_API_VERSION, query);
  },
};
