/** `az ml datastore show|list`, and the workspace default datastore's account key for uploads. */
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { datastoreShape } from './asset-shape.js';
import { ML_API_VERSION, mlScope, mlScopeOptions, type MlScope } from './ml-scope.js';

export const mlDatastoreShowCommand: CommandSpec = {
  path: ['ml', 'datastore', 'show'],
  summary: 'Show details for a datastore.',
  options: [{ dest: 'name', names: ['--name', '-n'], required: true, help: 'Name of the datastore.' }, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    return datastoreShape(await s.arm.get(`${s.workspacePath}/datastores/${encodeURIComponent(args.str('name')!)}`, ML_API_VERSION));
  },
};

export const mlDatastoreListCommand: CommandSpec = {
  path: ['ml', 'datastore', 'list'],
  summary: 'List datastores in a workspace.',
  options: [...mlScopeOptions, { dest: 'maxResults', names: ['--max-results', '-r'], help: 'Max number of results to return.' }],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((d) => ({ Name: d.name, Type: d.type, 'Account name': d.account_name, 'Container name': d.container_name })),
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const items = (await s.arm.list(`${s.workspacePath}/datastores`, ML_API_VERSION)).map(datastoreShape);
    const max = Number(args.str('maxResults') ?? Infinity);
    return items.slice(0, Number.isFinite(max) ? max : undefined);
  },
};

export interface DefaultDatastore {
  name: string;
  id: string;
  accountName: string;
  containerName: string;
  endpoint: string;
  key: string;
}

/** The workspace's default blob datastore and its account key (`listSecrets`), where local assets are uploaded. */
export async function defaultDatastore(s: MlScope): Promise<DefaultDatastore> {
  const items = await s.arm.list(`${s.workspacePath}/datastores`, ML_API_VERSION, { isDefault: 'true' });
  const d = (items[0] ?? (await s.arm.get(`${s.workspacePath}/datastores/workspaceblobstore`, ML_API_VERSION))) as Record<string, unknown>;
  const p = (d.properties ?? {}) as Record<string, unknown>;
  const secrets = (await s.arm.send({ method: 'POST', path: `${String(d.id)}/listSecrets`, apiVersion: ML_API_VERSION })).body as { key?: string } | undefined;
  if (!secrets?.key) throw new CliError(`The default datastore '${String(d.name)}' of workspace '${s.workspace}' has no account key to upload with.`);
  return {
    name: String(d.name),
    id: String(d.id),
    accountName: String(p.accountName),
    containerName: String(p.containerName),
    endpoint: String(p.endpoint ?? 'core.windows.net'),
    key: secrets.key,
  };
}
