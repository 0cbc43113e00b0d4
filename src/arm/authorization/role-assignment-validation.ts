/**
 * Validation of a role assignment PUT, with Azure's error codes and messages (rbac-arm.md §3).
 */
import { ApiError } from '../../shared/errors.js';
import { isGuid } from '../../shared/ids.js';
import type { AssignmentPrincipalType } from '../../authz/types.js';
import type { Directory } from '../../directory/types.js';
import { compileCondition } from '../../authz/condition.js';

export const MAX_ASSIGNMENTS_PER_SUBSCRIPTION = 4000;
const MAX_DESCRIPTION = 2048;
const MAX_CONDITION = 8192;
const PRINCIPAL_TYPES: readonly AssignmentPrincipalType[] = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'];

export interface RoleAssignmentInput {
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  delegatedManagedIdentityResourceId?: string | null;
}

function badContent(detail: string): ApiError {
  return new ApiError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`);
}

export function invalidRoleAssignmentId(name: string): ApiError {
  return new ApiError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
}

export function roleDefinitionDoesNotExist(guid: string): ApiError {
  return new ApiError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
}

function optionalString(props: Record<string, unknown>, key: string): string | undefined {
  const v = props[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badContent(`Error converting value to type 'System.String'. Path 'properties.${key}'.`);
  return v;
}

/** Reads `{properties:{roleDefinitionId, principalId, …}}` from a request body. */
export function parseRoleAssignmentBody(body: unknown): RoleAssignmentInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badContent("Required property 'properties' not found in JSON. Path ''");
  const props = (body as Record<string, unknown>).properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) throw badContent("Required property 'properties' not found in JSON. Path ''");
  const p = props as Record<string, unknown>;
  const roleDefinitionId = optionalString(p, 'roleDefinitionId');
  if (!roleDefinitionId) throw badContent("Required property 'roleDefinitionId' not found in JSON. Path 'properties'");
  const principalId = optionalString(p, 'principalId');
  if (!principalId) throw badContent("Required property 'principalId' not found in JSON. Path 'properties'");
  const input: RoleAssignmentInput = {
    roleDefinitionId,
    principalId,
    principalType: optionalString(p, 'principalType'),
    description: optionalString(p, 'description'),
    condition: optionalString(p, 'condition'),
    conditionVersion: optionalString(p, 'conditionVersion'),
  };
  if (input.description && input.description.length > MAX_DESCRIPTION) {
    throw new ApiError(400, 'RoleAssignmentDescriptionTooLong', `The role assignment description exceeds the maximum length of ${MAX_DESCRIPTION} characters.`);
  }
  if (input.condition !== undefined && input.condition !== '') {
    if (input.condition.length > MAX_CONDITION) {
      throw new ApiError(400, 'RoleAssignmentConditionTooLong', `The role assignment condition exceeds the maximum length of ${MAX_CONDITION} characters.`);
    }
    input.conditionVersion ??= '2.0';
    if (input.conditionVersion !== '2.0') {
      throw new ApiError(400, 'InvalidConditionVersion', `The condition version '${input.conditionVersion}' is not supported. The supported version is '2.0'.`);
    }
    const compiled = compileCondition(input.condition);
    if (!compiled.ok) throw new ApiError(400, 'InvalidCondition', `The condition '${input.condition}' is invalid: ${compiled.error}.`);
  } else {
    input.condition = undefined;
    input.conditionVersion = undefined;
  }
  return input;
}

/** The GUID at the end of a role definition id (`…/roleDefinitions/{guid}` or a bare GUID). */
export function roleGuidOf(roleDefinitionId: string): string {
  const m = /(?:^|\/roleDefinitions\/)([^/]+)\/?$/i.exec(roleDefinitionId.trim());
  return m ? m[1] : roleDefinitionId;
}

function hex32(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

/** The principal's real type in the directory (undefined when it is not a principal there). */
export function directoryPrincipalType(directory: Directory, principalId: string): AssignmentPrincipalType | undefined {
  const obj = directory.getObject(principalId);
  if (!obj) return undefined;
  const t = (obj as { '@odata.type'?: string })['@odata.type'];
  if (t === '#microsoft.graph.user') return 'User';
  if (t === '#microsoft.graph.servicePrincipal') return 'ServicePrincipal';
  if (t === '#microsoft.graph.group') return 'Group';
  return undefined;
}

/**
 * Checks the principal id's form, that the principal exists in the directory and that a given principalType
 * matches it. Returns the principal type to store.
 */
export function checkPrincipal(directory: Directory, tenantId: string, input: RoleAssignmentInput): AssignmentPrincipalType {
  if (!isGuid(input.principalId)) {
    throw new ApiError(400, 'InvalidPrincipalId', `The Principal ID '${input.principalId}' is not valid. Principal ID must be a GUID.`);
  }
  let declared: AssignmentPrincipalType | undefined;
  if (input.principalType !== undefined) {
    declared = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === input.principalType!.toLowerCase());
    if (!declared) {
      throw badContent(`Error converting value "${input.principalType}" to type 'PrincipalType'. Path 'properties.principalType'.`);
    }
  }
  const actual = directoryPrincipalType(directory, input.principalId);
  if (!actual) {
    throw new ApiError(
      400,
      'PrincipalNotFound',
      `Principal ${hex32(input.principalId)} does not exist in the directory ${tenantId}. Check that you have the correct principal ID. ` +
        'If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. ' +
        'In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  ' +
        'See https://aka.ms/docs-principaltype',
    );
  }
  if (declared && declared !== actual) {
    throw new ApiError(
      400,
      'UnmatchedPrincipalType',
      `Principal ${hex32(input.principalId)} has type '${actual}', which is different from specified PrinciaplType '${declared}'.`,
    );
  }
  return actual;
}

export function roleAssignmentExists(existingName: string): ApiError {
  return new ApiError(
    409,
    'RoleAssignmentExists',
    `The role assignment already exists. The ID of the existing role assignment is ${hex32(existingName)}.`,
  );
}

export function updateNotPermitted(): ApiError {
  return new ApiError(
    400,
    'RoleAssignmentUpdateNotPermitted',
    'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
  );
}

export function limitExceeded(): ApiError {
  return new ApiError(400, 'RoleAssignmentLimitExceeded', 'No more role assignments can be created (code: RoleAssignmentLimitExceeded).');
}
