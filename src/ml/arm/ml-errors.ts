/**
 * Errors of the Microsoft.MachineLearningServices provider. Missing resources get ARM's `ResourceNotFound` /
 * `ParentResourceNotFound` wording; validation failures the RP's own `UserError` code (what `az ml` prints as
 * `(UserError) …`).
 */
import { ApiError } from '../../shared/errors.js';
import { parseResourceId } from '../../shared/resource-id.js';

/** `Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/ep` — how ARM names a nested resource. */
function typedName(id: string): string {
  const p = parseResourceId(id);
  return [p.namespace, ...p.segments.flatMap((s) => [s.type, s.name])].join('/');
}

export const mlErrors = {
  /** 404 for a resource (top-level or nested) that does not exist. */
  notFound(id: string): ApiError {
    const p = parseResourceId(id);
    return new ApiError(
      404,
      'ResourceNotFound',
      `The Resource '${typedName(id)}' under resource group '${p.resourceGroup ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  },
  /** 404 for a write/delete/read below a parent that does not exist. */
  parentNotFound(op: 'read' | 'write' | 'delete', childType: string, parentId: string): ApiError {
    return new ApiError(
      404,
      'ParentResourceNotFound',
      `Failed to perform '${op}' on resource(s) of type '${childType}', because the parent resource '${parentId}' could not be found.`,
    );
  },
  /** The RP's validation error (HTTP 400 unless told). */
  user(message: string, status = 400): ApiError {
    return new ApiError(status, 'UserError', message);
  },
  conflict(message: string): ApiError {
    return new ApiError(409, 'Conflict', message);
  },
  invalidBody(detail: string): ApiError {
    return new ApiError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`);
  },
  locationRequired(): ApiError {
    return new ApiError(400, 'LocationRequired', 'The location property is required for this definition.');
  },
};
