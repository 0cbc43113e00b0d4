/** The registry data commands: `az acr login`, `az acr repository list|show-tags`. */
import type { CommandSpec, GroupSpec } from '../../command-spec.js';
import { acrLoginCommand } from './acr-login.js';
import { acrRepositoryListCommand, acrRepositoryShowTagsCommand } from './acr-repository.js';

export const acrDataCommands: CommandSpec[] = [acrLoginCommand, acrRepositoryListCommand, acrRepositoryShowTagsCommand];

/** The `acr` group itself is declared with the registry ARM commands (../acr/acr-commands.ts). */
export const acrDataGroups: GroupSpec[] = [{ path: ['acr', 'repository'], summary: 'Manage repositories (image names) for Azure Container Registries.' }];
