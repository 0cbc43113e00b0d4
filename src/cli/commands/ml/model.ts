/** `az ml model create|show|list`. */
import { isAbsolute, resolve } from 'node:path';
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { MODEL_TYPES, modelSchema } from '../../ml-yaml/model-schema.js';
import { modelShape } from './asset-shape.js';
import { uploadLocalAsset } from './asset-upload.js';
import { defaultDatastore } from './datastore.js';
import { creationContext, obj } from './ml-wire.js';
import { fileOption, ML_API_VERSION, mlScope, mlScopeOptions, setOption } from './ml-scope.js';

export const mlModelCreateCommand: CommandSpec = {
  path: ['ml', 'model', 'create'],
  summary: 'Create a model.',
  options: [
    { dest: 'name', names: ['--name', '-n'], help: 'Name of the model.' },
    { dest: 'version', names: ['--version', '-v'], help: 'Version of the model.' },
    { dest: 'path', names: ['--path', '-p'], help: 'Path to the model files: a local file or folder, or a datastore/job URI.' },
    { dest: 'type', names: ['--type', '-t'], choices: [...MODEL_TYPES], help: 'The type of the model. Default: custom_model.' },
    { dest: 'description', names: ['--description', '-d'], help: 'Description of the model.' },
    fileOption,
    setOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const { spec, baseDir } = loadSpec(modelSchema, {
      file: args.str('file'),
      cwd: ctx.io.cwd,
      set: args.list('set'),
      params: { name: args.str('name'), version: args.str('version'), path: args.str('path'), type: args.str('type'), description: args.str('description') },
    });
    if (!spec.path) throw new CliError('A model needs a path: give --path or set path in the YAML file.');
    let version = spec.version;
    if (!version) {
      const res = await s.arm.raw({ method: 'GET', path: `${s.workspacePath}/models/${encodeURIComponent(spec.name)}`, apiVersion: ML_API_VERSION });
      version = res.status === 200 ? String(obj(obj(JSON.parse(res.text)).properties).nextVersion ?? '1') : '1';
    }
    const versionPath = `${s.workspacePath}/models/${encodeURIComponent(spec.name)}/versions/${encodeURIComponent(version)}`;
    const existing = await s.arm.raw({ method: 'GET', path: versionPath, apiVersion: ML_API_VERSION });
    if (existing.status === 200) {
      throw new CliError(`(UserError) A model with this name and version already exists. If you are trying to create a new version, use a different version.`);
    }
    let modelUri = spec.path;
    if (!/^(azureml|https?|wasbs?|runs):/.test(spec.path)) {
      const localPath = isAbsolute(spec.path) ? spec.path : resolve(baseDir, spec.path);
      modelUri = (await uploadLocalAsset(ctx, s, await defaultDatastore(s), localPath, 'model')).datastoreUri;
    }
    const properties: Record<string, unknown> = { modelUri, modelType: spec.type ?? 'custom_model', isAnonymous: false };
    if (spec.description) properties.description = spec.description;
    if (spec.tags) properties.tags = spec.tags;
    if (spec.properties) properties.properties = spec.properties;
    if (spec.flavors) properties.flavors = spec.flavors;
    if (spec.stage) properties.stage = spec.stage;
    const res = await s.arm.send({ method: 'PUT', path: versionPath, apiVersion: ML_API_VERSION, body: { properties } });
    return modelShape(res.body);
  },
};

export const mlModelShowCommand: CommandSpec = {
  path: ['ml', 'model', 'show'],
  summary: 'Show details for a model.',
  options: [
    { dest: 'name', names: ['--name', '-n'], required: true, help: 'Name of the model.' },
    { dest: 'version', names: ['--version', '-v'], help: 'Version of the model.' },
    { dest: 'label', names: ['--label', '-l'], help: "Label of the model (only 'latest')." },
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const name = args.str('name')!;
    let version = args.str('version');
    if (!version === !args.str('label')) throw new CliError('Must provide either version or label.');
    if (!version) {
      if (args.str('label') !== 'latest') throw new CliError(`Unsupported label '${args.str('label')}': only 'latest' is supported.`);
      const c = await s.arm.get(`${s.workspacePath}/models/${encodeURIComponent(name)}`, ML_API_VERSION);
      version = String(obj(obj(c).properties).latestVersion ?? '');
    }
    return modelShape(await s.arm.get(`${s.workspacePath}/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`, ML_API_VERSION));
  },
};

export const mlModelListCommand: CommandSpec = {
  path: ['ml', 'model', 'list'],
  summary: 'List models in a workspace.',
  options: [{ dest: 'name', names: ['--name', '-n'], help: 'Name of the model: lists its versions.' }, ...mlScopeOptions],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((m) => ({ Name: m.name, Version: m.version ?? m.latest_version, Description: m.description })),
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const name = args.str('name');
    if (name) return (await s.arm.list(`${s.workspacePath}/models/${encodeURIComponent(name)}/versions`, ML_API_VERSION)).map(modelShape);
    const containers = await s.arm.list(`${s.workspacePath}/models`, ML_API_VERSION);
    return containers
      .filter((c) => obj(c.properties).isAnonymous !== true)
      .map((c) => {
        const p = obj(c.properties);
        const out: Record<string, unknown> = { creation_context: creationContext(c.systemData), latest_version: p.latestVersion ?? null, name: c.name };
        if (p.description) out.description = p.description;
        if (p.tags && Object.keys(obj(p.tags)).length) out.tags = p.tags;
        return out;
      });
  },
};
