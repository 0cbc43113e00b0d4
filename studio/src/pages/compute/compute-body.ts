/**
 * The PUT body of a new compute instance, built exactly as `az ml compute create` builds it
 * (src/cli/commands/ml-compute/compute-shape.ts `computeCreateBody`), so both make the same instance.
 */

/** Sizes offered by the form (Azure names; the service accepts any size string). Default first. */
export const VM_SIZES: ReadonlyArray<{ name: string; detail: string }> = [
  { name: 'Standard_DS3_v2', detail: '4 cores, 14 GB RAM, 28 GB disk' },
  { name: 'Standard_DS11_v2', detail: '2 cores, 14 GB RAM, 28 GB disk' },
  { name: 'Standard_DS12_v2', detail: '4 cores, 28 GB RAM, 56 GB disk' },
  { name: 'Standard_E4ds_v4', detail: '4 cores, 32 GB RAM, 150 GB disk' },
  { name: 'Standard_F4s_v2', detail: '4 cores, 8 GB RAM, 32 GB disk' },
  { name: 'Standard_NC6s_v3', detail: '6 cores, 112 GB RAM, 736 GB disk, 1 × V100 GPU' },
];

export const DEFAULT_VM_SIZE = VM_SIZES[0].name;

/** The name rule the service enforces (src/ml/compute/compute-input.ts). */
export const COMPUTE_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

export const COMPUTE_NAME_RULE =
  'It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 3 and 24 characters long.';

export type IdentityChoice = { type: 'SystemAssigned' } | { type: 'UserAssigned'; resourceIds: string[] };

export interface NewCompute {
  vmSize: string;
  identity?: IdentityChoice;
}

export function computeCreateBody(c: NewCompute, workspaceLocation: string): Record<string, unknown> {
  const inner: Record<string, unknown> = {
    vmSize: c.vmSize || 'STANDARD_DS3_V2',
    sshSettings: { sshPublicAccess: 'Disabled' },
    enableNodePublicIp: true,
  };
  const body: Record<string, unknown> = { location: workspaceLocation, tags: {}, properties: { computeType: 'ComputeInstance', properties: inner } };
  if (c.identity?.type === 'UserAssigned') {
    body.identity = { type: 'UserAssigned', userAssignedIdentities: Object.fromEntries(c.identity.resourceIds.map((id) => [id, {}])) };
  } else if (c.identity?.type === 'SystemAssigned') {
    body.identity = { type: 'SystemAssigned' };
  }
  return body;
}
