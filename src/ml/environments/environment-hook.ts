/**
 * Environment versions beyond storage: a new version's image reference is checked before it is stored, then its
 * image is built. A build that needs registry or storage work runs after the reply (201 + Azure-AsyncOperation,
 * `provisioningState: Creating`); a base outside Cerulean's registries is recorded at once (201, Succeeded).
 * Updating a version (description, tags, archive) keeps its build state.
 */
import type { Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { getArmResource, putArmResource, type ArmResource } from '../../arm/resource-store.js';
import type { AssetVersionHook } from '../arm/asset-hooks.js';
import { assetWire } from '../arm/asset-ops.js';
import { mlErrors } from '../arm/ml-errors.js';
import { getWorkspace } from '../arm/ml-records.js';
import { trackProvisioning } from '../arm/ml-operations.js';
import { definitionOf, needsBuild, runImageBuild, startImageBuild, workspaceIdOf, type ImageBuildState } from './image-build.js';
import { ImageReferenceError, parseImageReference } from './image-reference.js';

type Json = Record<string, unknown>;

function validate(p: Json): void {
  if (typeof p.image === 'string') {
    try {
      parseImageReference(p.image);
    } catch (e) {
      if (e instanceof ImageReferenceError) throw mlErrors.user(e.message);
      throw e;
    }
  }
  if (p.build !== undefined) {
    const b = p.build as Json;
    if (typeof b.contextUri !== 'string' || b.contextUri === '') throw mlErrors.user('properties.build.contextUri is required: the URI of the uploaded build context.');
    if (b.dockerfilePath !== undefined && typeof b.dockerfilePath !== 'string') throw mlErrors.invalidBody('build.dockerfilePath must be a string');
    if (typeof p.image === 'string') throw mlErrors.user('An environment has either an image or a build context, not both.');
  }
}

function keepState(ctx: PlatformContext, record: ArmResource<Json>, existing: ArmResource<Json>): Reply {
  const prev = existing as ArmResource<Json> & { internal?: unknown };
  const next = { ...record, properties: { ...record.properties, provisioningState: existing.properties.provisioningState ?? 'Succeeded' }, internal: prev.internal };
  if (prev.internal === undefined) delete (next as { internal?: unknown }).internal;
  putArmResource(ctx.store, next);
  return { status: 200, body: assetWire(next) };
}

function stored(ctx: PlatformContext, rc: RequestContext, record: ArmResource<Json>, existing: ArmResource<Json> | undefined): Reply {
  if (existing) return keepState(ctx, record, existing);
  const def = definitionOf(record);
  const host = def.image ? parseImageReference(def.image).host : undefined;
  if (!needsBuild(def, host)) {
    // Nothing to fetch: the build runs to its end before its first await, so the state is saved now.
    void runImageBuild(ctx, record.id);
    return { status: 201, body: assetWire(getArmResource<Json>(ctx.store, record.id) ?? record) };
  }
  const ws = getWorkspace(ctx, workspaceIdOf(record.id));
  const state: ImageBuildState = { status: 'Running', startedAt: new Date(ctx.clock.now()).toISOString(), log: [`${new Date(ctx.clock.now()).toISOString()} Image build queued.`] };
  const creating: ArmResource<Json> = { ...record, properties: { ...record.properties, provisioningState: 'Creating', imageBuild: state } };
  putArmResource(ctx.store, creating);
  const op = trackProvisioning(ctx, rc, record.id, ws?.location ?? ctx.config.defaultLocation);
  void startImageBuild(ctx, record.id);
  return { status: 201, headers: op.headers, body: assetWire(creating) };
}

export function environmentVersionHook(ctx: PlatformContext): AssetVersionHook {
  return { validate, stored: (rc, record, existing) => stored(ctx, rc, record, existing) };
}
