/** `az storage account create|show|list|delete` and `az storage account keys list` (Microsoft.Storage 2023-01-01). */
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { locationOption, resourceGroupOption } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { parseTags } from '../group/tags.js';
import { accountPath, findAccountId, listAccountKeys, STORAGE_API_VERSION } from './account-lookup.js';
import { storageAccountShape } from './account-shape.js';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], required: true, help: 'The storage account name.' };
const SKUS = ['Premium_LRS', 'Premium_ZRS', 'Standard_GRS', 'Standard_GZRS', 'Standard_LRS', 'Standard_RAGRS', 'Standard_RAGZRS', 'Standard_ZRS'];

export const storageAccountCreateCommand: CommandSpec = {
  path: ['storage', 'account', 'create'],
  summary: 'Create a storage account.',
  options: [
    nameOption,
    { ...resourceGroupOption, required: true },
    locationOption,
    { dest: 'sku', names: ['--sku'], choices: SKUS, help: 'The storage account SKU. Default: Standard_RAGRS.' },
    { dest: 'kind', names: ['--kind'], choices: ['BlobStorage', 'BlockBlobStorage', 'FileStorage', 'Storage', 'StorageV2'], help: 'Indicate the type of storage account. Default: StorageV2.' },
    { dest: 'accessTier', names: ['--access-tier'], choices: ['Cool', 'Hot', 'Premium'], help: 'The access tier used for billing StandardBlob accounts.' },
    { dest: 'minTlsVersion', names: ['--min-tls-version'], choices: ['TLS1_0', 'TLS1_1', 'TLS1_2'], help: 'The minimum TLS version to be permitted on requests to storage.' },
    { dest: 'allowBlobPublicAccess', names: ['--allow-blob-public-access'], choices: ['true', 'false'], help: 'Allow or disallow public access to all blobs or containers in the storage account.' },
    { dest: 'allowSharedKeyAccess', names: ['--allow-shared-key-access', '-k'], choices: ['true', 'false'], help: 'Indicate whether the storage account permits requests to be authorized with the account access key via Shared Key.' },
    { dest: 'httpsOnly', names: ['--https-only'], choices: ['true', 'false'], help: 'Allow https traffic only to storage service if set to true.' },
    { dest: 'tags', names: ['--tags'], kind: 'list', help: "Space-separated tags: key[=value] [key[=value] ...]. Use '' to clear existing tags." },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const group = args.str('resourceGroup')!;
    let location = args.str('location');
    if (!location) {
      const rg = (await session.arm().get(`/subscriptions/${sub}/resourcegroups/${encodeURIComponent(group)}`, '2021-04-01')) as { location?: string };
      location = rg.location;
    }
    if (!location) throw new CliError('the following arguments are required: --location/-l', 2);
    const properties: Record<string, unknown> = {
      encryption: { services: { blob: { enabled: true }, file: { enabled: true } }, keySource: 'Microsoft.Storage' },
    };
    if (args.str('accessTier')) properties.accessTier = args.str('accessTier');
    if (args.str('minTlsVersion')) properties.minimumTlsVersion = args.str('minTlsVersion');
    if (args.str('allowBlobPublicAccess')) properties.allowBlobPublicAccess = args.str('allowBlobPublicAccess') === 'true';
    if (args.str('allowSharedKeyAccess')) properties.allowSharedKeyAccess = args.str('allowSharedKeyAccess') === 'true';
    if (args.str('httpsOnly')) properties.supportsHttpsTrafficOnly = args.str('httpsOnly') === 'true';
    const body: Record<string, unknown> = {
      sku: { name: args.str('sku') ?? 'Standard_RAGRS' },
      kind: args.str('kind') ?? 'StorageV2',
      location,
      properties,
    };
    const tags = parseTags(args.list('tags'));
    if (tags) body.tags = tags;
    const arm = session.arm();
    const req = { method: 'PUT', path: accountPath(sub, group, args.str('name')!), apiVersion: STORAGE_API_VERSION, body };
    const first = await arm.send(req);
    const done = await arm.waitForCompletion(first, req);
    const result = done.body ?? (await arm.get(req.path, STORAGE_API_VERSION));
    return storageAccountShape(result);
  },
};

export const storageAccountShowCommand: CommandSpec = {
  path: ['storage', 'account', 'show'],
  summary: 'Show storage account properties.',
  options: [nameOption, resourceGroupOption],
  async run(ctx, args) {
    const session = ctx.session();
    const id = await findAccountId(session, args.str('name')!, args.str('resourceGroup'));
    return storageAccountShape(await session.arm().get(id, STORAGE_API_VERSION));
  },
};

export const storageAccountListCommand: CommandSpec = {
  path: ['storage', 'account', 'list'],
  summary: 'List storage accounts.',
  options: [resourceGroupOption],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((a) => ({
      AccessTier: a.accessTier,
      CreationTime: a.creationTime,
      Kind: a.kind,
      Location: a.location,
      Name: a.name,
      PrimaryLocation: a.primaryLocation,
      ProvisioningState: a.provisioningState,
      ResourceGroup: a.resourceGroup,
      StatusOfPrimary: a.statusOfPrimary,
    })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const rg = args.str('resourceGroup');
    const path = rg
      ? `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}/providers/Microsoft.Storage/storageAccounts`
      : `/subscriptions/${sub}/providers/Microsoft.Storage/storageAccounts`;
    return (await session.arm().list(path, STORAGE_API_VERSION)).map(storageAccountShape);
  },
};

export const storageAccountDeleteCommand: CommandSpec = {
  path: ['storage', 'account', 'delete'],
  summary: 'Delete a storage account.',
  options: [nameOption, resourceGroupOption, { dest: 'yes', names: ['--yes', '-y'], kind: 'flag', help: 'Do not prompt for confirmation.' }],
  async run(ctx, args) {
    if (!(await ctx.confirm('The storage account will be deleted. Are you sure you want to perform this operation?', args.flag('yes')))) return undefined;
    const session = ctx.session();
    const id = await findAccountId(session, args.str('name')!, args.str('resourceGroup'));
    await session.arm().send({ method: 'DELETE', path: id, apiVersion: STORAGE_API_VERSION });
    return undefined;
  },
};

export const storageAccountKeysListCommand: CommandSpec = {
  path: ['storage', 'account', 'keys', 'list'],
  summary: 'List the access keys or Kerberos keys (if active directory enabled) for a storage account.',
  options: [
    { ...nameOption, names: ['--account-name', '-n'] },
    resourceGroupOption,
    { dest: 'expandKey', names: ['--expand-key-type'], choices: ['kerb'], help: 'Specify the expanded key types to be listed.' },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const id = await findAccountId(session, args.str('name')!, args.str('resourceGroup'));
    return (await listAccountKeys(session, id)).map((k) => ({ creationTime: k.creationTime ?? null, keyName: k.keyName, permissions: k.permissions ?? null, value: k.value }));
  },
};
