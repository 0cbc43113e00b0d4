/**
 * Builds an environment version's image (no container engine: nothing runs; the image is real as registry
 * content). The base comes from a Cerulean registry through the access rules of build-access.ts, or — outside
 * Cerulean's registries (`mcr.microsoft.com/…`) — is recorded by reference (no base layers; the config names it).
 * Either way the result goes to the workspace registry as `azureml/azureml_<hash>:latest`. Status, digests and the build log stay on the version
 * (`properties.imageBuild`); a failure sets `provisioningState: Failed` with the reason (the operation status).
 */
import type { PlatformContext } from '../../platform/context.js';
import { getArmResource, putArmResource, type ArmResource } from '../../arm/resource-store.js';
import { getRegistry } from '../../registry/arm/registry-records.js';
import type { Json } from '../arm/ml-request.js';
import { getWorkspace, type WorkspaceRecord } from '../arm/ml-records.js';
import { authorizePull, isRegistryHost } from './build-access.js';
import { dockerfileOf, readBuildContext, type BuildContext } from './build-context.js';
import { BuildFailure, buildErrors } from './build-errors.js';
import { planBuild, type BuildPlan, type EnvironmentDefinition } from './build-plan.js';
import { DockerfileError } from './dockerfile.js';
import { composeImage, isIndex, manifestParts, OCI_MANIFEST, pickPlatform } from './image-compose.js';
import { formatImageReference, ImageReferenceError, referenceOf } from './image-reference.js';
import { ImageStore } from './image-store.js';

export interface ImageBuildState {
  status: 'Running' | 'Succeeded' | 'Failed';
  baseImage?: string;
  baseImageDigest?: string;
  /** Where the base lives: `registry` (a Cerulean registry) or `external` (recorded by reference only). */
  baseSource?: 'registry' | 'external';
  image?: string;
  imageDigest?: string;
  connection?: string;
  startedAt: string;
  endedAt?: string;
  log: string[];
  error?: { code: string; message: string };
}

type EnvRecord = ArmResource<Json> & { internal?: { error?: { code: string; message: string }; stateChangedAt?: string } };

export function workspaceIdOf(versionId: string): string {
  return versionId.split('/').slice(0, -4).join('/');
}

export function definitionOf(r: ArmResource<Json>): EnvironmentDefinition {
  const p = r.properties;
  const parts = r.id.split('/');
  const def: EnvironmentDefinition = { name: parts[parts.length - 3], version: r.name };
  if (typeof p.image === 'string') def.image = p.image;
  if (typeof p.condaFile === 'string') def.condaFile = p.condaFile;
  if (p.build && typeof p.build === 'object') def.build = p.build as EnvironmentDefinition['build'];
  if (typeof p.osType === 'string') def.osType = p.osType;
  return def;
}

/** Whether building needs registry or storage work (otherwise the result is known at once). */
export function needsBuild(def: EnvironmentDefinition, baseHost: string | undefined): boolean {
  return !!def.build || (baseHost !== undefined && isRegistryHost(baseHost));
}

class BuildLog {
  readonly lines: string[] = [];
  constructor(private readonly ctx: PlatformContext) {}
  add(line: string): void {
    this.lines.push(`${new Date(this.ctx.clock.now()).toISOString()} ${line}`);
  }
}

function save(ctx: PlatformContext, id: string, state: ImageBuildState): void {
  ctx.store.transaction(() => {
    const r = getArmResource<Json>(ctx.store, id) as EnvRecord | undefined;
    if (!r) return;
    const done = state.status !== 'Running';
    const provisioningState = state.status === 'Succeeded' ? 'Succeeded' : state.status === 'Failed' ? 'Failed' : 'Creating';
    const internal = { ...(r.internal ?? {}), stateChangedAt: new Date(ctx.clock.now()).toISOString() };
    if (state.error) internal.error = state.error;
    else delete internal.error;
    const properties: Json = { ...r.properties, provisioningState, imageBuild: state };
    if (done && state.image && state.imageDigest) properties.imageDetails = { image: state.image, digest: state.imageDigest };
    putArmResource(ctx.store, { ...r, properties, internal } as EnvRecord);
  });
}

