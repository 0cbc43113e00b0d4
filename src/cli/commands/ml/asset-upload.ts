/**
 * Uploads a local file or folder to the workspace's default datastore as az ml does for anonymous assets:
 * under `LocalUpload/<content hash>/<file or folder name>/…`, with the datastore's account key (Shared Key).
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { CommandContext } from '../../command-context.js';
import { CliError } from '../../errors.js';
import { BlobDataClient } from '../storage/blob-client.js';
import { dataTransport } from '../storage/data-transport.js';
import { uploadFile } from '../storage/blob-transfer.js';
import type { DefaultDatastore } from './datastore.js';
import type { MlScope } from './ml-scope.js';

export interface UploadedAsset {
  /** `LocalUpload/<hash>/<name>` */
  prefix: string;
  hash: string;
  isFile: boolean;
  /** `https://<account>.blob.core.windows.net/<container>/<prefix>` */
  blobUri: string;
  /** `azureml://subscriptions/…/datastores/<name>/paths/<prefix>` */
  datastoreUri: string;
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** A hash of the names and bytes under `path` (stable across runs, changes with any content). */
export async function contentHash(path: string): Promise<string> {
  const st = statSync(path);
  const files = st.isDirectory() ? listFiles(path) : [path];
  const h = createHash('sha256');
  for (const f of files) {
    h.update(relative(st.isDirectory() ? path : join(path, '..'), f).split(sep).join('/'));
    h.update('\0');
    for await (const chunk of createReadStream(f)) h.update(chunk as Buffer);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

export async function uploadLocalAsset(ctx: CommandContext, s: MlScope, store: DefaultDatastore, localPath: string, label: string): Promise<UploadedAsset> {
  let st;
  try {
    st = statSync(localPath);
  } catch {
    throw new CliError(`The ${label} path '${localPath}' does not exist.`);
  }
  const hash = await contentHash(localPath);
  const name = basename(localPath.replace(/[\\/]+$/, ''));
  const prefix = `LocalUpload/${hash}/${name}`;
  const endpoint = `https://${store.accountName}.blob.${store.endpoint}`;
  const client = new BlobDataClient(dataTransport(s.session, ctx.log), store.accountName, { kind: 'key', key: store.key }, ctx.io.newId, ctx.io.now, endpoint);
  const files = st.isDirectory() ? listFiles(localPath) : [localPath];
  const total = files.reduce((n, f) => n + statSync(f).size, 0);
  ctx.log.info(`Uploading ${name} (${(total / 1024 / 1024).toFixed(2)} MBs)`);
  for (const f of files) {
    const blob = st.isDirectory() ? `${prefix}/${relative(localPath, f).split(sep).join('/')}` : prefix;
    await uploadFile(client, store.containerName, blob, f, { overwrite: true });
  }
  return {
    prefix,
    hash,
    isFile: !st.isDirectory(),
    blobUri: `${endpoint}/${store.containerName}/${prefix}`,
    datastoreUri: `azureml://subscriptions/${s.subscriptionId}/resourcegroups/${s.resourceGroup}/workspaces/${s.workspace}/datastores/${store.name}/paths/${prefix}`,
  };
}
