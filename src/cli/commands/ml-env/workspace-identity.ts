/**
 * Workspace identities on the command line and in workspace YAML: `--identity-type` (az ml's `system_assigned`,
 * `user_assigned`, `system_assigned,user_assigned` and ARM's `SystemAssigned, UserAssigned`, any case),
 * `--user-assigned-identities` (ARM ids, space or comma separated) and `--primary-user-assigned-identity`; YAML
 * `identity: {type, user_assigned_identities}` (a list of `{resource_id}` or a map keyed by id) and
 * `primary_user_assigned_identity`. `az ml workspace create` includes these options and calls
 * `workspaceIdentityRequest` to fill its request body.
 */
import { z } from 'zod';
import type { OptionSpec } from '../../command-spec.js';
import { UsageError } from '../../errors.js';
import type { ParsedArgs } from '../../parse/parsed-args.js';

export const workspaceIdentityOptions: OptionSpec[] = [
  {
    dest: 'identityType',
    names: ['--identity-type'],
    help: "Type of the workspace's managed identity: system_assigned, user_assigned, or system_assigned,user_assigned (ARM spellings such as 'SystemAssigned, UserAssigned' are accepted).",
  },
  {
    dest: 'userAssignedIdentities',
    names: ['--user-assigned-identities'],
    kind: 'list',
    help: 'ARM ids of the user-assigned identities to attach, space or comma separated.',
  },
  {
    dest: 'primaryUserAssignedIdentity',
    names: ['--primary-user-assigned-identity'],
    help: 'ARM id of the user-assigned identity the workspace uses by default (one of the attached identities).',
  },
];

/** YAML fields of a workspace file for its identity (add to the workspace schema). */
export const workspaceIdentityYamlFields = {
  identity: z
    .strictObject({
      type: z.string(),
      user_assigned_identities: z
        .union([z.array(z.strictObject({ resource_id: z.string(), client_id: z.string().optional(), principal_id: z.string().optional() })), z.record(z.string(), z.unknown())])
        .optional(),
      principal_id: z.unknown().optional(),
      tenant_id: z.unknown().optional(),
    })
    .optional(),
  primary_user_assigned_identity: z.string().optional(),
};

export type WorkspaceIdentityYaml = {
  identity?: { type: string; user_assigned_identities?: Array<{ resource_id: string }> | Record<string, unknown> };
  primary_user_assigned_identity?: string;
};

const PARTS: Record<string, string> = { systemassigned: 'SystemAssigned', userassigned: 'UserAssigned', none: 'None' };

/** Any accepted spelling → ARM's `identity.type` (`SystemAssigned,UserAssigned`). */
export function armIdentityType(value: string): string {
  const parts = value
    .split(',')
    .map((p) => p.trim().replace(/[_\s-]/g, '').toLowerCase())
    .filter(Boolean);
  const mapped = parts.map((p) => PARTS[p]);
  if (parts.length === 0 || mapped.some((m) => !m) || (mapped.includes('None') && mapped.length > 1)) {
    throw new UsageError(`Invalid identity type '${value}'. Allowed values: system_assigned, user_assigned, system_assigned,user_assigned, none.`);
  }
  const set = new Set(mapped);
  if (set.has('None')) return 'None';
  return ['SystemAssigned', 'UserAssigned'].filter((t) => set.has(t)).join(',');
}

function uaiList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export interface WorkspaceIdentityRequest {
  /** The ARM `identity` object, when the caller set anything about it. */
  identity?: { type: string; userAssignedIdentities?: Record<string, Record<string, never>> };
  /** `properties.primaryUserAssignedIdentity`. */
  primaryUserAssignedIdentity?: string;
}

/**
 * The identity part of a workspace PUT/PATCH from the options (which win) and the YAML. `currentUais` are the
 * identities already attached (an update that only changes the type keeps them).
 */
export function workspaceIdentityRequest(args: ParsedArgs, yaml: WorkspaceIdentityYaml = {}, currentUais: readonly string[] = []): WorkspaceIdentityRequest {
  const out: WorkspaceIdentityRequest = {};
  const yamlUais = yaml.identity?.user_assigned_identities;
  const fromYaml = Array.isArray(yamlUais) ? yamlUais.map((u) => u.resource_id) : Object.keys(yamlUais ?? {});
  const given = uaiList(args.list('userAssignedIdentities'));
  let uais = given.length > 0 ? given : fromYaml;
  const typeText = args.str('identityType') ?? yaml.identity?.type;
  const primary = args.str('primaryUserAssignedIdentity') ?? yaml.primary_user_assigned_identity;
  if (primary) out.primaryUserAssignedIdentity = primary;
  if (!typeText && uais.length === 0) return out;
  const type = typeText ? armIdentityType(typeText) : 'SystemAssigned,UserAssigned';
  if (type.includes('UserAssigned')) {
    if (uais.length === 0) uais = [...currentUais];
    if (uais.length === 0) throw new UsageError(`--user-assigned-identities is required when the identity type includes user_assigned.`);
    out.identity = { type, userAssignedIdentities: Object.fromEntries(uais.map((id) => [id, {}])) };
  } else {
    if (uais.length > 0) throw new UsageError(`The identity type '${typeText}' takes no user-assigned identities; use system_assigned,user_assigned.`);
    out.identity = { type };
  }
  if (primary && out.identity.userAssignedIdentities && !Object.keys(out.identity.userAssignedIdentities).some((k) => k.toLowerCase() === primary.toLowerCase())) {
    throw new UsageError(`The primary user-assigned identity '${primary}' must be one of --user-assigned-identities.`);
  }
  return out;
}
