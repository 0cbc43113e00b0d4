/** `az storage blob upload|download|list|show|delete` (Blob data plane). */
import { isAbsolute, resolve } from 'node:path';
import type { CommandSpec, OptionSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { BLOB_SERVICE_VERSION } from './blob-client.js';
import { blobFieldsFromHeaders, blobFieldsFromXml, blobShape, isoDate } from './blob-shapes.js';
import { downloadToFile, uploadFile } from './blob-transfer.js';
import { xmlElements, xmlText } from './blob-xml.js';
import { blobClientFor, dataPlaneOptions } from './storage-auth.js';

const containerOption: OptionSpec = { dest: 'container', names: ['--container-name', '-c'], required: true, help: 'The container name.' };
const blobName: OptionSpec = { dest: 'name', names: ['--name', '-n'], required: true, help: 'The blob name.' };
const fileOption: OptionSpec = { dest: 'file', names: ['--file', '-f'], required: true, help: 'Path of the file.' };

function localPath(cwd: string, file: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}

export const storageBlobUploadCommand: CommandSpec = {
  path: ['storage', 'blob', 'upload'],
  summary: 'Upload a file to a storage blob.',
  options: [
    containerOption,
    { ...blobName, required: false },
    fileOption,
    ...dataPlaneOptions,
    { dest: 'overwrite', names: ['--overwrite'], kind: 'flag', help: 'Whether the blob to be uploaded should overwrite the current data.' },
    { dest: 'contentType', names: ['--content-type'], help: 'The content type of the blob.' },
    { dest: 'noProgress', names: ['--no-progress'], kind: 'flag', help: 'Include this flag to disable progress reporting for the command.' },
  ],
  async run(ctx, args) {
    const file = args.str('file')!;
    const name = args.str('name') ?? file.split(/[\\/]/).pop()!;
    const client = await blobClientFor(ctx, args);
    const h = await uploadFile(client, args.str('container')!, name, localPath(ctx.io.cwd, file), {
      overwrite: args.flag('overwrite'),
      contentType: args.str('contentType'),
      stderr: args.flag('noProgress') ? undefined : ctx.io.stderr,
    });
    return {
      client_request_id: h['x-ms-client-request-id'] ?? null,
      content_md5: h['content-md5'] ?? null,
      date: isoDate(h.date),
      encryption_key_sha256: null,
      encryption_scope: null,
      etag: h.etag ?? null,
      lastModified: isoDate(h['last-modified']),
      request_id: h['x-ms-request-id'] ?? null,
      request_server_encrypted: h['x-ms-request-server-encrypted'] === undefined ? null : h['x-ms-request-server-encrypted'] === 'true',
      version: h['x-ms-version'] ?? BLOB_SERVICE_VERSION,
      version_id: h['x-ms-version-id'] ?? null,
    };
  },
};

export const storageBlobDownloadCommand: CommandSpec = {
  path: ['storage', 'blob', 'download'],
  summary: 'Download a blob to a file path.',
  options: [
    containerOption,
    blobName,
    fileOption,
    ...dataPlaneOptions,
    { dest: 'noProgress', names: ['--no-progress'], kind: 'flag', help: 'Include this flag to disable progress reporting for the command.' },
  ],
  async run(ctx, args) {
    const client = await blobClientFor(ctx, args);
    const container = args.str('container')!;
    const name = args.str('name')!;
    const h = await downloadToFile(client, container, name, localPath(ctx.io.cwd, args.str('file')!), args.flag('noProgress') ? undefined : ctx.io.stderr);
    return blobShape(blobFieldsFromHeaders(container, name, h));
  },
};

export const storageBlobShowCommand: CommandSpec = {
  path: ['storage', 'blob', 'show'],
  summary: 'Get the details of a blob.',
  options: [containerOption, blobName, ...dataPlaneOptions],
  async run(ctx, args) {
    const client = await blobClientFor(ctx, args);
    const res = await client.call('HEAD', { container: args.str('container')!, blob: args.str('name')!, ok: [200, 404] });
    await res.body.text();
    if (res.status === 404) throw new CliError('The specified blob does not exist. ErrorCode:BlobNotFound', 3);
    const shape = blobShape(blobFieldsFromHeaders(args.str('container')!, args.str('name')!, res.headers));
    (shape.properties as Record<string, unknown>).contentRange = null;
    return shape;
  },
};

export const storageBlobListCommand: CommandSpec = {
  path: ['storage', 'blob', 'list'],
  summary: 'List blobs in a given container.',
  options: [
    containerOption,
    ...dataPlaneOptions,
    { dest: 'prefix', names: ['--prefix'], help: 'Filter the results to return only blobs whose name begins with the specified prefix.' },
    { dest: 'delimiter', names: ['--delimiter'], help: 'When the request includes this parameter, the operation returns a BlobPrefix element in the result list.' },
    { dest: 'numResults', names: ['--num-results'], help: 'Specify the maximum number to return. If the request does not specify num_results, or specifies a value greater than 5000, the server will return up to 5000 items. Default: 5000. Use "*" for all.' },
    { dest: 'marker', names: ['--marker'], help: 'An opaque continuation token.' },
    { dest: 'include', names: ['--include'], help: 'Specify one or more additional datasets to include in the response: (m)etadata, (s)napshots, (v)ersions, (t)ags.' },
  ],
  tableTransform: (r) =>
    (r as Array<Record<string, any>>).map((b) => ({
      Name: b.name,
      'Blob Type': b.properties?.blobType,
      'Blob Tier': b.properties?.blobTier,
      Length: b.properties?.contentLength,
      'Content Type': b.properties?.contentSettings?.contentType,
      'Last Modified': b.properties?.lastModified,
      Snapshot: b.snapshot,
    })),
  async run(ctx, args) {
    const numArg = args.str('numResults') ?? '5000';
    const limit = numArg === '*' ? Infinity : Number(numArg);
    if (!(limit > 0)) throw new CliError(`argument --num-results: invalid value: '${numArg}'`, 2);
    const container = args.str('container')!;
    const include = (args.str('include') ?? '')
      .split('')
      .map((c) => ({ m: 'metadata', s: 'snapshots', v: 'versions', t: 'tags', c: 'copy', d: 'deleted' })[c as 'm'])
      .filter(Boolean)
      .join(',');
    const client = await blobClientFor(ctx, args);
    const out: Record<string, unknown>[] = [];
    let marker = args.str('marker');
    let next: string | undefined;
    do {
      const res = await client.text('GET', {
        container,
        query: {
          restype: 'container',
          comp: 'list',
          prefix: args.str('prefix'),
          delimiter: args.str('delimiter'),
          marker,
          maxresults: Number.isFinite(limit) ? String(Math.min(5000, limit - out.length)) : undefined,
          include: include || undefined,
        },
      });
      const blobsXml = xmlText(res.text, 'Blobs') ?? '';
      for (const p of xmlElements(blobsXml, 'BlobPrefix')) out.push({ name: xmlText(p, 'Name') ?? '' });
      for (const b of xmlElements(blobsXml.replace(/<BlobPrefix>[\s\S]*?<\/BlobPrefix>/g, ''), 'Blob')) out.push(blobShape(blobFieldsFromXml(container, b)));
      next = xmlText(res.text, 'NextMarker') || undefined;
      marker = next;
    } while (next && out.length < limit);
    if (next) ctx.warn(`Next Marker: ${next}`);
    return out.slice(0, Number.isFinite(limit) ? limit : undefined);
  },
};

export const storageBlobDeleteCommand: CommandSpec = {
  path: ['storage', 'blob', 'delete'],
  summary: 'Mark a blob or snapshot for deletion.',
  options: [
    containerOption,
    blobName,
    ...dataPlaneOptions,
    { dest: 'deleteSnapshots', names: ['--delete-snapshots'], choices: ['include', 'only'], help: 'Required if the blob has associated snapshots.' },
  ],
  async run(ctx, args) {
    const client = await blobClientFor(ctx, args);
    const headers: Record<string, string> = {};
    if (args.str('deleteSnapshots')) headers['x-ms-delete-snapshots'] = args.str('deleteSnapshots')!;
    await client.text('DELETE', { container: args.str('container')!, blob: args.str('name')!, headers });
    return undefined;
  },
};
