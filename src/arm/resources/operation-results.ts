/**
 * Polling endpoints of ARM long-running operations: `Location` results and `Azure-AsyncOperation` statuses.
 */
import type { Operation } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { operationResultReply, operationStatusReply } from '../long-running.js';
import { requireSubscription } from '../scope-checks.js';

export function operationResultOperations(ctx: PlatformContext): Operation[] {
  return [
    {
      id: 'OperationResults_Get',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/operationresults/{operationId}',
      // Polling URLs echo the api-version of whichever provider started the operation: any version is accepted.
      resourceType: 'operationresults',
      handler: (rc) => {
        requireSubscription(ctx, rc.params.subscriptionId);
        return operationResultReply(ctx.store, rc.params.operationId, rc);
      },
    },
    {
      id: 'OperationStatuses_Get',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers/Microsoft.Resources/operationStatuses/{operationId}',
      resourceType: 'operationStatuses',
      handler: (rc) => {
        requireSubscription(ctx, rc.params.subscriptionId);
        return operationStatusReply(ctx.store, rc.params.operationId);
      },
    },
  ];
}
