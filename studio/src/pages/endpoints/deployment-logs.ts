/** A deployment's container logs through ARM (`POST …/deployments/{d}/getLogs`, as `az ml online-deployment get-logs`). */
import { armSend } from '../../api/arm.js';
import { ML_API, deploymentPath } from './ml-resources.js';

export type ContainerType = 'InferenceServer' | 'StorageInitializer';

export const CONTAINERS: Array<{ value: ContainerType; label: string }> = [
  { value: 'InferenceServer', label: 'inference-server' },
  { value: 'StorageInitializer', label: 'storage-initializer' },
];

export async function getLogs(group: string, workspace: string, endpoint: string, deployment: string, containerType: ContainerType, tail: number): Promise<string> {
  const r = await armSend<{ content?: string }>('POST', `${deploymentPath(group, workspace, endpoint, deployment)}/getLogs`, ML_API, { containerType, tail });
  return r?.content ?? '';
}
