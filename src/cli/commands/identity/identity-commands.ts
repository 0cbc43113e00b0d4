/** The `az identity` command group. */
import type { CommandSpec, GroupSpec } from '../../command-spec.js';
import { identityCreateCommand, identityDeleteCommand, identityListCommand, identityShowCommand } from './identity.js';

export const identityCommands: CommandSpec[] = [identityCreateCommand, identityShowCommand, identityListCommand, identityDeleteCommand];

export const identityGroups: GroupSpec[] = [{ path: ['identity'], summary: 'Managed Identities.' }];
