/**
 * Test support for the ML provider: the ARM harness with the managed-identity, storage, registry and ML providers,
 * a resource group, and functions to create a workspace and follow long-running operations.
 */
import { startArmHarness, TEST_SUBSCRIPTION, type ArmHarness, type ArmResponse } from '../../arm/arm-test-harness.js';
import { managedIdentityProvider } from '../../managed-identity/managed-identity-provider.js';
import { createStorageProvider } from '../../storage/arm/storage-provider.js';
import { createContainerRegistryProvider } from '../../registry/arm/registry-provider.js';
import { createMachineLearningProvider } from './ml-provider.js';

export const V = 'api-version=2024-04-01';
export const RG = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1`;
export const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1`;

export interface MlHarness extends ArmHarness {
  /** Creates workspace `name` in rg1 (eastus) and returns its JSON. */
  workspace(name?: string): Promise<any>;
  /** GETs an absolute polling URL of this harness until it stops answering 202 / InProgress (max ~5 s). */
  poll(url: string): Promise<ArmResponse>;
}

export async function startMlHarness(): Promise<MlHarness> {
  const h = await startArmHarness({
    providers: (ctx) => [managedIdentityProvider(ctx), createStorageProvider(ctx), createContainerRegistryProvider(ctx), createMachineLearningProvider(ctx)],
  });
  const put = await h.call('PUT', `${RG}?api-version=2021-04-01`, { token: h.admin.token, body: { location: 'eastus' } });
  if (put.status !== 201) throw new Error(`resource group: ${put.status} ${put.text}`);
  const extra = {
    async workspace(name = 'ws1') {
      const r = await h.call('PUT', `${RG}/providers/Microsoft.MachineLearningServices/workspaces/${name}?${V}`, {
        token: h.admin.token,
        body: { location: 'eastus', properties: { friendlyName: name } },
      });
      if (r.status !== 200) throw new Error(`workspace: ${r.status} ${r.text}`);
      return r.json;
    },
    async poll(url: string) {
      const path = url.replace(h.base, '');
      for (let i = 0; i < 100; i++) {
        const r = await h.call('GET', path, { token: h.admin.token });
        if (r.status !== 202 && r.json?.status !== 'InProgress') return r;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`operation ${url} did not finish`);
    },
  };
  return Object.assign(h, extra);
}
