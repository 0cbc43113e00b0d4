/** `az ml connection create|show|list|delete`. */
import type { CommandContext } from '../../command-context.js';
import type { CommandSpec } from '../../command-spec.js';
import { loadSpec } from '../../ml-yaml/load-spec.js';
import { fileOption, ML_API_VERSION, mlScope, mlScopeOptions, setOption, yesOption, type MlScope } from '../ml/ml-scope.js';
import { connectionSchema, CONNECTION_TYPES } from './connection-schema.js';
import { connectionBody, connectionShape, targetHost } from './connection-shape.js';

const REGISTRY_API = '2023-07-01';

const nameOption = { dest: 'name', names: ['--name', '-n'], required: true, help: 'Name of the workspace connection.' };

function path(s: MlScope, name?: string): string {
  return `${s.workspacePath}/connections${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/** Warns when a container registry target is not the login server of any registry the caller can see. */
async function warnUnknownRegistry(ctx: CommandContext, s: MlScope, target: string): Promise<void> {
  const host = targetHost(target);
  let servers: string[] = [];
  try {
    const regs = await s.arm.list(`/subscriptions/${s.subscriptionId}/providers/Microsoft.ContainerRegistry/registries`, REGISTRY_API);
    servers = regs.map((r) => String((r.properties as { loginServer?: string } | undefined)?.loginServer ?? '').toLowerCase()).filter(Boolean);
  } catch {
    /* listing registries is a courtesy check */
  }
  if (servers.includes(host)) return;
  ctx.warn(
    `The connection target '${target}' is not the login server of any Cerulean container registry in subscription ${s.subscriptionId}` +
      `${servers.length ? ` (known: ${servers.join(', ')})` : ''}. Image builds that pull through this connection will fail; set target to the registry's login server, e.g. https://<registry>.azurecr.io.`,
  );
}

export const mlConnectionCreateCommand: CommandSpec = {
  path: ['ml', 'connection', 'create'],
  summary: 'Create a workspace connection.',
  options: [{ ...fileOption, required: true }, { ...nameOption, required: false }, setOption, ...mlScopeOptions],
  async run(ctx, args) {
    const { spec } = loadSpec(connectionSchema, { file: args.str('file'), cwd: ctx.io.cwd, set: args.list('set'), params: { name: args.str('name') } });
    const s = await mlScope(ctx, args);
    if (spec.type === 'container_registry') await warnUnknownRegistry(ctx, s, spec.target);
    const res = await s.arm.send({ method: 'PUT', path: path(s, spec.name), apiVersion: ML_API_VERSION, body: connectionBody(spec) });
    return connectionShape(res.body, s.resourceGroup);
  },
};

export const mlConnectionShowCommand: CommandSpec = {
  path: ['ml', 'connection', 'show'],
  summary: 'Show details of a workspace connection.',
  options: [nameOption, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    return connectionShape(await s.arm.get(path(s, args.str('name')), ML_API_VERSION), s.resourceGroup);
  },
};

export const mlConnectionListCommand: CommandSpec = {
  path: ['ml', 'connection', 'list'],
  summary: 'List all the workspace connections of a workspace.',
  options: [{ dest: 'type', names: ['--type', '-t'], choices: [...CONNECTION_TYPES], help: 'Type of the connections to list.' }, ...mlScopeOptions],
  tableTransform: (r) => (r as Array<Record<string, unknown>>).map((c) => ({ Name: c.name, Type: c.type, Target: c.target })),
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    const items = (await s.arm.list(path(s), ML_API_VERSION)).map((c) => connectionShape(c, s.resourceGroup));
    const type = args.str('type');
    return type ? items.filter((c) => c.type === type) : items;
  },
};

export const mlConnectionDeleteCommand: CommandSpec = {
  path: ['ml', 'connection', 'delete'],
  summary: 'Delete a workspace connection.',
  options: [nameOption, yesOption, ...mlScopeOptions],
  async run(ctx, args) {
    const s = await mlScope(ctx, args);
    await s.arm.send({ method: 'DELETE', path: path(s, args.str('name')), apiVersion: ML_API_VERSION });
    return undefined;
  },
};
