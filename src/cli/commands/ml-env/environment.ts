/** `az ml environment create|show|list|archive`. Create waits for the image build (progress shown; `--no-wait` returns at once). */
import { isAbsolute, resolve } from 'node:path';
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { uploadLocalAsset } from '../ml/asset-upload.js';
import { defaultDatastore } from '../ml/datastore.js';
import { environmentProperties } from '../ml/deployment-assets.js';
import { waitForOperation } from '../ml/ml-progress.js';
import { creationContext, obj } from '../ml/ml-wire.js';
import { fileOption, ML_API_VERSION, mlScope, mlScopeOptions, noWaitOption, setOption, type MlScope } from '../ml/ml-scope.js';
import { environmentSchema } from './environment-schema.js';
import { environmentShape } from './environment-shape.js';

const nameOption = { dest: 'name', names: ['--name', '-n'], help: 'Name of the environment.' };
const versionOption = { dest: 'version', names: ['--version', '-v'], help: 'Version of the environment.' };

function envPath(s: MlScope, name: string, version?: string): string {
  return `${s.workspacePath}/environments/${encodeURIComponent(name)}${version !== undefined ? `/versions/${encodeURIComponent(version)}` : ''}`;
}

async function nextVersion(s: MlScope, name: string): Promise<string> {
  const res = await s.arm.raw({ method: 'GET', path: envPath(s, name), apiVersion: ML_API_VERSION });
  return res.status === 200 ? String(obj(obj(JSON.parse(res.text)).properties).nextVersion ?? '1') : '1';
}

/** Prints the build log of a version to stderr (after a failed build). */
async function printBuildLog(ctx: CommandContext, s: MlScope, path: string): Promise<void> {
  const res = await s.arm.raw({ method: 'GET', path, apiVersion: ML_API_VERSION });
  if (res.status !== 200) return;
  const log = obj(obj(obj(JSON.parse(res.text)).properties).imageBuild).log;
  if (Array.isArray(log) && log.length > 0) ctx.io.stderr(`Image build log:\n${log.map((l) => `  ${String(l)}`).join('\n')}\n`);
}

export const mlEnvironmentCreateCommand: CommandSpec = {
  path: ['ml', 'environment', 'create'],
  summary: 'Create an environment.',
  options: [
    fileOption,
    nameOption,
    versionOption,
    { dest: 'image', names: ['--image', '-i'], help: 'Docker image: <registry>/<repository>:<tag>.' },
    { dest: 'condaFile', names: ['--conda-file', '-c'], help: 'Local path to a conda specification file.' },
    { dest: 'buildContext', names: ['--build-context', '-b'], help: 'Local path to the directory to use as the Docker build context.' },
    { dest: 'dockerfilePath', names: ['--dockerfile-path', '-d'], help: 'Path of the Dockerfile relative to the build context. Default: Dockerfile.' },
    { dest: 'description', names: ['--description'], help: 'Description of the environment.' },
    { dest: 'osType', names: ['--os-type'], choices: ['linux', 'windows'], help: 'Type of operating system.' },
    setOption,
    noWaitOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    const { spec, baseDir } = loadSpec(environmentSchema, {
      file: args.str('file'),
      cwd: ctx.io.cwd,
      set: args.list('set'),
      params: {
        name: args.str('name'),
        version: args.str('version'),
        image: args.str('image'),
        conda_file: args.str('condaFile'),
        description: args.str('description'),
        os_type: args.str('osType'),
      },
    });
    if (args.str('buildContext')) spec.build = { path: args.str('buildContext')!, dockerfile_path: args.str('dockerfilePath') };
    else if (args.str('dockerfilePath') && spec.build) spec.build.dockerfile_path = args.str('dockerfilePath');
    if (spec.image && spec.build) throw new CliError('Docker image or Dockerfile should be provided, not both: set either image or build.');
    if (spec.conda_file !== undefined && !spec.image) throw new CliError('A conda file needs a base image: set image together with conda_file (with build, install the conda environment in the Dockerfile).');
    const s = await mlScope(ctx, args);
    const version = spec.version ?? (await nextVersion(s, spec.name));
    const path = envPath(s, spec.name, version);
    const existing = await s.arm.raw({ method: 'GET', path, apiVersion: ML_API_VERSION });
    if (existing.status === 200) {
      throw new CliError(`(UserError) An environment with name '${spec.name}' and version '${version}' already exists. If you are trying to create a new version, use a different version.`);
    }
    const properties = environmentProperties(spec, baseDir);
    properties.isAnonymous = false;
    if (spec.build) {
      const p = spec.build.path;
      if (/^https?:\/\//.test(p)) properties.build = { contextUri: p, dockerfilePath: spec.build.dockerfile_path ?? 'Dockerfile' };
      else {
        const up = await uploadLocalAsset(ctx, s, await defaultDatastore(s), isAbsolute(p) ? p : resolve(baseDir, p), 'build context');
        properties.build = { contextUri: up.blobUri, dockerfilePath: spec.build.dockerfile_path ?? 'Dockerfile' };
      }
    }
    const first = await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body: { properties } });
    if (args.flag('noWait')) return environmentShape(first.body);
    const outcome = await waitForOperation(ctx, s.arm, first);
    if (outcome.status !== 'Succeeded') {
      await printBuildLog(ctx, s, path);
      throw new CliError(`(${outcome.error?.code ?? 'ImageBuildFailed'}) ${outcome.error?.message ?? 'The environment image build failed.'}`);
    }
    return environmentShape(await s.arm.get(path, ML_API_VERSION));
  },
};

