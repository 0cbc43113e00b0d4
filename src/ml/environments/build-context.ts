/**
 * An environment's build context as uploaded by `az ml environment create` (a folder in a workspace datastore,
 * `build.contextUri`): its files read from the Blob store, the Dockerfile among them, and a digest of the whole.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { PlatformContext } from '../../platform/context.js';
import { BlobRecords } from '../../storage/blob/blob-records.js';
import { ContentFiles } from '../../storage/blob/content-files.js';
import { resolveAssetUri } from '../serving/model-download.js';
import { BuildFailure } from './build-errors.js';

export interface BuildContext {
  /** Paths relative to the context root. */
  files: Array<{ path: string; content: Buffer }>;
  digest: string;
}

/** Largest build context read (the files go into a layer). */
export const MAX_CONTEXT_BYTES = 64 * 1024 * 1024;

export function readBuildContext(ctx: PlatformContext, contextUri: string, workspaceId: string): BuildContext {
  let loc;
  try {
    loc = resolveAssetUri(ctx, contextUri, workspaceId);
  } catch (e) {
    throw new BuildFailure('BuildContextNotFound', (e as Error).message);
  }
  const records = new BlobRecords(ctx.store);
  const content = new ContentFiles(ctx.paths.blobsDir);
  const prefix = loc.path ? `${loc.path}/` : '';
  const blobs = records.listBlobs(loc.account, loc.container, prefix);
  if (blobs.length === 0) throw new BuildFailure('BuildContextNotFound', `The build context '${contextUri}' has no files.`);
  let total = 0;
  const files: BuildContext['files'] = [];
  for (const b of blobs) {
    const path = b.name.slice(prefix.length);
    if (path === '' || path.split('/').some((s) => s === '..' || s === '')) continue;
    total += b.size;
    if (total > MAX_CONTEXT_BYTES) throw new BuildFailure('BuildContextTooLarge', `The build context '${contextUri}' is larger than ${MAX_CONTEXT_BYTES} bytes.`);
    files.push({ path, content: readFileSync(content.path(b.fileId)) });
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  const h = createHash('sha256');
  for (const f of files) h.update(f.path).update('\0').update(createHash('sha256').update(f.content).digest('hex')).update('\n');
  return { files, digest: `sha256:${h.digest('hex')}` };
}

/** The Dockerfile text at `dockerfilePath` (relative to the context), or undefined. */
export function dockerfileOf(context: BuildContext, dockerfilePath: string): string | undefined {
  const want = dockerfilePath.replace(/^\.\//, '').replace(/^\/+/, '');
  return context.files.find((f) => f.path === want)?.content.toString('utf8');
}
