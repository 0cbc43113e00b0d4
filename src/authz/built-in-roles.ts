/**
 * Azure built-in role definitions, copied verbatim (GUIDs, descriptions, permission strings) from the
 * published built-in role pages (azure-docs built-in-roles/*.md). Each has one permission block,
 * `assignableScopes: ["/"]` and `roleType: "BuiltInRole"`.
 */
import type { Permission, RoleDefinition } from './types.js';

function block(
  actions: string[],
  notActions: string[] = [],
  dataActions: string[] = [],
  notDataActions: string[] = [],
): Permission {
  return { actions, notActions, dataActions, notDataActions };
}

function builtIn(name: string, roleName: string, description: string, permission: Permission): RoleDefinition {
  return {
    name,
    roleName,
    description,
    roleType: 'BuiltInRole',
    permissions: [permission],
    assignableScopes: ['/'],
  };
}

const MLS = 'Microsoft.MachineLearningServices';
const SA = 'Microsoft.Storage/storageAccounts';
const UAI = 'Microsoft.ManagedIdentity/userAssignedIdentities';

/** Well-known GUIDs of the built-in roles Cerulean ships. */
export const BUILT_IN_ROLE_IDS = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  roleBasedAccessControlAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  acrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  managedIdentityOperator: 'f1a07417-d97a-45cb-824c-7a7467783830',
  managedIdentityContributor: 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59',
  azureMLDataScientist: 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
  azureMLComputeOperator: 'e503ece1-11d0-4e8e-8e2c-7a6c3bf38815',
} as const;

const ids = BUILT_IN_ROLE_IDS;

const roles: RoleDefinition[] = [
  builtIn(
    ids.owner,
    'Owner',
    'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    block(['*']),
  ),
  builtIn(
    ids.contributor,
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    block(
      ['*'],
      [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
        'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
        'Microsoft.Subscription/cancel/action',
        'Microsoft.Subscription/enable/action',
      ],
    ),
  ),
  builtIn(ids.reader, 'Reader', 'View all resources, but does not allow you to make any changes.', block(['*/read'])),
  builtIn(
    ids.userAccessAdministrator,
    'User Access Administrator',
    'Lets you manage user access to Azure resources.',
    block(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
  ),
  builtIn(
    ids.roleBasedAccessControlAdministrator,
    'Role Based Access Control Administrator',
    'Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.',
    block([
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
      'Microsoft.Support/*',
    ]),
  ),
  builtIn(
    ids.storageBlobDataReader,
    'Storage Blob Data Reader',
    'Allows for read access to Azure Storage blob containers and data',
    block(
      [`${SA}/blobServices/containers/read`, `${SA}/blobServices/generateUserDelegationKey/action`],
      [],
      [`${SA}/blobServices/containers/blobs/read`],
    ),
  ),
  builtIn(
    ids.storageBlobDataContributor,
    'Storage Blob Data Contributor',
    'Allows for read, write and delete access to Azure Storage blob containers and data',
    block(
      [
        `${SA}/blobServices/containers/delete`,
        `${SA}/blobServices/containers/read`,
        `${SA}/blobServices/containers/write`,
        `${SA}/blobServices/generateUserDelegationKey/action`,
      ],
      [],
      [
        `${SA}/blobServices/containers/blobs/delete`,
        `${SA}/blobServices/containers/blobs/read`,
        `${SA}/blobServices/containers/blobs/write`,
        `${SA}/blobServices/containers/blobs/move/action`,
        `${SA}/blobServices/containers/blobs/add/action`,
      ],
    ),
  ),
  builtIn(
    ids.storageBlobDataOwner,
    'Storage Blob Data Owner',
    'Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.',
    block(
      [`${SA}/blobServices/containers/*`, `${SA}/blobServices/generateUserDelegationKey/action`],
      [],
      [`${SA}/blobServices/containers/blobs/*`],
    ),
  ),
  builtIn(ids.acrPull, 'AcrPull', 'acr pull', block(['Microsoft.ContainerRegistry/registries/pull/read'])),
  builtIn(
    ids.acrPush,
    'AcrPush',
    'acr push',
    block(['Microsoft.ContainerRegistry/registries/pull/read', 'Microsoft.ContainerRegistry/registries/push/write']),
  ),
  builtIn(
    ids.managedIdentityOperator,
    'Managed Identity Operator',
    'Read and Assign User Assigned Identity',
    block([
      `${UAI}/*/read`,
      `${UAI}/*/assign/action`,
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Support/*',
    ]),
  ),
  builtIn(
    ids.managedIdentityContributor,
    'Managed Identity Contributor',
    'Create, Read, Update, and Delete User Assigned Identity',
    block([
      `${UAI}/read`,
      `${UAI}/write`,
      `${UAI}/delete`,
      `${UAI}/federatedIdentityCredentials/read`,
      `${UAI}/federatedIdentityCredentials/write`,
      `${UAI}/federatedIdentityCredentials/delete`,
      `${UAI}/revokeTokens/action`,
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Support/*',
    ]),
  ),
  builtIn(
    ids.azureMLDataScientist,
    'AzureML Data Scientist',
    'Can perform all actions within an Azure Machine Learning workspace, except for creating or deleting compute resources and modifying the workspace itself.',
    block(
      [`${MLS}/workspaces/*/read`, `${MLS}/workspaces/*/action`, `${MLS}/workspaces/*/delete`, `${MLS}/workspaces/*/write`],
      [
        `${MLS}/workspaces/delete`,
        `${MLS}/workspaces/write`,
        `${MLS}/workspaces/computes/*/write`,
        `${MLS}/workspaces/computes/*/delete`,
        `${MLS}/workspaces/computes/listKeys/action`,
        `${MLS}/workspaces/listKeys/action`,
        `${MLS}/workspaces/hubs/write`,
        `${MLS}/workspaces/hubs/delete`,
        `${MLS}/workspaces/featurestores/write`,
        `${MLS}/workspaces/featurestores/delete`,
      ],
    ),
  ),
  builtIn(
    ids.azureMLComputeOperator,
    'AzureML Compute Operator',
    'Can access and perform CRUD operations on Machine Learning Services managed compute resources (including Notebook VMs).',
    block([`${MLS}/workspaces/computes/*`, `${MLS}/workspaces/notebooks/vm/*`]),
  ),
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The built-in roles, deeply frozen. */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = deepFreeze(roles);
