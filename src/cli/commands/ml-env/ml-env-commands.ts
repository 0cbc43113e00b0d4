/** The `az ml connection`, `az ml environment` and `az ml workspace update` commands. */
import type { CommandSpec, GroupSpec } from '../../command-spec.js';
import { mlConnectionCreateCommand, mlConnectionDeleteCommand, mlConnectionListCommand, mlConnectionShowCommand } from './connection.js';
import { mlEnvironmentArchiveCommand, mlEnvironmentCreateCommand, mlEnvironmentListCommand, mlEnvironmentShowCommand } from './environment.js';
import { mlWorkspaceUpdateCommand } from './workspace-update.js';

export const mlEnvCommands: CommandSpec[] = [
  mlConnectionCreateCommand,
  mlConnectionShowCommand,
  mlConnectionListCommand,
  mlConnectionDeleteCommand,
  mlEnvironmentCreateCommand,
  mlEnvironmentShowCommand,
  mlEnvironmentListCommand,
  mlEnvironmentArchiveCommand,
  mlWorkspaceUpdateCommand,
];

export const mlEnvGroups: GroupSpec[] = [
  { path: ['ml', 'connection'], summary: 'Manage Azure ML workspace connections.' },
  { path: ['ml', 'environment'], summary: 'Manage Azure ML environments.' },
];
