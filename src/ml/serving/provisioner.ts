/**
 * Provisioning a deployment as Azure does, step by step: the storage initializer downloads the code and model with
 * the endpoint identity (Storage Blob Data Reader on the workspace storage), the environment image is pulled from
 * the workspace registry with the endpoint identity (the registry's token flow: AcrPull), the environment's conda dependencies are checked by the host, then
 * `instance_count` scoring hosts start, run init() and answer their readiness probe. The result is a live
 * deployment, or a ProvisioningError whose message names the missing permission or shows the init error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import type { StartWorkload } from '../../runtime/workload-launcher.js';
import { getEndpoint } from '../arm/ml-records.js';
import { ContainerLogs } from './container-logs.js';
import { parseCondaFile } from './conda-deps.js';
import { DeploymentPool } from './deployment-pool.js';
import { ProvisioningError, endpointIdentity, resolveDeploymentSpec, type DeploymentSpec } from './deployment-spec.js';
import { hostCommand, hostKindFor, pythonInterpreter } from './host-assets.js';
import { downloadAsset, requireBlobRead, resolveAssetUri } from './model-download.js';
import { ImagePullError, pullImageManifest } from './image-pull.js';
import { InstanceStartError, WorkerInstance } from './worker-instance.js';

export const ACR_PULL = 'Microsoft.ContainerRegistry/registries/pull/read';

export interface LiveDeployment {
  id: string;
  name: string;
  endpointId: string;
  spec: DeploymentSpec;
  pool: DeploymentPool;
  dir: string;
}

export interface ProvisionDeps {
  ctx: PlatformContext;
  startWorkload: StartWorkload;
  logs: ContainerLogs;
  /** Folder for this attempt (created here, 0755: isolated workloads read it under their own uid). */
  dir: string;
  /** False once a newer provisioning or a stop superseded this one. */
  current: () => boolean;
  restartBackoff?: { baseMs: number; maxMs: number };
  onInstanceReady?: (pool: DeploymentPool) => void;
  /** Told about the pool before its instances start (so a shutdown can stop them mid-start). */
  onPool?: (pool: DeploymentPool) => void;
}

function principalOf(a: { principalId: string; clientId: string; tenantId: string; resourceId: string }): Principal {
  return { objectId: a.principalId, tenantId: a.tenantId, type: 'ServicePrincipal', appId: a.clientId, miResourceId: a.resourceId };
}

/** The environment's build, waited for when still running (an environment built from a context builds after its PUT). */
async function awaitEnvironmentBuild(deps: ProvisionDeps, spec: DeploymentSpec, deploymentId: string): Promise<DeploymentSpec> {
  const deadline = deps.ctx.clock.now() + 120_000;
  let current = spec;
  for (let i = 0; i < 600 && current.environment?.buildStatus === 'Running' && deps.current() && deps.ctx.clock.now() < deadline; i++) {
    await new Promise((r) => setTimeout(r, 200));
    current = resolveDeploymentSpec(deps.ctx, deploymentId);
  }
  return current;
}

function pullImage(deps: ProvisionDeps, spec: DeploymentSpec, principal: Principal): void {
  const { ctx, logs } = deps;
  const env = spec.environment;
  if (!env) return;
  const si = (line: string) => logs.note('storage-initializer', line);
  if (env.buildStatus === 'Failed') throw new ProvisioningError(`The image build of environment '${env.id}' failed: create the environment again.`, 'EnvironmentImageBuildFailed');
  if (!env.builtImage) {
    if (spec.registryId) throw new ProvisioningError(`The environment '${env.id}' has no image in the workspace container registry (its build has not finished).`, 'EnvironmentImageNotBuilt');
    return;
  }
  try {
    const pulled = pullImageManifest(ctx, env.builtImage, principal, si);
    logs.note('inference-server', `Environment image: ${pulled.image}@${pulled.digest} (base ${env.image ?? 'from the build context'}; the scoring script runs in Cerulean's scoring host, not in the image).`);
  } catch (e) {
    if (!(e instanceof ImagePullError)) throw e;
    si(e.registryError);
    logs.note('inference-server', `Failed to pull image ${env.builtImage}: ${e.registryError}`);
    const hint =
      e.code === 'ImagePullAuthorizationFailed'
        ? ` Assign it the 'AcrPull' role on the registry (az role assignment create --assignee-object-id ${principal.objectId} --assignee-principal-type ServicePrincipal --role "AcrPull" --scope ${spec.registryId ?? '<registry id>'}), then create the deployment again.`
        : '';
    throw new ProvisioningError(
      `The endpoint identity (principal id ${principal.objectId}, client id ${principal.appId}) could not pull the image '${env.builtImage}': ${e.registryError}.${hint}`,
      e.code,
    );
  }
}

