/** Cerulean.Authorization: the platform's own authorization extensions (the denial log). */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../arm-provider.js';
import { DENIALS_NAMESPACE, denialOperations } from './denials-ops.js';

export function createDenialsProvider(ctx: PlatformContext): ArmProvider {
  return { namespace: DENIALS_NAMESPACE, operations: denialOperations(ctx) };
}
