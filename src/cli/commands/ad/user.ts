/** `az ad user create|show|list|delete` and `az ad signed-in-user show` (Microsoft Graph v1.0). */
import type { CommandSpec } from '../../command-spec.js';

const userTable = (r: unknown) =>
  (Array.isArray(r) ? r : [r]).map((u: Record<string, unknown>) => ({
    DisplayName: u.displayName,
    UserPrincipalName: u.userPrincipalName,
    Id: u.id,
  }));

export const userCreateCommand: CommandSpec = {
  path: ['ad', 'user', 'create'],
  summary: 'Create an Azure Active Directory user.',
  options: [
    { dest: 'displayName', names: ['--display-name'], required: true, help: "Object's display name or its prefix." },
    { dest: 'upn', names: ['--user-principal-name'], required: true, help: "The user principal name (someuser@contoso.com)." },
    { dest: 'password', names: ['--password'], required: true, help: 'The password that should be assigned to the user for authentication.' },
    { dest: 'mailNickname', names: ['--mail-nickname'], help: 'Mail alias. Defaults to user principal name.' },
    { dest: 'forceChange', names: ['--force-change-password-next-sign-in'], kind: 'flag', help: 'Require the user to change their password the next time they sign in.' },
  ],
  async run(ctx, args) {
    const upn = args.str('upn')!;
    return ctx.session().graph().send('POST', '/users', {
      accountEnabled: true,
      displayName: args.str('displayName'),
      userPrincipalName: upn,
      mailNickname: args.str('mailNickname') ?? upn.split('@')[0],
      passwordProfile: { password: args.str('password'), forceChangePasswordNextSignIn: args.flag('forceChange') },
    });
  },
};

export const userShowCommand: CommandSpec = {
  path: ['ad', 'user', 'show'],
  summary: 'Get the details of a user.',
  options: [{ dest: 'id', names: ['--id'], required: true, help: 'User principal name or object id.' }],
  async run(ctx, args) {
    return ctx.session().graph().send('GET', `/users/${encodeURIComponent(args.str('id')!)}`);
  },
};

export const userListCommand: CommandSpec = {
  path: ['ad', 'user', 'list'],
  summary: 'List users.',
  options: [
    { dest: 'displayName', names: ['--display-name'], help: "Object's display name or its prefix." },
    { dest: 'upn', names: ['--upn'], help: 'User principal name.' },
    { dest: 'filter', names: ['--filter'], help: 'OData filter.' },
  ],
  tableTransform: userTable,
  async run(ctx, args) {
    const filters: string[] = [];
    if (args.str('upn')) filters.push(`userPrincipalName eq '${args.str('upn')}'`);
    if (args.str('displayName')) filters.push(`startswith(displayName,'${args.str('displayName')}')`);
    if (args.str('filter')) filters.push(args.str('filter')!);
    return ctx.session().graph().list('/users', { $filter: filters.length ? filters.join(' and ') : undefined });
  },
};

export const userDeleteCommand: CommandSpec = {
  path: ['ad', 'user', 'delete'],
  summary: 'Delete a user.',
  options: [{ dest: 'id', names: ['--id'], required: true, help: 'User principal name or object id.' }],
  async run(ctx, args) {
    await ctx.session().graph().send('DELETE', `/users/${encodeURIComponent(args.str('id')!)}`);
    return undefined;
  },
};

export const signedInUserShowCommand: CommandSpec = {
  path: ['ad', 'signed-in-user', 'show'],
  summary: 'Get the details for the currently logged-in user.',
  options: [],
  async run(ctx) {
    return ctx.session().graph().send('GET', '/me');
  },
};