async function resolveVersion(s: MlScope, name: string, version: string | undefined, label: string | undefined): Promise<string> {
  if (!version === !label) throw new CliError('Must provide either version or label.');
  if (version) return version;
  if (label !== 'latest') throw new CliError(`Unsupported label '${label}': only 'latest' is supported.`);
  const c = await s.arm.get(envPath(s, name), ML_API_VERSION);
  const latest = obj(obj(c).properties).latestVersion;
  if (!latest) throw new CliError(`No versions of environment '${name}' were found.`);
  return String(latest);
}

export const mlEnvironmentShowCommand: CommandSpec = {
  path: ['ml', 'environment', 'show'],
  summary: 'Show details for an environment, including the status and log of its image build.',
  options: [{ ...nameOption, required: true }, versionOption, { dest: 'label', names: ['--label', '-l'], help: "Label of the environment (only 'latest')." }, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const name = args.str('name')!;
    const version = await resolveVersion(s, name, args.str('version'), args.str('label'));
    return environmentShape(await s.arm.get(envPath(s, name, version), ML_API_VERSION));
  },
};

export const mlEnvironmentListCommand: CommandSpec = {
  path: ['ml', 'environment', 'list'],
  summary: 'List environments in a workspace.',
  options: [
    { ...nameOption, help: 'Name of the environment: lists its versions.' },
    { dest: 'archivedOnly', names: ['--archived-only'], kind: 'flag', help: 'List archived environments only.' },
    { dest: 'includeArchived', names: ['--include-archived'], kind: 'flag', help: 'List archived environments and active environments.' },
    ...mlScopeOptions,
  ],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((e) => ({ Name: e.name, Version: e.version ?? e.latest_version, Status: obj(e.image_build).status })),
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const listViewType = args.flag('archivedOnly') ? 'ArchivedOnly' : args.flag('includeArchived') ? 'All' : 'ActiveOnly';
    const name = args.str('name');
    if (name) return (await s.arm.list(`${envPath(s, name)}/versions`, ML_API_VERSION, { listViewType })).map(environmentShape);
    const containers = await s.arm.list(`${s.workspacePath}/environments`, ML_API_VERSION, { listViewType });
    return containers
      .filter((c) => c.name !== 'CliV2AnonymousEnvironment')
      .map((c) => {
        const p = obj(c.properties);
        const out: Record<string, unknown> = { creation_context: creationContext(c.systemData), latest_version: p.latestVersion ?? null, name: c.name };
        if (p.description) out.description = p.description;
        if (p.tags && Object.keys(obj(p.tags)).length) out.tags = p.tags;
        return out;
      });
  },
};

export const mlEnvironmentArchiveCommand: CommandSpec = {
  path: ['ml', 'environment', 'archive'],
  summary: 'Archive an environment (all its versions) or one version.',
  options: [{ ...nameOption, required: true }, versionOption, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const path = envPath(s, args.str('name')!, args.str('version'));
    const current = obj(await s.arm.get(path, ML_API_VERSION));
    const properties = { ...obj(current.properties), isArchived: true };
    await s.arm.send({ method: 'PUT', path, apiVersion: ML_API_VERSION, body: { properties } });
    return undefined;
  },
};
