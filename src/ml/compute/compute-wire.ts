/** A compute as the RP returns it (2024-04-01 `ComputeResource`), optionally with the interim states of a reply. */
import type { ComputeRecord } from './compute-records.js';

export function computeWire(c: ComputeRecord, override?: { provisioningState?: string; state?: string }): Record<string, unknown> {
  const p = c.properties;
  const inner: Record<string, unknown> = {
    ...p.properties,
    ...(override?.state ? { state: override.state } : {}),
    osImageMetadata: { currentImageVersion: '24.06.10', latestImageVersion: '24.06.10', isLatestOsImageVersion: true },
    connectivityEndpoints: { publicIpAddress: '127.0.0.1', privateIpAddress: '127.0.0.1' },
    applications: [],
    errors: [],
    customServices: null,
    schedules: { computeStartStop: [] },
    dataMounts: [],
    versions: { runtime: 'cerulean' },
  };
  const out: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    location: c.location,
    tags: c.tags ?? {},
    properties: {
      computeType: p.computeType,
      computeLocation: p.computeLocation,
      ...(p.description !== undefined ? { description: p.description } : {}),
      provisioningState: override?.provisioningState ?? p.provisioningState,
      provisioningErrors: p.provisioningErrors,
      createdOn: p.createdOn,
      modifiedOn: p.modifiedOn,
      isAttachedCompute: p.isAttachedCompute,
      disableLocalAuth: p.disableLocalAuth,
      resourceId: null,
      properties: inner,
    },
  };
  if (c.identity) out.identity = c.identity;
  if (c.systemData) out.systemData = c.systemData;
  return out;
}
