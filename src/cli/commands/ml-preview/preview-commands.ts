/**
 * The 2021 preview commands `az ml endpoint create|update|show|list|get-logs|invoke|list-keys|delete` (CLI 2.0
 * preview, one YAML file holding an endpoint and its deployments), mapped onto today's `az ml online-endpoint`
 * and `az ml online-deployment` operations. Each prints one note on stderr naming the current command(s).
 */
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec, GroupSpec, OptionSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { ParsedArgs, type ArgValue } from '../../parse/parsed-args.js';
import { mlDeploymentDeleteCommand, mlDeploymentGetLogsCommand } from '../ml/deployment-ops.js';
import { mlEndpointGetCredentialsCommand, mlEndpointInvokeCommand } from '../ml/endpoint-invoke.js';
import { endpointPath, getIfExists, workspaceLocation } from '../ml/ml-endpoints.js';
import { fileOption, mlScope, mlScopeOptions, setOption, yesOption } from '../ml/ml-scope.js';
import { mlEndpointDeleteCommand, mlEndpointListCommand } from '../ml/online-endpoint.js';
import { createEndpoint, deployOne, endpointLocation, previewShow, updateEndpoint } from './preview-apply.js';
import { currentCommandLines, mapDeployment, mapEndpoint, unmappableMessage, type MappedEndpoint } from './preview-map.js';
import { previewDeploymentSchema, previewEndpointSchema } from './preview-schema.js';

const nameOption: OptionSpec = { dest: 'name', names: ['--name', '-n'], help: 'Name of the endpoint.' };
const deploymentOption: OptionSpec = { dest: 'deployment', names: ['--deployment', '-d', '--deployment-name'], help: 'Name of the deployment.' };
const typeOption: OptionSpec = { dest: 'type', names: ['--type', '-t'], choices: ['online', 'batch'], help: 'Type of the endpoint (2021 preview).' };

/** One line on stderr: which current command(s) a preview command ran as. */
function note(ctx: CommandContext, preview: string, current: string[]): void {
  ctx.warn(`'az ml endpoint ${preview}' is the 2021 preview command; ran as: ${current.join(' ; ')}`);
}

function refuseBatch(args: ParsedArgs, preview: string): void {
  if (args.str('type') === 'batch') {
    throw new CliError(`'az ml endpoint ${preview} --type batch' has no counterpart here: batch endpoints are 'az ml batch-endpoint ${preview}' today, and Cerulean does not run batch endpoints.`);
  }
}

/** Today's command run with the values of a preview command line (scope options carried over). */
function reuse(spec: CommandSpec, ctx: CommandContext, args: ParsedArgs, values: Record<string, ArgValue | undefined>): Promise<unknown> {
  const map = new Map<string, ArgValue>();
  for (const dest of ['resourceGroup', 'workspace']) {
    const v = args.str(dest);
    if (v !== undefined) map.set(dest, v);
  }
  for (const [k, v] of Object.entries(values)) if (v !== undefined) map.set(k, v);
  return spec.run(ctx, new ParsedArgs(map));
}

function requireName(args: ParsedArgs): string {
  const name = args.str('name');
  if (!name) throw new CliError('the following arguments are required: --name/-n', 2);
  return name;
}

/** `blue:90,green:10` or `blue=90 green=10`. */
export function parsePreviewTraffic(values: string[] | undefined): Record<string, number> | undefined {
  if (!values) return undefined;
  const out: Record<string, number> = {};
  for (const item of values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean)) {
    const m = /^([^:=]+)[:=](\d+)$/.exec(item);
    if (!m) throw new CliError(`usage error: --traffic expects <deployment>:<percent> pairs, e.g. "blue:90,green:10" (got '${item}').`, 2);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

function loadPreview(ctx: CommandContext, args: ParsedArgs, file: string) {
  const loaded = loadSpec(previewEndpointSchema, { file, cwd: ctx.io.cwd, set: args.list('set'), params: { name: args.str('name')?.toLowerCase() } });
  return { ...loaded, mapped: mapEndpoint(loaded.spec) };
}

function refuseUnmappable(m: MappedEndpoint, file: string, createEndpoint: boolean): void {
  if (m.problems.length === 0) return;
  const [first, ...rest] = unmappableMessage(m, file, createEndpoint);
  throw new CliError(first, 1, rest);
}

export const previewCreateCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'create'],
  summary: '(2021 preview) Create an endpoint and its deployments from one YAML file.',
  options: [nameOption, { ...fileOption, required: true }, setOption, typeOption, { dest: 'noWait', names: ['--no-wait'], kind: 'flag', help: 'Not supported: the preview command waits.' }, ...mlScopeOptions],
  async run(ctx, args) {
    refuseBatch(args, 'create');
    const file = args.str('file')!;
    const { baseDir, mapped } = loadPreview(ctx, args, file);
    refuseUnmappable(mapped, file, true);
    note(ctx, 'create', currentCommandLines(mapped, { createEndpoint: true }));
    for (const d of mapped.deployments) for (const n of d.notes) ctx.warn(`${file} (deployment '${d.name}'): ${n}.`);
    const s = await mlScope(ctx, args);
    const name = String(mapped.endpoint.name);
    if (await getIfExists(s, endpointPath(s, name))) {
      throw new CliError(`(UserError) An endpoint with this name already exists. To add or change deployments, use \`az ml endpoint update --name ${name} --file ${file}\` (today: az ml online-deployment create|update).`);
    }
    const location = await workspaceLocation(s);
    await createEndpoint(ctx, s, mapped, file, location);
    for (const d of mapped.deployments) await deployOne(ctx, s, d, baseDir, file, location);
    if (mapped.traffic && Object.keys(mapped.traffic).length > 0) await updateEndpoint(ctx, s, name, { traffic: mapped.traffic });
    return previewShow(s, name);
  },
};

