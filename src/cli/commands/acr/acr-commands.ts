/** The `az acr` command group (ARM part). */
import type { CommandSpec, GroupSpec } from '../../command-spec.js';
import { acrCreateCommand, acrDeleteCommand, acrListCommand, acrShowCommand } from './acr.js';

export const acrCommands: CommandSpec[] = [acrCreateCommand, acrShowCommand, acrListCommand, acrDeleteCommand];

export const acrGroups: GroupSpec[] = [{ path: ['acr'], summary: 'Manage private registries with Azure Container Registries.' }];