/** Runs the build of the version `id` to its end (never throws: failures are recorded on the version). */
export async function runImageBuild(ctx: PlatformContext, id: string): Promise<ImageBuildState> {
  const record = getArmResource<Json>(ctx.store, id);
  const log = new BuildLog(ctx);
  const state: ImageBuildState = { status: 'Running', startedAt: new Date(ctx.clock.now()).toISOString(), log: log.lines };
  if (!record) return { ...state, status: 'Failed', error: { code: 'NotFound', message: `The environment version '${id}' no longer exists.` } };
  const def = definitionOf(record);
  const ws = getWorkspace(ctx, workspaceIdOf(record.id));
  try {
    if (!ws) throw new BuildFailure('WorkspaceNotFound', `The workspace of '${id}' no longer exists.`);
    log.add(`Image build of environment '${def.name}' version '${def.version}'. No container engine is used: Dockerfile instructions are recorded in the image history, not executed.`);
    let context: BuildContext | undefined;
    if (def.build) {
      if (!def.build.contextUri) throw new BuildFailure('BuildContextNotFound', 'The environment build has no contextUri.');
      context = readBuildContext(ctx, def.build.contextUri, ws.id);
      log.add(`Build context: ${def.build.contextUri} (${context.files.length} files, ${context.digest}).`);
    }
    const plan = planOrFail(def, context);
    state.baseImage = plan.base.text;
    log.add(`Base image: ${plan.base.text}`);
    for (const ins of plan.dockerfile?.instructions ?? []) log.add(`Step (line ${ins.line}): ${ins.keyword} ${ins.args} -- recorded, not executed`);
    if (!isRegistryHost(plan.base.host)) {
      state.baseSource = 'external';
      writeReferenceImage(ctx, ws, def, plan, state, log);
    } else {
      state.baseSource = 'registry';
      await buildFromRegistry(ctx, ws, def, plan, context, state, log);
    }
  } catch (e) {
    const f = e instanceof BuildFailure ? e : new BuildFailure('ImageBuildFailed', `The image build failed: ${(e as Error)?.message ?? String(e)}`);
    if (!(e instanceof BuildFailure)) ctx.log.error({ evt: 'ml.environment.build', id, err: (e as Error)?.stack ?? String(e) });
    log.add(`ERROR (${f.code}): ${f.message}`);
    log.add('Build failed.');
    state.status = 'Failed';
    state.error = { code: f.code, message: f.message };
  }
  state.endedAt = new Date(ctx.clock.now()).toISOString();
  save(ctx, id, state);
  return state;
}

function planOrFail(def: EnvironmentDefinition, context: BuildContext | undefined): BuildPlan {
  try {
    const dockerfile = context && def.build ? dockerfileOf(context, def.build.dockerfilePath ?? 'Dockerfile') : undefined;
    return planBuild(def, dockerfile, context?.digest);
  } catch (e) {
    if (e instanceof DockerfileError) throw new BuildFailure('DockerfileInvalid', `${def.build?.dockerfilePath ?? 'Dockerfile'}: ${e.message}`);
    if (e instanceof ImageReferenceError) throw new BuildFailure('InvalidImageReference', e.message);
    throw new BuildFailure('InvalidEnvironment', (e as Error).message);
  }
}

/**
 * A base outside Cerulean's registries: recorded by reference (no base layers), yet the environment image — a config
 * naming the base in its labels and one layer with the conda specification — is written to the workspace registry.
 * Synchronous, so the version is complete when its PUT is answered.
 */
function writeReferenceImage(ctx: PlatformContext, ws: WorkspaceRecord, def: EnvironmentDefinition, plan: BuildPlan, state: ImageBuildState, log: BuildLog): void {
  log.add(`${plan.base.host} is not a Cerulean registry: the base image is recorded by reference only (its layers are not copied; the image config names it).`);
  const wsRegistry = getRegistry(ctx.store, String(ws.properties.containerRegistry ?? ''));
  if (wsRegistry) {
    const store = new ImageStore(ctx);
    const target = store.claim(wsRegistry);
    const image = composeImage({
      environment: { name: def.name, version: def.version },
      baseImage: plan.base.text,
      ...(plan.base.digest ? { baseDigest: plan.base.digest } : {}),
      baseMediaType: OCI_MANIFEST,
      baseManifest: { config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: '', size: 0 }, layers: [] },
      baseConfig: { architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] },
      condaFile: plan.condaFile,
      created: new Date(ctx.clock.now()).toISOString(),
    });
    store.putBlobSync(target, plan.repository, image.layer.blob);
    store.putBlobSync(target, plan.repository, image.config);
    log.add(`New layer ${image.layer.digest} (${image.layer.size} bytes): /${image.layer.entries.filter((e) => !e.endsWith('/')).join(', /')}`);
    const digest = store.putManifest(target, plan.repository, image.manifest, image.manifestMediaType, plan.tag);
    state.image = `${target}/${plan.repository}:${plan.tag}`;
    state.imageDigest = digest;
    log.add(`Pushed ${state.image} (${digest}).`);
  } else {
    log.add('The workspace has no container registry: no image is stored.');
  }
  log.add('Build succeeded.');
  state.status = 'Succeeded';
}

