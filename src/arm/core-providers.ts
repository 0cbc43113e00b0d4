/** The providers every ARM plane serves: Microsoft.Resources (the core), Microsoft.Authorization and Cerulean.Authorization. */
import type { PlatformContext } from '../platform/context.js';
import type { ArmProvider } from './arm-provider.js';
import { createResourcesProvider } from './resources/resources-provider.js';
import { createAuthorizationProvider } from './authorization/authorization-provider.js';
import { createDenialsProvider } from './authorization/denials-provider.js';

export function coreProviders(ctx: PlatformContext): ArmProvider[] {
  return [createResourcesProvider(ctx), createAuthorizationProvider(ctx), createDenialsProvider(ctx)];
}
