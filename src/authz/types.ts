/**
 * Azure RBAC data types, in the flattened shape the CLI prints
 * (`properties.type` of a role definition is exposed as `roleType`).
 */

/** One permission block of a role definition. */
export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
  /** ABAC condition that must hold for this block to grant anything. */
  condition?: string;
  conditionVersion?: string;
}

export type RoleType = 'BuiltInRole' | 'CustomRole';

export interface RoleDefinition {
  /** The role definition GUID (last segment of its id). */
  name: string;
  roleName: string;
  description: string;
  roleType: RoleType;
  permissions: Permission[];
  assignableScopes: string[];
  createdOn?: string;
  updatedOn?: string;
  createdBy?: string;
  updatedBy?: string;
}

export type AssignmentPrincipalType = 'User' | 'Group' | 'ServicePrincipal' | 'ForeignGroup' | 'Device';

export interface RoleAssignment {
  /** The role assignment GUID (last segment of its id). */
  name: string;
  /** The scope the assignment applies at, e.g. `/subscriptions/{sub}/resourceGroups/{rg}`. */
  scope: string;
  /** GUID of the assigned role (the last segment of `roleDefinitionId`). */
  roleDefinitionName: string;
  principalId: string;
  principalType?: AssignmentPrincipalType;
  condition?: string;
  conditionVersion?: string;
  description?: string;
  createdOn?: string;
  updatedOn?: string;
  createdBy?: string;
  updatedBy?: string;
}
