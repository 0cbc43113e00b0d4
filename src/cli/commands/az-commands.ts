/** The `cerulean az …` command table. Later groups (identity, storage, ml …) add their specs here. */
import type { CommandSpec, GroupSpec } from '../command-spec.js';
import { accountListCommand, accountSetCommand, accountShowCommand, getAccessTokenCommand } from './account/account.js';
import { loginCommand, logoutCommand } from './account/login.js';
import { createForRbacCommand } from './ad/create-for-rbac.js';
import { spDeleteCommand, spListCommand, spShowCommand } from './ad/service-principal.js';
import { signedInUserShowCommand, userCreateCommand, userDeleteCommand, userListCommand, userShowCommand } from './ad/user.js';
import { configGetCommand, configSetCommand, configUnsetCommand } from './config/config.js';
import { configureCommand } from './config/configure.js';
import { groupCreateCommand, groupDeleteCommand, groupExistsCommand, groupListCommand, groupShowCommand } from './group/group.js';
import { resourceListCommand, resourceShowCommand } from './resource/resource.js';
import { restCommand } from './rest/rest.js';
import { roleAssignmentCreateCommand, roleAssignmentDeleteCommand, roleAssignmentListCommand } from './role/role-assignment.js';
import { roleDefinitionListCommand } from './role/role-definition.js';
import { identityCommands, identityGroups } from './identity/identity-commands.js';
import { storageCommands, storageGroups } from './storage/storage-commands.js';
import { acrCommands, acrGroups } from './acr/acr-commands.js';
import { acrDataCommands, acrDataGroups } from './acr-data/acr-data-commands.js';
import { mlCommands, mlGroups } from './ml/ml-commands.js';
import { mlComputeCommands, mlComputeGroups } from './ml-compute/compute-commands.js';
import { mlEnvCommands, mlEnvGroups } from './ml-env/ml-env-commands.js';
import { mlDatastoreCommands, mlDatastoreGroups } from './ml-datastore/datastore-commands.js';
import { mlPreviewCommands, mlPreviewGroups } from './ml-preview/preview-commands.js';

export const azCommands: CommandSpec[] = [
  loginCommand,
  logoutCommand,
  accountShowCommand,
  accountListCommand,
  accountSetCommand,
  getAccessTokenCommand,
  configureCommand,
  configGetCommand,
  configSetCommand,
  configUnsetCommand,
  groupCreateCommand,
  groupShowCommand,
  groupListCommand,
  groupDeleteCommand,
  groupExistsCommand,
  resourceListCommand,
  resourceShowCommand,
  roleAssignmentCreateCommand,
  roleAssignmentListCommand,
  roleAssignmentDeleteCommand,
  roleDefinitionListCommand,
  createForRbacCommand,
  spShowCommand,
  spListCommand,
  spDeleteCommand,
  userCreateCommand,
  userShowCommand,
  userListCommand,
  userDeleteCommand,
  signedInUserShowCommand,
  restCommand,
  ...identityCommands,
  ...storageCommands,
  ...acrCommands,
  ...acrDataCommands,
  ...mlCommands,
  ...mlComputeCommands,
  ...mlEnvCommands,
  ...mlDatastoreCommands,
  ...mlPreviewCommands,
];

export const azGroups: GroupSpec[] = [
  { path: [], summary: "Cerulean's az-compatible command line: the same commands as Azure CLI, answered by the local platform." },
  { path: ['account'], summary: 'Manage Azure subscription information.' },
  { path: ['config'], summary: 'Manage Azure CLI configuration.' },
  { path: ['group'], summary: 'Manage resource groups and template deployments.' },
  { path: ['resource'], summary: 'Manage Azure resources.' },
  { path: ['role'], summary: "Manage user roles for access control with Azure Active Directory and service principals." },
  { path: ['role', 'assignment'], summary: 'Manage role assignments.' },
  { path: ['role', 'definition'], summary: 'Manage role definitions.' },
  { path: ['ad'], summary: 'Manage Microsoft Entra ID (Azure Active Directory Graph) entities needed for Azure role-based access control (Azure RBAC) through Microsoft Graph API.' },
  { path: ['ad', 'sp'], summary: 'Manage Azure Active Directory service principals for automation authentication.' },
  { path: ['ad', 'user'], summary: 'Manage Azure Active Directory users and user authentication.' },
  { path: ['ad', 'signed-in-user'], summary: 'Show graph information about current signed-in user in CLI.' },
  ...identityGroups,
  ...storageGroups,
  ...acrGroups,
  ...acrDataGroups,
  ...mlGroups,
  ...mlComputeGroups,
  ...mlEnvGroups,
  ...mlDatastoreGroups,
  ...mlPreviewGroups,
];
