/**
 * Blob uploads: POST (start a session, upload monolithically with `?digest=`, or mount `?mount=&from=`),
 * PATCH (stream a chunk), PUT `?digest=` (finish), GET (status), DELETE (cancel).
 */
import type { Reply, RequestContext } from '../../../http/operation.js';
import { parseDigest } from '../digest.js';
import { isRepositoryName } from '../oci-names.js';
import { holds, requireAccess } from '../registry-auth.js';
import { nowIso, registryState, type RegistryService } from '../registry-service.js';
import type { Chunk } from '../upload-sessions.js';
import { contentLength, encodeRepo, hasBody, header } from './request-parts.js';

const PUSH = ['pull', 'push'];

function uploadLocation(name: string, uuid: string): string {
  return `/v2/${encodeRepo(name)}/blobs/uploads/${uuid}`;
}

function progress(name: string, uuid: string, size: number): Record<string, string | number> {
  return {
    Location: uploadLocation(name, uuid),
    Range: `0-${Math.max(0, size - 1)}`,
    'Docker-Upload-UUID': uuid,
    'Content-Length': 0,
  };
}

function committed(name: string, digest: string): Reply {
  return { status: 201, headers: { Location: `/v2/${encodeRepo(name)}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': 0 } };
}

function chunkOf(ctx: RequestContext): Chunk {
  return { body: ctx.req as AsyncIterable<Buffer>, length: contentLength(ctx), range: header(ctx, 'content-range') };
}

/** Consumes an unused request body so the connection stays usable. */
function drain(ctx: RequestContext): void {
  if (!ctx.req.readableEnded) ctx.req.resume();
}

export async function startUpload(svc: RegistryService, ctx: RequestContext, name: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: PUSH });
  const { loginServer } = registryState(ctx);
  const mount = ctx.query.get('mount');
  const from = ctx.query.get('from');
  if (mount) {
    const d = parseDigest(mount);
    if (d && from && isRepositoryName(from) && holds(ctx, 'repository', from, 'pull')) {
      const link = svc.records.blobLink(loginServer, from, d.digest);
      if (link && svc.content.hasBlob(d.digest)) {
        drain(ctx);
        svc.records.linkBlob(loginServer, name, d.digest, link.size, nowIso(svc));
        return committed(name, d.digest);
      }
    }
  }
  const digest = ctx.query.get('digest');
  if (digest !== null && !mount) {
    const blob = await svc.uploads.monolithic(loginServer, name, digest, chunkOf(ctx));
    return committed(name, blob.digest);
  }
  drain(ctx);
  const rec = await svc.uploads.start(loginServer, name);
  return { status: 202, headers: progress(name, rec.uuid, 0) };
}

export async function patchUpload(svc: RegistryService, ctx: RequestContext, name: string, uuid: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: PUSH });
  const { loginServer } = registryState(ctx);
  const rec = await svc.uploads.append(loginServer, name, uuid, chunkOf(ctx));
  return { status: 202, headers: progress(name, rec.uuid, rec.size) };
}

export async function finishUpload(svc: RegistryService, ctx: RequestContext, name: string, uuid: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: PUSH });
  const { loginServer } = registryState(ctx);
  const last = hasBody(ctx) ? chunkOf(ctx) : undefined;
  if (!last) drain(ctx);
  const blob = await svc.uploads.finalize(loginServer, name, uuid, ctx.query.get('digest'), last);
  return committed(name, blob.digest);
}

export async function uploadStatus(svc: RegistryService, ctx: RequestContext, name: string, uuid: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: PUSH });
  const rec = svc.uploads.get(registryState(ctx).loginServer, name, uuid);
  return { status: 204, headers: progress(name, rec.uuid, rec.size) };
}

export async function cancelUpload(svc: RegistryService, ctx: RequestContext, name: string, uuid: string): Promise<Reply> {
  requireAccess(svc, ctx, { type: 'repository', name, actions: PUSH });
  await svc.uploads.cancel(registryState(ctx).loginServer, name, uuid);
  return { status: 204, headers: { 'Content-Length': 0 } };
}
