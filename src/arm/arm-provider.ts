/**
 * A resource provider plugs into the ARM plane with its namespace, its operations (declared as data) and an
 * optional hook run before a scope (a resource group) and everything under it is deleted.
 */
import type { Operation } from '../http/operation.js';
import type { PlatformContext } from '../platform/context.js';

export interface ArmProvider {
  /** e.g. `Microsoft.Storage`. Core operations use `Microsoft.Resources`. */
  namespace: string;
  operations: Operation[];
  /**
   * Called before every ARM resource, role assignment and resource group record under `scope` is removed
   * (resource group deletion). Clean provider state kept outside `armResource` records (blob files, workers,
   * managed-identity principals…). Errors fail the deletion.
   */
  onScopeDelete?(scope: string): Promise<void> | void;
}

const registries = new WeakMap<PlatformContext, ArmProvider[]>();

/** Records the providers served by the ARM plane of a platform (called by createArmPlane). */
export function registerArmProviders(ctx: PlatformContext, providers: ArmProvider[]): void {
  registries.set(ctx, providers);
}

/** The providers the ARM plane of this platform serves (empty before the plane exists). */
export function armProvidersOf(ctx: PlatformContext): readonly ArmProvider[] {
  return registries.get(ctx) ?? [];
}

/** Runs every provider's `onScopeDelete` for `scope` (optionally only one namespace's providers), in registration order. */
export async function runScopeDeleteHooks(ctx: PlatformContext, scope: string, namespace?: string): Promise<void> {
  for (const p of armProvidersOf(ctx)) {
    if (namespace && p.namespace.toLowerCase() !== namespace.toLowerCase()) continue;
    if (p.onScopeDelete) await p.onScopeDelete(scope);
  }
}
