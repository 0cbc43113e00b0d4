/** Microsoft.Authorization: role assignments, role definitions and the caller's permissions. */
import type { PlatformContext } from '../../platform/context.js';
import type { ArmProvider } from '../arm-provider.js';
import { permissionOperations } from './permissions-ops.js';
import { roleAssignmentOperations } from './role-assignment-ops.js';
import { roleDefinitionOperations } from './role-definition-ops.js';

export function createAuthorizationProvider(ctx: PlatformContext): ArmProvider {
  return {
    namespace: 'Microsoft.Authorization',
    operations: [...roleAssignmentOperations(ctx), ...roleDefinitionOperations(ctx), ...permissionOperations(ctx)],
  };
}