export const previewUpdateCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'update'],
  summary: '(2021 preview) Update an endpoint: create or update deployments of the YAML file, set traffic.',
  options: [
    nameOption,
    fileOption,
    { dest: 'deployment', names: ['--deployment', '-d'], help: 'Only this deployment of the file is created or updated.' },
    { dest: 'deploymentFile', names: ['--deployment-file'], help: 'YAML file of one deployment (2021 preview schema).' },
    { dest: 'traffic', names: ['--traffic'], kind: 'list', help: 'Traffic rules, e.g. "blue:90,green:10".' },
    setOption,
    typeOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    refuseBatch(args, 'update');
    const file = args.str('file');
    const deploymentFile = args.str('deploymentFile');
    let mapped: MappedEndpoint;
    let baseDir = ctx.io.cwd;
    let label = file ?? deploymentFile ?? 'command line';
    if (file) {
      ({ baseDir, mapped } = loadPreview(ctx, args, file));
    } else {
      const name = requireName(args).toLowerCase();
      mapped = { endpoint: { name }, deployments: [], problems: [] };
      if (deploymentFile) {
        const loaded = loadSpec(previewDeploymentSchema, { file: deploymentFile, cwd: ctx.io.cwd, set: args.list('set') });
        const d = mapDeployment(loaded.spec, name);
        mapped = { ...mapped, deployments: [d], problems: d.problems };
        baseDir = loaded.baseDir;
        label = deploymentFile;
      } else if (args.list('set')) {
        throw new CliError('--set needs --file (the preview YAML) here. Today: az ml online-endpoint update --name <name> --set … / az ml online-deployment update --endpoint-name <name> --name <deployment> --set …', 2);
      }
    }
    const only = args.str('deployment');
    if (only) {
      const picked = mapped.deployments.filter((d) => d.name === only);
      if (picked.length === 0) throw new CliError(`Deployment '${only}' is not in ${label}: it has ${mapped.deployments.map((d) => `'${d.name}'`).join(', ') || 'no deployments'}.`);
      mapped = { ...mapped, deployments: picked, problems: picked.flatMap((d) => d.problems).concat(mapped.problems.filter((p) => !p.startsWith('deployments '))) };
    }
    const traffic = parsePreviewTraffic(args.list('traffic')) ?? mapped.traffic;
    mapped = { ...mapped, traffic };
    refuseUnmappable(mapped, label, false);
    note(ctx, 'update', currentCommandLines(mapped, { createEndpoint: false }));
    for (const d of mapped.deployments) for (const n of d.notes) ctx.warn(`${label} (deployment '${d.name}'): ${n}.`);
    const s = await mlScope(ctx, args);
    const name = String(mapped.endpoint.name);
    if (!(await getIfExists(s, endpointPath(s, name)))) {
      throw new CliError(`(UserError) Endpoint ${name} does not exist. Create it first with \`az ml endpoint create --name ${name} --file <yaml>\` (today: az ml online-endpoint create).`, 3);
    }
    const location = await endpointLocation(s, name);
    for (const d of mapped.deployments) await deployOne(ctx, s, d, baseDir, label, location);
    const e = mapped.endpoint;
    const changes = {
      traffic,
      description: e.description as string | undefined,
      tags: e.tags as Record<string, string> | undefined,
      authMode: e.auth_mode === 'aml_token' ? 'AMLToken' : e.auth_mode === 'key' ? 'Key' : undefined,
    };
    if (Object.values(changes).some((v) => v !== undefined)) await updateEndpoint(ctx, s, name, changes);
    return previewShow(s, name);
  },
};

