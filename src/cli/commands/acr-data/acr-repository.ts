/** `az acr repository list` (`/v2/_catalog`) and `show-tags` (ACR's `/acr/v1/<repo>/_tags`), over ACR tokens. */
import type { CommandSpec } from '../../command-spec.js';
import { registryNameOption } from './acr-login.js';
import { registryCredentials } from './registry-credentials.js';
import { listFromRegistry, RegistryError } from './registry-data.js';

const ORDERBY: Record<string, string> = { time_asc: 'timeasc', time_desc: 'timedesc' };

const credentialOptions = [
  { dest: 'suffix', names: ['--suffix'], help: 'The tenant suffix in registry login server.' },
  { dest: 'username', names: ['--username', '-u'], help: 'The username used to log into a container registry.' },
  { dest: 'password', names: ['--password', '-p'], help: 'The password used to log into a container registry.' },
];

function topOf(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : Number.parseInt(raw, 10);
}

export const acrRepositoryListCommand: CommandSpec = {
  path: ['acr', 'repository', 'list'],
  summary: 'List repositories in an Azure Container Registry.',
  options: [registryNameOption, { dest: 'top', names: ['--top'], help: 'Limit the number of items in the results.' }, ...credentialOptions],
  tableTransform: (r) => (r as string[]).map((x) => ({ Result: x })),
  async run(ctx, args) {
    const creds = await registryCredentials(ctx, args.str('name')!, 'registry:catalog:*');
    return listFromRegistry(ctx, creds, '/v2/_catalog', 'repositories', { top: topOf(args.str('top')) });
  },
};

export const acrRepositoryShowTagsCommand: CommandSpec = {
  path: ['acr', 'repository', 'show-tags'],
  summary: 'Show tags for a repository in an Azure Container Registry.',
  options: [
    registryNameOption,
    { dest: 'repository', names: ['--repository'], required: true, help: 'The name of the repository.' },
    { dest: 'top', names: ['--top'], help: 'Limit the number of items in the results.' },
    { dest: 'orderby', names: ['--orderby'], choices: ['time_asc', 'time_desc'], help: 'Order the items in the results. Default to alphabetical order of names.' },
    { dest: 'detail', names: ['--detail'], kind: 'flag', help: 'Show detailed information.' },
    ...credentialOptions,
  ],
  tableTransform: (r) => (r as unknown[]).map((x) => (typeof x === 'string' ? { Result: x } : x)),
  async run(ctx, args) {
    const repository = args.str('repository')!;
    const creds = await registryCredentials(ctx, args.str('name')!, `repository:${repository}:metadata_read`);
    let raw: unknown[];
    try {
      raw = await listFromRegistry(ctx, creds, `/acr/v1/${repository}/_tags`, 'tags', { top: topOf(args.str('top')), orderby: ORDERBY[args.str('orderby') ?? ''] });
    } catch (e) {
      if (!(e instanceof RegistryError && e.status === 405)) throw e;
      raw = await listFromRegistry(ctx, creds, `/v2/${repository}/tags/list`, 'tags');
      return raw;
    }
    return args.flag('detail') ? raw : raw.map((t) => (t as { name?: unknown }).name);
  },
};
