/**
 * `az ad sp create-for-rbac`: an application (reused when one has the display name), a password, its
 * service principal, then optional role assignments, printing `{appId, displayName, password, tenant}`.
 */
import type { CommandSpec } from '../../command-spec.js';
import { CliError, ServiceError } from '../../errors.js';
import { assignmentsPath } from '../role/assignment-search.js';
import { AUTHORIZATION_API_VERSION, resolveRoleId } from '../role/role-definitions.js';

const CREDENTIALS_WARNING =
  'The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli';

function defaultDisplayName(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `azure-cli-${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

export const createForRbacCommand: CommandSpec = {
  path: ['ad', 'sp', 'create-for-rbac'],
  summary: 'Create an application and its service principal, optionally with role assignments.',
  options: [
    { dest: 'name', names: ['--display-name', '--name', '-n'], help: 'Display name of the service principal.' },
    { dest: 'role', names: ['--role'], help: 'Role of the service principal.' },
    { dest: 'scopes', names: ['--scopes'], kind: 'list', help: 'Space-separated list of scopes the role assignment applies to.' },
    { dest: 'years', names: ['--years'], help: 'Number of years for which the credentials will be valid. Default: 1 year.' },
  ],
  async run(ctx, args) {
    const role = args.str('role');
    const scopes = args.list('scopes');
    if (!!role !== !!scopes) throw new CliError('usage error: To create role assignments, specify both --role and --scopes.');
    const session = ctx.session();
    const graph = session.graph();
    const sub = await session.subscription();
    const displayName = args.str('name') ?? defaultDisplayName(ctx.io.now());

    const existing = await graph.list('/applications', { $filter: `displayName eq '${displayName}'` });
    if (existing.length > 1) throw new CliError(`More than one application have the same display name '${displayName}', please use a different display name.`);
    let app = existing[0];
    if (app) ctx.warn(`Found an existing application instance: (id) ${String(app.id)}. We will patch it.`);
    else app = (await graph.send('POST', '/applications', { displayName })) as Record<string, unknown>;

    const years = Number(args.str('years') ?? '1');
    const start = new Date(ctx.io.now());
    const end = new Date(start.getTime());
    end.setUTCFullYear(end.getUTCFullYear() + (Number.isFinite(years) && years > 0 ? years : 1));
    const credential = (await graph.send('POST', `/applications/${String(app.id)}/addPassword`, {
      passwordCredential: { displayName: 'rbac', startDateTime: start.toISOString(), endDateTime: end.toISOString() },
    })) as { secretText?: string };

    const appId = String(app.appId);
    const sps = await graph.list('/servicePrincipals', { $filter: `appId eq '${appId}'` });
    const sp = sps[0] ?? ((await graph.send('POST', '/servicePrincipals', { appId })) as Record<string, unknown>);

    if (role && scopes) {
      const arm = session.arm();
      for (const scope of scopes) {
        const roleId = await resolveRoleId(arm, role, scope, sub.id, (m) => ctx.warn(m));
        ctx.warn(`Creating '${role}' role assignment under scope '${scope}'`);
        await assignWithRetry(ctx.io.sleep, () =>
          arm.send({
            method: 'PUT',
            path: `${assignmentsPath(scope)}/${ctx.io.newId()}`,
            apiVersion: AUTHORIZATION_API_VERSION,
            body: { properties: { roleDefinitionId: roleId, principalId: String(sp.id), principalType: 'ServicePrincipal' } },
          }),
        ).catch((e) => {
          if (e instanceof ServiceError && e.status === 409 && e.serviceMessage.includes('role assignment already exists')) {
            ctx.warn('  Role assignment already exists.');
            return;
          }
          throw e;
        });
      }
    }
    ctx.warn(CREDENTIALS_WARNING);
    return { appId, displayName, password: credential.secretText ?? null, tenant: sub.tenantId };
  },
};

/** Retries while the new principal is not yet visible (PrincipalNotFound), as az does. */
async function assignWithRetry(sleep: (ms: number) => Promise<void>, put: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await put();
      return;
    } catch (e) {
      if (!(e instanceof ServiceError && e.code === 'PrincipalNotFound' && attempt < 10)) throw e;
      await sleep(1000);
    }
  }
}
