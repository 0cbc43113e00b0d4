/** The `az ml` command groups. */
import type { CommandSpec, GroupSpec } from '../../command-spec.js';
import { mlDatastoreListCommand, mlDatastoreShowCommand } from './datastore.js';
import { mlDeploymentDeleteCommand, mlDeploymentGetLogsCommand, mlDeploymentListCommand, mlDeploymentShowCommand } from './deployment-ops.js';
import { mlEndpointGetCredentialsCommand, mlEndpointInvokeCommand, mlEndpointRegenerateKeysCommand } from './endpoint-invoke.js';
import { mlModelCreateCommand, mlModelListCommand, mlModelShowCommand } from './model.js';
import { mlDeploymentCreateCommand, mlDeploymentUpdateCommand } from './online-deployment.js';
import { mlEndpointCreateCommand, mlEndpointDeleteCommand, mlEndpointListCommand, mlEndpointShowCommand, mlEndpointUpdateCommand } from './online-endpoint.js';
import { mlWorkspaceCreateCommand, mlWorkspaceDeleteCommand, mlWorkspaceListCommand, mlWorkspaceShowCommand } from './workspace.js';

export const mlCommands: CommandSpec[] = [
  mlWorkspaceCreateCommand,
  mlWorkspaceShowCommand,
  mlWorkspaceListCommand,
  mlWorkspaceDeleteCommand,
  mlDatastoreShowCommand,
  mlDatastoreListCommand,
  mlModelCreateCommand,
  mlModelShowCommand,
  mlModelListCommand,
  mlEndpointCreateCommand,
  mlEndpointShowCommand,
  mlEndpointListCommand,
  mlEndpointUpdateCommand,
  mlEndpointDeleteCommand,
  mlEndpointInvokeCommand,
  mlEndpointGetCredentialsCommand,
  mlEndpointRegenerateKeysCommand,
  mlDeploymentCreateCommand,
  mlDeploymentUpdateCommand,
  mlDeploymentShowCommand,
  mlDeploymentListCommand,
  mlDeploymentDeleteCommand,
  mlDeploymentGetLogsCommand,
];

export const mlGroups: GroupSpec[] = [
  { path: ['ml'], summary: 'Manage Azure Machine Learning resources with the Azure CLI ML extension v2.' },
  { path: ['ml', 'workspace'], summary: 'Manage Azure ML workspaces.' },
  { path: ['ml', 'datastore'], summary: 'Manage Azure ML datastores.' },
  { path: ['ml', 'model'], summary: 'Manage Azure ML models.' },
  { path: ['ml', 'online-endpoint'], summary: 'Manage Azure ML online endpoints.' },
  { path: ['ml', 'online-deployment'], summary: 'Manage Azure ML online deployments.' },
];
