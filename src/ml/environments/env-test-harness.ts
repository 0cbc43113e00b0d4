/**
 * Test support for connections and environment builds: the ML harness's providers plus this module's, a data
 * directory for registry content, and helpers for identities, registries, role assignments and base images
 * (pushed at the store level, as the registry plane stores them).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startArmHarness, TEST_SUBSCRIPTION, type ArmHarness, type ArmResponse } from '../../arm/arm-test-harness.js';
import { managedIdentityProvider } from '../../managed-identity/managed-identity-provider.js';
import { createStorageProvider } from '../../storage/arm/storage-provider.js';
import { createContainerRegistryProvider } from '../../registry/arm/registry-provider.js';
import { getRegistry } from '../../registry/arm/registry-records.js';
import { createMachineLearningProvider } from '../arm/ml-provider.js';
import { createMlEnvironmentProvider } from './ml-env-provider.js';
import { ImageStore } from './image-store.js';
import { sha256Digest } from './tar-layer.js';

export const V = 'api-version=2024-04-01';
export const RG = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1`;
export const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
export const ROLE = { acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d', managedIdentityOperator: 'f1a07417-d97a-45cb-824c-7a7467783830' };

export interface EnvHarness extends ArmHarness {
  put(path: string, body: unknown): Promise<ArmResponse>;
  get(path: string): Promise<ArmResponse>;
  poll(url: string): Promise<ArmResponse>;
  grant(scope: string, role: string, principalId: string): Promise<string>;
  /** Stores a two-layer OCI image in the registry and returns its manifest digest. */
  pushBase(registryId: string, repo: string, tag: string): Promise<string>;
}

export async function startEnvHarness(): Promise<EnvHarness> {
  const h = await startArmHarness({
    providers: (ctx) => [managedIdentityProvider(ctx), createStorageProvider(ctx), createContainerRegistryProvider(ctx), createMachineLearningProvider(ctx), createMlEnvironmentProvider(ctx)],
  });
  const root = mkdtempSync(join(tmpdir(), 'ml-env-'));
  Object.assign(h.ctx.paths, { root, blobsDir: join(root, 'blobs') });
  const t = h.admin.token;
  const extra = {
    put: (path: string, body: unknown) => h.call('PUT', path.includes('?') ? path : `${path}?${V}`, { token: t, body }),
    get: (path: string) => h.call('GET', `${path}?${V}`, { token: t }),
    async poll(url: string) {
      const path = url.replace(h.base, '');
      for (let i = 0; i < 200; i++) {
        const r = await h.call('GET', path, { token: t });
        if (r.json?.status !== 'InProgress') return r;
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error(`operation ${url} did not finish`);
    },
    async grant(scope: string, role: string, principalId: string) {
      const name = randomUUID();
      const r = await h.call('PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`, {
        token: t,
        body: { properties: { roleDefinitionId: `/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId, principalType: 'ServicePrincipal' } },
      });
      if (r.status !== 201) throw new Error(`role assignment: ${r.status} ${r.text}`);
      return `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    },
    async pushBase(registryId: string, repo: string, tag: string) {
      const store = new ImageStore(h.ctx);
      const ls = store.claim(getRegistry(h.ctx.store, registryId)!);
      const layers = [Buffer.from('base layer one'), Buffer.from('base layer two')];
      const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/bin'] }, rootfs: { type: 'layers', diff_ids: layers.map(sha256Digest) }, history: [{ created_by: 'base' }, { created_by: 'base 2' }] }));
      for (const b of [...layers, config]) await store.putBlob(ls, repo, b);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.length },
          layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256Digest(l), size: l.length })),
        }),
      );
      return store.putManifest(ls, repo, manifest, 'application/vnd.oci.image.manifest.v1+json', tag);
    },
  };
  const rg = await h.call('PUT', `${RG}?api-version=2021-04-01`, { token: t, body: { location: 'eastus' } });
  if (rg.status !== 201) throw new Error(`resource group: ${rg.status} ${rg.text}`);
  return Object.assign(h, extra);
}
