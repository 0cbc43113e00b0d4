/** `az login` and `az logout`. */
import type { CommandSpec } from '../../command-spec.js';
import { loginServicePrincipal, loginUser } from '../../auth/login-flow.js';
import { CliError } from '../../errors.js';
import { listShape } from './account-shapes.js';

export const loginCommand: CommandSpec = {
  path: ['login'],
  summary: "Log in to Cerulean's Azure (with no arguments: as the platform's admin).",
  options: [
    { dest: 'username', names: ['--username', '-u'], help: 'User name, service principal (appId).' },
    { dest: 'password', names: ['--password', '-p'], help: 'Credentials like user password, or for a service principal, a client secret.' },
    { dest: 'tenant', names: ['--tenant', '-t'], help: 'The AAD tenant, must be provided when using a service principal.' },
    { dest: 'servicePrincipal', names: ['--service-principal'], kind: 'flag', help: 'The credential representing a service principal.' },
    { dest: 'allowNoSubscriptions', names: ['--allow-no-subscriptions'], kind: 'flag', help: 'Support access tenants without subscriptions.' },
    { dest: 'identity', names: ['--identity'], kind: 'flag', help: 'Log in using a managed identity (inside a workload only).' },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const allowNoSubscriptions = args.flag('allowNoSubscriptions');
    if (args.flag('identity')) {
      throw new CliError(
        "`az login --identity` needs a workload's managed-identity endpoint; run it with the real az inside a Cerulean workload (cerulean exec, a deployment or a compute instance).",
      );
    }
    const username = args.str('username');
    let password = args.str('password');
    if (args.flag('servicePrincipal')) {
      const tenant = args.str('tenant');
      if (!username || !password || !tenant) {
        throw new CliError('usage error: --service-principal --username NAME --password SECRET --tenant TENANT', 2);
      }
      const subs = await loginServicePrincipal(session.loginDeps(), { appId: username, secret: password, tenant, allowNoSubscriptions });
      return subs.map(listShape);
    }
    if (!username) {
      if (password) throw new CliError('usage error: --username NAME --password SECRET', 2);
      return (await session.loginAsAdmin(allowNoSubscriptions)).map(listShape);
    }
    if (!password) {
      if (!ctx.io.prompt) throw new CliError('Please specify both username and password in non-interactive mode.');
      password = (await ctx.io.prompt('Password: ')) ?? '';
    }
    const subs = await loginUser(session.loginDeps(), { username, password, tenant: args.str('tenant'), allowNoSubscriptions });
    return subs.map(listShape);
  },
};

export const logoutCommand: CommandSpec = {
  path: ['logout'],
  summary: 'Log out to remove access to Azure subscriptions.',
  options: [{ dest: 'username', names: ['--username'], help: 'Account user, if missing, logout the current active account.' }],
  async run(ctx, args) {
    const session = ctx.session();
    const subs = session.profile.subscriptions();
    const name = args.str('username') ?? (subs.find((s) => s.isDefault) ?? subs[0])?.user.name;
    if (!name) throw new CliError('There are no active accounts.');
    if (!session.profile.removeUser(name)) throw new CliError(`User ${name} is not logged in`);
    session.cache.removeAccountsOf(name);
    return undefined;
  },
};
