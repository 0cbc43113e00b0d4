import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../shared/principal.js';
import { RG, ROLE, WS, startEnvHarness, type EnvHarness } from '../environments/env-test-harness.js';
import { ImagePullError, pullImageManifest } from './image-pull.js';

let h: EnvHarness;
let ws: any;
let uai: any;
let image: string;
let digest: string;

before(async () => {
  h = await startEnvHarness();
  ws = (await h.put(WS, { location: 'eastus', properties: {} })).json;
  uai = (await h.put(`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ep-uai?api-version=2023-01-31`, { location: 'eastus' })).json;
  const env = await h.put(`${WS}/environments/inline/versions/1`, {
    properties: { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest', condaFile: 'name: env\ndependencies:\n  - python=3.10\n' },
  });
  assert.equal(env.status, 201, env.text);
  image = env.json.properties.imageDetails.image;
  digest = env.json.properties.imageDetails.digest;
});
after(() => h?.close());

function principal(): Principal {
  return { objectId: uai.properties.principalId, tenantId: uai.properties.tenantId, type: 'ServicePrincipal', appId: uai.properties.clientId, miResourceId: uai.id };
}

test('without AcrPull the pull fails with the registry DENIED error naming AcrPull at the registry scope; with it the manifest is pulled', async () => {
  const lines: string[] = [];
  const registryId: string = ws.properties.containerRegistry;
  assert.throws(
    () => pullImageManifest(h.ctx, image, principal(), (l) => lines.push(l)),
    (e: unknown) =>
      e instanceof ImagePullError &&
      e.code === 'ImagePullAuthorizationFailed' &&
      e.registryError.startsWith('Error response from registry: denied: requested access to the resource is denied (DENIED; ') &&
      e.message.includes(`Requires 'AcrPull' (action 'Microsoft.ContainerRegistry/registries/pull/read') at the registry scope ${registryId}`),
  );
  assert.equal(lines[0], `Pulling image ${image} with identity ${uai.properties.clientId}.`);
  assert.ok(lines.some((l) => l.includes('access token granted [].')));

  await h.grant(registryId, ROLE.acrPull, uai.properties.principalId);
  const ok: string[] = [];
  const pulled = pullImageManifest(h.ctx, image, principal(), (l) => ok.push(l));
  assert.equal(pulled.digest, digest);
  assert.ok(ok.some((l) => l.includes('access token granted [pull].')));
  assert.ok(ok.includes(`Pulled manifest ${digest} (application/vnd.oci.image.manifest.v1+json).`));
});

test('an image missing from the registry fails with MANIFEST_UNKNOWN / NAME_UNKNOWN', () => {
  const ls = image.split('/')[0];
  const noTag = () => pullImageManifest(h.ctx, image.replace(':latest', ':v9'), principal(), () => undefined);
  assert.throws(noTag, (e: unknown) => e instanceof ImagePullError && e.code === 'ImageNotFound' && /MANIFEST_UNKNOWN/.test(e.registryError));
  const noRepo = () => pullImageManifest(h.ctx, `${ls}/azureml/nosuch:latest`, principal(), () => undefined);
  assert.throws(noRepo, (e: unknown) => e instanceof ImagePullError && /NAME_UNKNOWN/.test(e.registryError));
});
