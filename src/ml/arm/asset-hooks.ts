/**
 * A seam for what happens around an asset version PUT beyond storing it (environment versions: validating the
 * image reference, then building the image). Registered by the module that owns the behaviour when the platform
 * starts; without a hook a version PUT just stores the version.
 */
import type { Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import type { ArmResource } from '../../arm/resource-store.js';

type Json = Record<string, unknown>;

export interface AssetVersionHook {
  /** Checks a new version's own properties before anything is stored (throws ApiError). */
  validate?(properties: Json): void;
  /** Called once the version is stored; may store more and replace the reply (e.g. 201 + Azure-AsyncOperation). */
  stored?(rc: RequestContext, record: ArmResource<Json>, existing: ArmResource<Json> | undefined): Reply | undefined;
}

const hooks = new WeakMap<PlatformContext, Map<string, AssetVersionHook>>();

export function registerAssetVersionHook(ctx: PlatformContext, collection: 'models' | 'codes' | 'environments', hook: AssetVersionHook): void {
  let m = hooks.get(ctx);
  if (!m) hooks.set(ctx, (m = new Map()));
  m.set(collection, hook);
}

export function assetVersionHook(ctx: PlatformContext, collection: string): AssetVersionHook | undefined {
  return hooks.get(ctx)?.get(collection);
}
