/** `az ml datastore create --file` (Azure Blob: identity-based, account key or SAS) and `az ml datastore delete`. */
import { isAbsolute, resolve } from 'node:path';
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec, GroupSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { loadYamlFile } from '../../ml-yaml/yaml-source.js';
import { datastoreShape } from '../ml/asset-shape.js';
import { fileOption, ML_API_VERSION, mlScope, mlScopeOptions, setOption } from '../ml/ml-scope.js';
import { datastoreBody } from './datastore-body.js';
import { azureBlobDatastoreSchema, OTHER_DATASTORE_TYPES } from './datastore-schema.js';

/** A type az ml knows but Cerulean does not keep is refused at its place in the file. */
function refuseOtherTypes(file: string, cwd: string): void {
  const source = loadYamlFile(isAbsolute(file) ? file : resolve(cwd, file), file);
  const type = (source.data as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && OTHER_DATASTORE_TYPES.includes(type)) {
    throw new CliError(`${source.locate(['type'])} type: Cerulean keeps only azure_blob datastores (its storage is Azure Blob); '${type}' is not supported.`);
  }
}

const SECRET_VALUES = /("(?:key|sasToken|account_key|sas_token)"\s*:\s*")[^"]*/g;

/** `--debug` logs request bodies: the datastore's secrets are masked there like tokens and passwords. */
function hideSecretsFromDebugLog(ctx: CommandContext): void {
  const debug = ctx.log.debug.bind(ctx.log);
  ctx.log.debug = (m) => debug(m.replace(SECRET_VALUES, '$1<redacted>'));
}

export const mlDatastoreCreateCommand: CommandSpec = {
  path: ['ml', 'datastore', 'create'],
  summary: 'Create a datastore.',
  options: [
    { ...fileOption, required: true },
    { dest: 'name', names: ['--name', '-n'], help: 'Name of the datastore. Overrides the name in the YAML file.' },
    setOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    const file = args.str('file')!;
    refuseOtherTypes(file, ctx.io.cwd);
    const { spec } = loadSpec(azureBlobDatastoreSchema, { file, cwd: ctx.io.cwd, set: args.list('set'), params: { name: args.str('name') } });
    const s = await mlScope(ctx, args);
    hideSecretsFromDebugLog(ctx);
    const res = await s.arm.send({
      method: 'PUT',
      path: `${s.workspacePath}/datastores/${encodeURIComponent(spec.name)}`,
      apiVersion: ML_API_VERSION,
      body: datastoreBody(spec),
    });
    return datastoreShape(res.body);
  },
};

export const mlDatastoreDeleteCommand: CommandSpec = {
  path: ['ml', 'datastore', 'delete'],
  summary: 'Delete a datastore.',
  options: [{ dest: 'name', names: ['--name', '-n'], required: true, help: 'Name of the datastore.' }, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const path = `${s.workspacePath}/datastores/${encodeURIComponent(args.str('name')!)}`;
    // az ml reads the datastore first, so a missing one is reported rather than silently accepted.
    await s.arm.get(path, ML_API_VERSION);
    await s.arm.send({ method: 'DELETE', path, apiVersion: ML_API_VERSION });
    return undefined;
  },
};

export const mlDatastoreCommands: CommandSpec[] = [mlDatastoreCreateCommand, mlDatastoreDeleteCommand];
export const mlDatastoreGroups: GroupSpec[] = [];