export const previewShowCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'show'],
  summary: '(2021 preview) Show an endpoint with its deployments.',
  options: [{ ...nameOption, required: true }, typeOption, ...mlScopeOptions],
  async run(ctx, args) {
    refuseBatch(args, 'show');
    const name = args.str('name')!;
    note(ctx, 'show', [`az ml online-endpoint show --name ${name}`, `az ml online-deployment list --endpoint-name ${name}`]);
    return previewShow(await mlScope(ctx, args), name);
  },
};

export const previewListCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'list'],
  summary: '(2021 preview) List endpoints.',
  options: [typeOption, ...mlScopeOptions],
  tableTransform: mlEndpointListCommand.tableTransform,
  async run(ctx, args) {
    refuseBatch(args, 'list');
    note(ctx, 'list', ['az ml online-endpoint list']);
    return reuse(mlEndpointListCommand, ctx, args, {});
  },
};

export const previewGetLogsCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'get-logs'],
  summary: '(2021 preview) Get the logs of a deployment.',
  options: [
    { ...nameOption, required: true },
    { ...deploymentOption, required: true },
    { dest: 'lines', names: ['--lines', '-l', '--tail'], help: 'Maximum number of lines to tail.' },
    { dest: 'container', names: ['--container', '-c'], choices: ['inference-server', 'storage-initializer'], help: 'Container to read the logs of.' },
    typeOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    refuseBatch(args, 'get-logs');
    const name = args.str('name')!;
    const deployment = args.str('deployment')!;
    note(ctx, 'get-logs', [`az ml online-deployment get-logs --endpoint-name ${name} --name ${deployment}`]);
    return reuse(mlDeploymentGetLogsCommand, ctx, args, { name: deployment, endpointName: name, lines: args.str('lines'), container: args.str('container') });
  },
};

export const previewInvokeCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'invoke'],
  summary: '(2021 preview) Invoke an endpoint.',
  options: [
    { ...nameOption, required: true },
    { dest: 'requestFile', names: ['--request-file', '-r'], required: true, help: 'File containing the request payload (JSON).' },
    deploymentOption,
    typeOption,
    ...mlScopeOptions,
  ],
  async run(ctx, args) {
    refuseBatch(args, 'invoke');
    const name = args.str('name')!;
    const d = args.str('deployment');
    note(ctx, 'invoke', [`az ml online-endpoint invoke --name ${name} --request-file ${args.str('requestFile')}${d ? ` --deployment-name ${d}` : ''}`]);
    return reuse(mlEndpointInvokeCommand, ctx, args, { name, requestFile: args.str('requestFile'), deploymentName: d });
  },
};

export const previewListKeysCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'list-keys'],
  summary: '(2021 preview) List the keys (or get the token) of an endpoint.',
  options: [{ ...nameOption, required: true }, typeOption, ...mlScopeOptions],
  async run(ctx, args) {
    refuseBatch(args, 'list-keys');
    note(ctx, 'list-keys', [`az ml online-endpoint get-credentials --name ${args.str('name')}`]);
    return reuse(mlEndpointGetCredentialsCommand, ctx, args, { name: args.str('name') });
  },
};

export const previewDeleteCommand: CommandSpec = {
  path: ['ml', 'endpoint', 'delete'],
  summary: '(2021 preview) Delete an endpoint (with its deployments), or one deployment with --deployment.',
  options: [{ ...nameOption, required: true }, { ...deploymentOption, names: ['--deployment', '-d'] }, yesOption, typeOption, ...mlScopeOptions],
  async run(ctx, args) {
    refuseBatch(args, 'delete');
    const name = args.str('name')!;
    const d = args.str('deployment');
    const yes = args.flag('yes');
    if (d) {
      note(ctx, 'delete', [`az ml online-deployment delete --endpoint-name ${name} --name ${d}${yes ? ' --yes' : ''}`]);
      return reuse(mlDeploymentDeleteCommand, ctx, args, { name: d, endpointName: name, yes: yes || undefined });
    }
    note(ctx, 'delete', [`az ml online-endpoint delete --name ${name}${yes ? ' --yes' : ''}`]);
    return reuse(mlEndpointDeleteCommand, ctx, args, { name, yes: yes || undefined });
  },
};

export const mlPreviewCommands: CommandSpec[] = [
  previewCreateCommand,
  previewUpdateCommand,
  previewShowCommand,
  previewListCommand,
  previewGetLogsCommand,
  previewInvokeCommand,
  previewListKeysCommand,
  previewDeleteCommand,
];

export const mlPreviewGroups: GroupSpec[] = [{ path: ['ml', 'endpoint'], summary: '(2021 preview) Manage endpoints: mapped onto az ml online-endpoint and az ml online-deployment.' }];
