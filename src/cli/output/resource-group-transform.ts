/** az adds `resourceGroup` to every object whose `id` names one (azure-cli-core _resource_group_transform). */
export function addResourceGroup(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) addResourceGroup(v);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (!('resourceGroup' in obj) && typeof obj.id === 'string' && obj.id) {
    const parts = obj.id.split('/');
    if (parts.length > 8 && parts[3].toLowerCase() === 'resourcegroups') obj.resourceGroup = parts[4];
  }
  for (const [k, v] of Object.entries(obj)) if (k !== 'sourceVault') addResourceGroup(v);
}