/** Writes the Python host's requirement list; logs what the conda file asks for. */
function condaConfig(deps: ProvisionDeps, spec: DeploymentSpec): string | undefined {
  const conda = spec.environment?.condaFile;
  if (!conda) return undefined;
  let parsed;
  try {
    parsed = parseCondaFile(conda);
  } catch (e) {
    throw new ProvisioningError((e as Error).message, 'EnvironmentInvalid');
  }
  const { logs } = deps;
  logs.note('inference-server', `Conda dependencies: ${parsed.requirements.map((r) => `${r.package}${r.op ? `${r.op}${r.version}` : ''} (module ${r.module})`).join(', ') || 'none'}`);
  if (parsed.provided.length > 0) logs.note('inference-server', `Provided by the scoring host: ${parsed.provided.join(', ')}`);
  const path = join(deps.dir, 'host-config.json');
  writeFileSync(path, JSON.stringify({ python: parsed.python, requirements: parsed.requirements }), { mode: 0o644 });
  return path;
}

/** Runs every step; resolves with the live deployment (instances ready) or throws a ProvisioningError. */
export async function provisionDeployment(deps: ProvisionDeps, deploymentId: string): Promise<LiveDeployment> {
  const { ctx, logs } = deps;
  const spec = await awaitEnvironmentBuild(deps, resolveDeploymentSpec(ctx, deploymentId), deploymentId);
  const ep = getEndpoint(ctx, spec.endpointId);
  const identity = ep ? endpointIdentity(ctx, ep) : undefined;
  if (!identity) throw new ProvisioningError(`The endpoint '${spec.endpointName}' has no managed identity to run its deployments with.`, 'IdentityNotFound');
  const principal = principalOf(identity);
  if (!spec.scoringScript || !spec.codeUri) {
    throw new ProvisioningError('The deployment has no code_configuration (code and scoring_script): Cerulean runs scoring scripts in its own hosts and does not run custom containers.', 'CodeNotFound');
  }
  mkdirSync(deps.dir, { recursive: true, mode: 0o755 });

  const si = (line: string) => logs.note('storage-initializer', line);
  si(`Starting storage initializer for deployment '${spec.name}' of endpoint '${spec.endpointName}' with identity ${identity.clientId} (${identity.kind}).`);
  const codeLoc = resolveAssetUri(ctx, spec.codeUri, spec.workspaceId);
  si(`Code: ${spec.codeUri} -> account '${codeLoc.account}', container '${codeLoc.container}', path '${codeLoc.path}'.`);
  requireBlobRead(ctx, principal, codeLoc, 'code');
  const code = downloadAsset(ctx, codeLoc, join(deps.dir, 'code'), si);
  const codeRoot = join(deps.dir, 'code', code.name);
  let modelDir: string | undefined;
  if (spec.model) {
    const modelLoc = resolveAssetUri(ctx, spec.model.uri, spec.workspaceId);
    si(`Model ${spec.model.name}:${spec.model.version}: ${spec.model.uri} -> account '${modelLoc.account}', container '${modelLoc.container}', path '${modelLoc.path}'.`);
    requireBlobRead(ctx, principal, modelLoc, `model '${spec.model.name}'`);
    modelDir = join(deps.dir, 'azureml-models', spec.model.name, spec.model.version);
    const m = downloadAsset(ctx, modelLoc, modelDir, si);
    si(`Model downloaded: ${m.files} file(s), ${m.bytes} bytes, to ${posix.join('azureml-models', spec.model.name, spec.model.version, m.name)}.`);
  }
  pullImage(deps, spec, principal);
  si('Storage initializer completed.');
  const script = spec.scoringScript.replace(/\\/g, '/');
  const kind = hostKindFor(script);
  const config = kind === 'python' ? condaConfig(deps, spec) : undefined;
  if (kind === 'python') logs.note('inference-server', `Python interpreter: ${pythonInterpreter()}`);
  const appRoot = join(codeRoot, dirname(script) === '.' ? '' : dirname(script));
  const host = hostCommand(kind, appRoot, config);
  const userEnv = spec.environmentVariables;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: process.env.LANG ?? 'C.UTF-8',
    ...host.env,
    ...userEnv,
    AML_APP_ROOT: appRoot,
    AZUREML_ENTRY_SCRIPT: basename(script),
    ...(modelDir ? { AZUREML_MODEL_DIR: modelDir } : {}),
  };
  if (host.env.PYTHONPATH && userEnv.PYTHONPATH) env.PYTHONPATH = `${host.env.PYTHONPATH}:${userEnv.PYTHONPATH}`;
  if (!modelDir) delete env.AZUREML_MODEL_DIR;

  const pool = new DeploymentPool(spec.maxConcurrentPerInstance);
  const readinessTimeoutMs = Math.max(spec.readiness.initialDelayMs + spec.readiness.periodMs * spec.readiness.failureThreshold, 30_000);
  for (let n = 0; n < spec.instanceCount; n++) {
    pool.instances.push(
      new WorkerInstance({
        launch: { argv: host.argv, cwd: appRoot, env, identities: [identity], description: `deployment ${spec.endpointName}/${spec.name} instance ${n}` },
        startWorkload: deps.startWorkload,
        logs,
        liveness: spec.liveness,
        readinessTimeoutMs,
        maxSockets: spec.maxConcurrentPerInstance,
        socketDir: join(deps.dir, 'sockets'),
        backoff: deps.restartBackoff,
        onReady: () => {
          pool.drain();
          deps.onInstanceReady?.(pool);
        },
      }),
    );
  }
  deps.onPool?.(pool);
  logs.note('inference-server', `Starting ${spec.instanceCount} instance(s) of the ${kind === 'python' ? 'Python' : 'Node'} scoring host.`);
  const results = await Promise.allSettled(pool.instances.map((i) => i.start()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed || !deps.current()) {
    await Promise.all(pool.instances.map((i) => i.stop(500)));
    if (!failed) throw new ProvisioningError('Superseded by a newer provisioning of the deployment.', 'Canceled');
    const e = failed.reason as Error;
    if (e instanceof InstanceStartError) {
      const hint = e.missingModules
        ? ` The scoring host's interpreter (${pythonInterpreter()}) cannot import them: install them for that interpreter (Debian: python3-<package>), or point CERULEAN_PYTHON at an interpreter that has them.`
        : '';
      throw new ProvisioningError(`${e.message}${hint}`, e.missingModules ? 'EnvironmentDependenciesMissing' : 'ScoringScriptInitFailed');
    }
    throw new ProvisioningError(`The scoring host could not start: ${e.message}`, 'ScoringHostStartFailed');
  }
  logs.note('inference-server', `Deployment '${spec.name}' is ready: ${spec.instanceCount} instance(s) answered their readiness probe.`);
  return { id: spec.id, name: spec.name, endpointId: spec.endpointId, spec, pool, dir: deps.dir };
}
