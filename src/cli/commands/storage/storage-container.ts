/** `az storage container create|list|show|delete` (Blob data plane). */
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { BlobServiceError } from './blob-errors.js';
import { containerFromHeaders, containerFromXml } from './blob-shapes.js';
import { xmlElements, xmlText } from './blob-xml.js';
import { blobClientFor, dataPlaneOptions } from './storage-auth.js';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], required: true, help: 'The container name.' };

function metadataHeaders(items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const i = item.indexOf('=');
    if (i > 0) out[`x-ms-meta-${item.slice(0, i)}`] = item.slice(i + 1);
  }
  return out;
}

export const storageContainerCreateCommand: CommandSpec = {
  path: ['storage', 'container', 'create'],
  summary: 'Create a container in a storage account.',
  options: [
    nameOption,
    ...dataPlaneOptions,
    { dest: 'publicAccess', names: ['--public-access'], choices: ['blob', 'container', 'off'], help: 'Specifies whether data in the container may be accessed publicly.' },
    { dest: 'metadata', names: ['--metadata'], kind: 'list', help: 'Metadata in space-separated key=value pairs.' },
    { dest: 'failOnExist', names: ['--fail-on-exist'], kind: 'flag', help: 'Throw an exception if the container already exists.' },
  ],
  async run(ctx, args) {
    const client = await blobClientFor(ctx, args);
    const headers = metadataHeaders(args.list('metadata'));
    const access = args.str('publicAccess');
    if (access && access !== 'off') headers['x-ms-blob-public-access'] = access;
    try {
      await client.call('PUT', { container: args.str('name')!, query: { restype: 'container' }, headers });
      return { created: true };
    } catch (e) {
      if (e instanceof BlobServiceError && e.code === 'ContainerAlreadyExists' && !args.flag('failOnExist')) return { created: false };
      throw e;
    }
  },
};

export const storageContainerShowCommand: CommandSpec = {
  path: ['storage', 'container', 'show'],
  summary: 'Return all user-defined metadata and system properties for the specified container.',
  options: [nameOption, ...dataPlaneOptions],
  async run(ctx, args) {
    const client = await blobClientFor(ctx, args);
    const res = await client.text('GET', { container: args.str('name')!, query: { restype: 'container' } });
    return containerFromHeaders(args.str('name')!, res.headers);
  },
};

export const storageContainerListCommand: CommandSpec = {
  path: ['storage', 'container', 'list'],
  summary: 'List containers in a storage account.',
  options: [
    ...dataPlaneOptions,
    { dest: 'prefix', names: ['--prefix'], help: 'Filter the results to return only containers whose names begin with the specified prefix.' },
    { dest: 'numResults', names: ['--num-results'], help: 'Specify the maximum number to return.' },
    { dest: 'includeMetadata', names: ['--include-metadata'], kind: 'flag', help: 'Specify that container metadata to be returned in the response.' },
  ],
  tableTransform: (r) => (r as Array<Record<string, any>>).map((c) => ({ Name: c.name, 'Lease Status': c.properties?.lease?.status, 'Last Modified': c.properties?.lastModified })),
  async run(ctx, args) {
    const client = await blobClientFor(ctx, args);
    const limit = args.str('numResults') ? Number(args.str('numResults')) : Infinity;
    const out: Record<string, unknown>[] = [];
    let marker: string | undefined;
    do {
      const res = await client.text('GET', {
        query: { comp: 'list', prefix: args.str('prefix'), marker, include: args.flag('includeMetadata') ? 'metadata' : undefined },
      });
      for (const c of xmlElements(res.text, 'Container')) if (out.length < limit) out.push(containerFromXml(c));
      marker = xmlText(res.text, 'NextMarker') || undefined;
    } while (marker && out.length < limit);
    return out;
  },
};

export const storageContainerDeleteCommand: CommandSpec = {
  path: ['storage', 'container', 'delete'],
  summary: 'Mark the specified container for deletion.',
  options: [nameOption, ...dataPlaneOptions, { dest: 'failNotExist', names: ['--fail-not-exist'], kind: 'flag', help: 'Throw an exception if the container does not exist.' }],
  async run(ctx, args) {
    const client = await blobClientFor(ctx, args);
    try {
      await client.text('DELETE', { container: args.str('name')!, query: { restype: 'container' } });
      return { deleted: true };
    } catch (e) {
      if (e instanceof BlobServiceError && e.code === 'ContainerNotFound' && !args.flag('failNotExist')) return { deleted: false };
      throw e;
    }
  },
};
