/**
 * Wiring the serving runtime into a platform: one ServingRuntime per platform (found with `servingOf(ctx)`), its
 * hooks registered for the control plane, and the scoring router plane to serve. Call `close()` on it before the
 * workload runtime closes, so that no instance is restarted while the platform stops.
 */
import type { Plane } from '../../http/plane.js';
import type { PlatformContext } from '../../platform/context.js';
import { runtimeOf } from '../../runtime/runtime.js';
import { registerServingHooks } from '../serving-hooks.js';
import { createScoringPlane, type ScoringPlaneOptions } from './scoring-plane.js';
import { ServingRuntime } from './serving-runtime.js';

const runtimes = new WeakMap<PlatformContext, ServingRuntime>();

export function servingOf(ctx: PlatformContext): ServingRuntime | undefined {
  return runtimes.get(ctx);
}

/** Creates the serving runtime (needs the workload runtime), registers its hooks and returns the scoring plane. */
export function startServing(ctx: PlatformContext, opts: ScoringPlaneOptions & { restartBackoff?: { baseMs: number; maxMs: number } } = {}): { plane: Plane; serving: ServingRuntime } {
  const rt = runtimeOf(ctx);
  if (!rt) throw new Error('The serving runtime needs the workload runtime (createRuntime) to exist first.');
  const serving = new ServingRuntime({ ctx, startWorkload: rt.startWorkload, restartBackoff: opts.restartBackoff });
  runtimes.set(ctx, serving);
  registerServingHooks(ctx, serving);
  return { plane: createScoringPlane(ctx, serving, opts), serving };
}
