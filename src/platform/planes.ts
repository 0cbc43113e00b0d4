/**
 * Which planes the platform serves and how each authenticates. Adding a plane or an ARM provider happens here.
 */
import type { Plane } from '../http/plane.js';
import type { PlatformContext } from './context.js';
import { createLoginPlane } from '../identity/login-plane.js';
import { bearerAuthenticator } from '../identity/bearer-authenticator.js';
import { ARM_AUDIENCES, GRAPH_AUDIENCES } from '../identity/audiences.js';
import { createGraphPlane, graphTokenError } from '../directory/graph-plane.js';
import { createArmPlane } from '../arm/arm-plane.js';
import { armTokenError } from '../arm/arm-errors.js';
import { coreProviders } from '../arm/core-providers.js';
import { managedIdentityProvider } from '../managed-identity/managed-identity-provider.js';
import { runtimeOf } from '../runtime/runtime.js';
import { createBlobPlane } from '../storage/blob/blob-plane.js';
import { blobAudiences, blobTokenError } from '../storage/blob/blob-auth.js';
import { createStorageProvider } from '../storage/arm/storage-provider.js';
import { createContainerRegistryProvider } from '../registry/arm/registry-provider.js';
import { createMachineLearningProvider } from '../ml/arm/ml-provider.js';
import { createComputeProvider } from '../ml/compute/index.js';
import { createMlEnvironmentProvider } from '../ml/environments/ml-env-provider.js';
import { createRegistryPlane } from '../registry/oci/registry-plane.js';

export function buildPlanes(ctx: PlatformContext): Plane[] {
  const armAuth = bearerAuthenticator(ctx.tokens, ARM_AUDIENCES, armTokenError);
  const graphAuth = bearerAuthenticator(ctx.tokens, GRAPH_AUDIENCES, graphTokenError);
  const blobAuth = bearerAuthenticator(ctx.tokens, blobAudiences, blobTokenError(ctx.config.tenantId));
  const runtime = runtimeOf(ctx);
  return [
    createLoginPlane(ctx),
    createGraphPlane(ctx, [graphAuth]),
    createArmPlane(ctx, [armAuth], [...coreProviders(ctx), managedIdentityProvider(ctx), createStorageProvider(ctx), createContainerRegistryProvider(ctx), createMachineLearningProvider(ctx), createComputeProvider(ctx), createMlEnvironmentProvider(ctx)]),
    createBlobPlane(ctx, { bearer: blobAuth }),
    createRegistryPlane(ctx),
    ...(runtime ? [runtime.identityPlane] : []),
  ];
}
