/**
 * The environment image, composed without running anything: the base image's layers unchanged, one new layer
 * (`/azureml-environment-setup/`: the conda specification, the build context, a description of the build) and a
 * new config — the base config with the new layer's diff_id, labels naming the environment and its base, and the
 * Dockerfile's instructions recorded in `history` (marked as not executed).
 */
import type { DockerInstruction } from './dockerfile.js';
import { buildLayer, sha256Digest, type BuiltLayer, type LayerFile } from './tar-layer.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

export const SETUP_DIR = 'azureml-environment-setup';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  [k: string]: unknown;
}

export interface ComposeInput {
  environment: { name: string; version: string };
  baseImage: string;
  /** Unknown for a base recorded by reference (outside Cerulean's registries). */
  baseDigest?: string;
  baseMediaType: string;
  baseManifest: Record<string, unknown>;
  baseConfig: Record<string, unknown>;
  condaFile?: string;
  dockerfile?: { path: string; instructions: DockerInstruction[] };
  contextFiles?: ReadonlyArray<{ path: string; content: Buffer }>;
  /** ISO time of the build. */
  created: string;
}

export interface ComposedImage {
  layer: BuiltLayer;
  config: Buffer;
  configMediaType: string;
  manifest: Buffer;
  manifestMediaType: string;
  baseLayers: Descriptor[];
}

export function isIndex(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

/** The linux/amd64 entry of an index (else the first linux one, else the first). */
export function pickPlatform(index: Record<string, unknown>): Descriptor | undefined {
  const entries = (Array.isArray(index.manifests) ? index.manifests : []) as Array<Descriptor & { platform?: { os?: string; architecture?: string } }>;
  return (
    entries.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === 'amd64') ?? entries.find((m) => m.platform?.os === 'linux') ?? entries[0]
  );
}

/** The config and layer descriptors of an image manifest (throws on other shapes). */
export function manifestParts(manifest: Record<string, unknown>): { config: Descriptor; layers: Descriptor[] } {
  const config = manifest.config as Descriptor | undefined;
  const layers = manifest.layers as Descriptor[] | undefined;
  if (!config || typeof config.digest !== 'string' || !Array.isArray(layers)) throw new Error('the manifest has no config or layers');
  return { config, layers };
}

function layerFiles(input: ComposeInput): LayerFile[] {
  const files: LayerFile[] = [];
  const description = {
    environment: input.environment,
    baseImage: input.baseImage,
    baseImageDigest: input.baseDigest ?? null,
    dockerfile: input.dockerfile?.path ?? null,
    note: 'Built by Cerulean without a container engine: Dockerfile instructions are recorded in the image history, not executed.',
  };
  files.push({ path: `${SETUP_DIR}/environment.json`, content: Buffer.from(JSON.stringify(description, null, 2) + '\n') });
  if (input.condaFile !== undefined) files.push({ path: `${SETUP_DIR}/mutated_conda_dependencies.yml`, content: Buffer.from(input.condaFile) });
  for (const f of input.contextFiles ?? []) files.push({ path: `${SETUP_DIR}/context/${f.path}`, content: f.content });
  return files;
}

export function composeImage(input: ComposeInput): ComposedImage {
  const { config: baseConfigDesc, layers } = manifestParts(input.baseManifest);
  const docker = input.baseMediaType === DOCKER_MANIFEST;
  const layer = buildLayer(layerFiles(input));
  const cfg = structuredClone(input.baseConfig) as Record<string, unknown>;
  const rootfs = (cfg.rootfs ?? { type: 'layers', diff_ids: [] }) as { type: string; diff_ids?: string[] };
  rootfs.diff_ids = [...(rootfs.diff_ids ?? []), layer.diffId];
  cfg.rootfs = rootfs;
  const history = Array.isArray(cfg.history) ? [...(cfg.history as unknown[])] : [];
  for (const ins of input.dockerfile?.instructions ?? []) {
    history.push({ created: input.created, created_by: `${ins.keyword} ${ins.args}`.trim(), comment: `Dockerfile line ${ins.line}: recorded by Cerulean, not executed`, empty_layer: true });
  }
  history.push({
    created: input.created,
    created_by: `COPY ${SETUP_DIR} /${SETUP_DIR}`,
    comment: 'Cerulean environment image: conda specification and build context',
  });
  cfg.history = history;
  cfg.created = input.created;
  const inner = (cfg.config ?? {}) as Record<string, unknown>;
  inner.Labels = {
    ...((inner.Labels as Record<string, string> | undefined) ?? {}),
    'azureml.environment.name': input.environment.name,
    'azureml.environment.version': input.environment.version,
    'azureml.base.image': input.baseImage,
    ...(input.baseDigest ? { 'azureml.base.digest': input.baseDigest } : {}),
  };
  cfg.config = inner;
  const config = Buffer.from(JSON.stringify(cfg));
  const configMediaType = baseConfigDesc.mediaType || (docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json');
  const layerMediaType = docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip';
  const manifestMediaType = docker ? DOCKER_MANIFEST : OCI_MANIFEST;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: { mediaType: configMediaType, digest: sha256Digest(config), size: config.length },
      layers: [...layers.map((l) => ({ ...l })), { mediaType: layerMediaType, digest: layer.digest, size: layer.size }],
      annotations: docker
        ? undefined
        : { 'org.opencontainers.image.base.name': input.baseImage, ...(input.baseDigest ? { 'org.opencontainers.image.base.digest': input.baseDigest } : {}) },
    }),
  );
  return { layer, config, configMediaType, manifest, manifestMediaType, baseLayers: layers };
}