async function buildFromRegistry(
  ctx: PlatformContext,
  ws: WorkspaceRecord,
  def: EnvironmentDefinition,
  plan: BuildPlan,
  context: BuildContext | undefined,
  state: ImageBuildState,
  log: BuildLog,
): Promise<void> {
  const access = authorizePull(ctx, ws, plan.base.host, (l) => log.add(l));
  if (access.connection) state.connection = access.connection;
  const store = new ImageStore(ctx);
  const ls = store.claim(access.registry);
  const repo = plan.base.repository;
  const reference = referenceOf(plan.base);
  let found = store.manifest(ls, repo, reference);
  if ('missing' in found) throw found.missing === 'repository' ? buildErrors.unknownRepository(ls, repo) : buildErrors.unknownReference(ls, repo, reference);
  let base = found.found;
  if (isIndex(base.mediaType)) {
    const pick = pickPlatform(base.json);
    if (!pick) throw buildErrors.badBase(`the index ${base.digest} lists no images`);
    log.add(`${reference} is an index (${base.digest}); using the ${String((pick as { platform?: { os?: string; architecture?: string } }).platform?.os ?? '?')}/${String((pick as { platform?: { architecture?: string } }).platform?.architecture ?? '?')} image ${pick.digest}.`);
    found = store.manifest(ls, repo, pick.digest);
    if ('missing' in found) throw buildErrors.unknownReference(ls, repo, pick.digest);
    base = found.found;
  }
  let parts;
  try {
    parts = manifestParts(base.json);
  } catch (e) {
    throw buildErrors.badBase(`${(e as Error).message} (media type ${base.mediaType})`);
  }
  const configBytes = await store.blob(ls, repo, parts.config.digest);
  if (!configBytes) throw buildErrors.badBase(`its config blob ${parts.config.digest} is missing from ${ls}/${repo}`);
  let baseConfig: Record<string, unknown>;
  try {
    baseConfig = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw buildErrors.badBase(`its config blob ${parts.config.digest} is not JSON`);
  }
  for (const l of parts.layers) if (!store.hasLinkedBlob(ls, repo, l.digest)) throw buildErrors.badBase(`its layer ${l.digest} is missing from ${ls}/${repo}`);
  state.baseImageDigest = base.digest;
  log.add(`Resolved ${ls}/${repo}:${reference} to ${base.digest} (${base.mediaType}, ${parts.layers.length} layers).`);

  const wsRegistry = getRegistry(ctx.store, String(ws.properties.containerRegistry ?? ''));
  if (!wsRegistry) throw new BuildFailure('RegistryNotFound', `The workspace's container registry '${String(ws.properties.containerRegistry ?? '')}' does not exist.`);
  const target = store.claim(wsRegistry);
  const image = composeImage({
    environment: { name: def.name, version: def.version },
    baseImage: formatImageReference({ host: ls, repository: repo, tag: plan.base.tag ?? (plan.base.digest ? undefined : 'latest'), digest: plan.base.digest }),
    baseDigest: base.digest,
    baseMediaType: base.mediaType,
    baseManifest: base.json,
    baseConfig,
    condaFile: plan.condaFile,
    dockerfile: plan.dockerfile,
    contextFiles: context?.files,
    created: new Date(ctx.clock.now()).toISOString(),
  });
  for (const l of image.baseLayers) store.linkBlob(target, plan.repository, l.digest, l.size);
  await store.putBlob(target, plan.repository, image.layer.blob);
  await store.putBlob(target, plan.repository, image.config);
  log.add(`New layer ${image.layer.digest} (${image.layer.size} bytes): /${image.layer.entries.filter((e) => !e.endsWith('/')).join(', /')}`);
  const digest = store.putManifest(target, plan.repository, image.manifest, image.manifestMediaType, plan.tag);
  state.image = `${target}/${plan.repository}:${plan.tag}`;
  state.imageDigest = digest;
  log.add(`Pushed ${state.image} (${digest}).`);
  log.add('Build succeeded.');
  state.status = 'Succeeded';
}

/** Builds in progress in this process (a version `Creating` but absent here was interrupted by a restart). */
const running = new WeakMap<PlatformContext, Set<string>>();

export function startImageBuild(ctx: PlatformContext, id: string): Promise<ImageBuildState> {
  let set = running.get(ctx);
  if (!set) running.set(ctx, (set = new Set()));
  const key = id.toLowerCase();
  set.add(key);
  return new Promise<void>((r) => setImmediate(r))
    .then(() => runImageBuild(ctx, id))
    .finally(() => set.delete(key));
}

export function isBuildRunning(ctx: PlatformContext, id: string): boolean {
  return running.get(ctx)?.has(id.toLowerCase()) ?? false;
}

/** Marks builds left `Creating` by an earlier process as failed. */
export function failInterruptedBuilds(ctx: PlatformContext, versions: ReadonlyArray<ArmResource<Json>>): number {
  let n = 0;
  for (const v of versions) {
    if (v.properties.provisioningState !== 'Creating' || isBuildRunning(ctx, v.id)) continue;
    const prev = (v.properties.imageBuild ?? {}) as Partial<ImageBuildState>;
    const message = 'The image build was interrupted by a restart of the service. Create a new version to build again.';
    save(ctx, v.id, {
      ...prev,
      status: 'Failed',
      startedAt: prev.startedAt ?? new Date(ctx.clock.now()).toISOString(),
      endedAt: new Date(ctx.clock.now()).toISOString(),
      log: [...(prev.log ?? []), `ERROR (BuildInterrupted): ${message}`],
      error: { code: 'BuildInterrupted', message },
    });
    n++;
  }
  return n;
}
