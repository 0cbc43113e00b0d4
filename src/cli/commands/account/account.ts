/** `az account show|list|set|get-access-token`. */
import type { CommandSpec } from '../../command-spec.js';
import { ARM_RESOURCE, GRAPH_RESOURCE, resourceToScope } from '../../auth/scopes.js';
import { CliError } from '../../errors.js';
import { listShape, localTimestamp, showShape } from './account-shapes.js';

const subscriptionOptions = [
  { dest: 'name', names: ['--name', '-n'], help: 'Name or ID of subscription.' },
  { dest: 'sub', names: ['--subscription', '-s'], help: 'Name or ID of subscription.' },
];

export const accountShowCommand: CommandSpec = {
  path: ['account', 'show'],
  summary: 'Get the details of a subscription.',
  options: [{ dest: 'name', names: ['--name', '-n'], help: 'Name or ID of subscription.' }],
  async run(ctx, args) {
    const session = ctx.session();
    const name = args.str('name');
    return showShape(name ? session.profile.find(name) : await session.subscription());
  },
};

export const accountListCommand: CommandSpec = {
  path: ['account', 'list'],
  summary: 'Get a list of subscriptions for the logged in account.',
  options: [
    { dest: 'all', names: ['--all'], kind: 'flag', help: 'List all subscriptions, rather just Enabled ones.' },
    { dest: 'refresh', names: ['--refresh'], kind: 'flag', help: 'Retrieve up-to-date subscriptions from server.' },
  ],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((s) => ({
      Name: s.name,
      CloudName: s.cloudName,
      SubscriptionId: s.id,
      TenantId: s.tenantId,
      State: s.state,
      IsDefault: s.isDefault,
    })),
  async run(ctx, args) {
    const session = ctx.session();
    if (session.profile.isPristine()) await session.subscription();
    const subs = session.profile.subscriptions();
    if (subs.length === 0) ctx.warn("Please run 'az login' to access your accounts.");
    return subs.filter((s) => args.flag('all') || s.state === 'Enabled').map(listShape);
  },
};

export const accountSetCommand: CommandSpec = {
  path: ['account', 'set'],
  summary: 'Set a subscription to be the current active subscription.',
  options: subscriptionOptions,
  async run(ctx, args) {
    const target = args.str('sub') ?? args.str('name') ?? ctx.globals.subscription;
    if (!target) throw new CliError('the following arguments are required: --name/--subscription/-n/-s', 2);
    const session = ctx.session();
    if (session.profile.isPristine()) await session.loginAsAdmin(true);
    // The same subscription may be listed once per signed-in account: keep the account now in use.
    const subs = session.profile.subscriptions();
    const user = (subs.find((s) => s.isDefault) ?? subs[0])?.user;
    const lower = target.toLowerCase();
    const mine = subs.find((s) => s.user.name === user?.name && s.user.type === user?.type && (s.id.toLowerCase() === lower || s.name.toLowerCase() === lower));
    if (!mine) {
      session.profile.setDefault(target);
      return undefined;
    }
    session.profile.save(subs.map((s) => ({ ...s, isDefault: s === mine })));
    return undefined;
  },
};

const RESOURCE_TYPES: Record<string, string> = {
  arm: ARM_RESOURCE,
  'ms-graph': GRAPH_RESOURCE,
  'aad-graph': 'https://graph.windows.net/',
  batch: 'https://batch.core.windows.net/',
  'data-lake': 'https://datalake.azure.net/',
  media: 'https://rest.media.azure.net',
  'oss-rdbms': 'https://ossrdbms-aad.database.windows.net',
};

export const getAccessTokenCommand: CommandSpec = {
  path: ['account', 'get-access-token'],
  summary: 'Get a token for utilities to access Azure.',
  options: [
    { dest: 'resource', names: ['--resource'], help: 'Azure resource endpoints in AAD v1.0.' },
    { dest: 'scope', names: ['--scope'], kind: 'list', help: 'Space-separated AAD scopes in AAD v2.0.' },
    { dest: 'resourceType', names: ['--resource-type'], choices: Object.keys(RESOURCE_TYPES), help: 'Type of well-known resource.' },
    { dest: 'tenant', names: ['--tenant', '-t'], help: 'Tenant ID for which the token is acquired.' },
  ],
  async run(ctx, args) {
    const given = ['resource', 'scope', 'resourceType'].filter((d) => args.has(d));
    if (given.length > 1) throw new CliError('usage error: --resource, --scope, --resource-type are mutually exclusive', 2);
    const scopes = args.list('scope');
    const resourceType = args.str('resourceType');
    const scope = scopes
      ? scopes.join(' ')
      : resourceToScope(args.str('resource') ?? (resourceType ? RESOURCE_TYPES[resourceType] : ARM_RESOURCE));
    const session = ctx.session();
    const sub = await session.subscription();
    const tenant = args.str('tenant');
    if (tenant && tenant.toLowerCase() !== sub.tenantId.toLowerCase()) {
      throw new CliError(`Tenant '${tenant}' is not the tenant of the signed-in account (${sub.tenantId}).`);
    }
    const account = sub;
    const token = await session.credentials.getToken(account, scope);
    return {
      accessToken: token.accessToken,
      expiresOn: localTimestamp(token.expiresOn),
      expires_on: token.expiresOn,
      subscription: sub.id,
      tenant: account.tenantId,
      tokenType: 'Bearer',
    };
  },
};
