/** ARM-dialect errors of the Microsoft.Storage resource provider (messages as the RP writes them). */
import { ApiError } from '../../shared/errors.js';

export const ACCOUNT_NAME_RULE = /^[a-z0-9]{3,24}$/;

export function accountNameInvalidMessage(name: string): string {
  return `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`;
}

export function accountNameTakenMessage(name: string): string {
  return `The storage account named ${name} is already taken.`;
}

export const storageArmErrors = {
  accountNameInvalid: (name: string) => new ApiError(400, 'AccountNameInvalid', accountNameInvalidMessage(name)),
  accountNameTaken: (name: string) => new ApiError(409, 'StorageAccountAlreadyTaken', accountNameTakenMessage(name)),
  accountNotFound: (name: string, group: string) =>
    new ApiError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Storage/storageAccounts/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  parentNotFound: (op: 'read' | 'write' | 'delete', type: string, parentId: string) =>
    new ApiError(404, 'ParentResourceNotFound', `Failed to perform '${op}' on resource(s) of type '${type}', because the parent resource '${parentId}' could not be found.`),
  containerNotFound: () => new ApiError(404, 'ContainerNotFound', 'The specified container does not exist.'),
  containerNameInvalid: () => new ApiError(400, 'ContainerOperationFailure', 'The specifed resource name contains invalid characters.'),
  locationRequired: () => new ApiError(400, 'LocationRequired', 'The location property is required for this definition.'),
  invalidBody: (detail: string) => new ApiError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`),
  invalidKeyName: () => new ApiError(400, 'InvalidValuesForRequestParameters', "Values for request parameters are invalid: keyName. Valid values are 'key1' and 'key2'."),
  identityNotSupported: (type: string) =>
    new ApiError(400, 'InvalidIdentityType', `The identity type '${type}' is not supported here; use 'None'.`),
  invalidSku: (sku: string) => new ApiError(400, 'SkuNotSupported', `The SKU '${sku}' is not supported.`),
  invalidKind: (kind: string) => new ApiError(400, 'InvalidValuesForRequestParameters', `Values for request parameters are invalid: kind '${kind}'.`),
};
