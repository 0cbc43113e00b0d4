/** `az resource list|show` (generic resources, Microsoft.Resources 2021-04-01). */
import { parseResourceId } from '../../../shared/resource-id.js';
import type { CommandSpec } from '../../command-spec.js';
import { resourceGroupOption } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import type { ArmClient } from '../../http/arm-client.js';
import { RESOURCES_API_VERSION } from '../group/group.js';

const LIST_KEYS = ['changedTime', 'createdTime', 'extendedLocation', 'id', 'identity', 'kind', 'location', 'managedBy', 'name', 'plan', 'properties', 'provisioningState', 'sku', 'tags', 'type'];
const SHOW_KEYS = ['extendedLocation', 'id', 'identity', 'kind', 'location', 'managedBy', 'name', 'plan', 'properties', 'sku', 'tags', 'type'];

function shape(r: unknown, keys: string[]): Record<string, unknown> {
  const src = (r ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = src[k] ?? null;
  for (const [k, v] of Object.entries(src)) if (!(k in out)) out[k] = v;
  return out;
}

export const resourceListCommand: CommandSpec = {
  path: ['resource', 'list'],
  summary: 'List resources.',
  options: [
    resourceGroupOption,
    { dest: 'resourceType', names: ['--resource-type'], help: "The resource type (Ex: 'resC'). Can also accept namespace/type format (Ex: 'resA/resB/resC')." },
    { dest: 'namespace', names: ['--namespace'], help: 'Provider namespace (Ex: Microsoft.Provider).' },
    { dest: 'name', names: ['--name', '-n'], help: 'The resource name. (Ex: myC).' },
    { dest: 'location', names: ['--location', '-l'], help: 'Location.' },
    { dest: 'tag', names: ['--tag'], help: "a single tag in 'key[=value]' format." },
  ],
  tableTransform: (r) =>
    (r as Array<Record<string, unknown>>).map((x) => ({ Name: x.name, ResourceGroup: x.resourceGroup, Location: x.location, Type: x.type, Status: x.provisioningState ?? '' })),
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const arm = session.arm();
    const filters: string[] = [];
    const name = args.str('name');
    const location = args.str('location');
    let type = args.str('resourceType');
    if (name) filters.push(`name eq '${name}'`);
    if (location) filters.push(`location eq '${location}'`);
    if (type) {
      const ns = args.str('namespace');
      if (ns) type = `${ns}/${type}`;
      else if (!/[^/]+\/[^/]+/.test(type)) {
        throw new CliError('usage error: --namespace NAMESPACE --resource-type TYPE or --resource-type NAMESPACE/TYPE', 2);
      }
      filters.push(`resourceType eq '${type}'`);
    }
    const tag = args.str('tag');
    if (tag) {
      const i = tag.indexOf('=');
      filters.push(i < 0 ? `tagName eq '${tag}'` : `tagName eq '${tag.slice(0, i)}' and tagValue eq '${tag.slice(i + 1)}'`);
    }
    const rg = args.str('resourceGroup');
    const base = rg ? `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}` : `/subscriptions/${sub}`;
    if (rg) await arm.get(base, RESOURCES_API_VERSION);
    const items = await arm.list(`${base}/resources`, RESOURCES_API_VERSION, {
      $filter: filters.length ? filters.join(' and ') : undefined,
      $expand: 'createdTime,changedTime,provisioningState',
    });
    return items.map((i) => shape(i, LIST_KEYS));
  },
};

/** The newest stable api-version the provider declares for the resource type (az resource show does the same). */
export async function apiVersionFor(arm: ArmClient, sub: string, id: string): Promise<string> {
  const parsed = parseResourceId(id);
  if (!parsed.namespace || !parsed.type) throw new CliError(`Cannot find the api-version of '${id}'. Use --api-version.`);
  const provider = (await arm.get(`/subscriptions/${parsed.subscriptionId ?? sub}/providers/${parsed.namespace}`, RESOURCES_API_VERSION)) as {
    resourceTypes?: Array<{ resourceType?: string; apiVersions?: string[] }>;
  };
  const typeName = parsed.type.split('/').slice(1).join('/').toLowerCase();
  const rt = provider?.resourceTypes?.find((t) => t.resourceType?.toLowerCase() === typeName);
  const versions = [...(rt?.apiVersions ?? [])].sort().reverse();
  const pick = versions.find((v) => !v.includes('preview')) ?? versions[0];
  if (!pick) throw new CliError(`The resource type '${parsed.type}' could not be found in the namespace '${parsed.namespace}'. Use --api-version.`);
  return pick;
}

export const resourceShowCommand: CommandSpec = {
  path: ['resource', 'show'],
  summary: 'Get the details of a resource.',
  options: [
    { dest: 'ids', names: ['--ids'], kind: 'list', help: "One or more resource IDs (space-delimited)." },
    { ...resourceGroupOption },
    { dest: 'name', names: ['--name', '-n'], help: 'The resource name.' },
    { dest: 'resourceType', names: ['--resource-type'], help: 'The resource type, e.g. Microsoft.Storage/storageAccounts.' },
    { dest: 'namespace', names: ['--namespace'], help: 'Provider namespace (Ex: Microsoft.Provider).' },
    { dest: 'parent', names: ['--parent'], help: 'The parent path (Ex: resA/myA/resB/myB).' },
    { dest: 'apiVersion', names: ['--api-version'], help: 'The api version of the resource.' },
  ],
  async run(ctx, args) {
    const session = ctx.session();
    const sub = await session.subscriptionId();
    const arm = session.arm();
    let ids = args.list('ids');
    if (!ids) {
      const name = args.str('name');
      let type = args.str('resourceType');
      const rg = args.str('resourceGroup');
      if (!name || !type || !rg) throw new CliError('usage error: --ids IDS | --resource-group RG --name NAME --resource-type TYPE', 2);
      if (args.str('namespace')) type = `${args.str('namespace')}/${type}`;
      const [ns, ...typeParts] = type.split('/');
      const parent = args.str('parent');
      ids = [`/subscriptions/${sub}/resourceGroups/${rg}/providers/${ns}/${parent ? parent + '/' : ''}${typeParts.join('/')}/${name}`];
    }
    const results = [];
    for (const id of ids) {
      const apiVersion = args.str('apiVersion') ?? (await apiVersionFor(arm, sub, id));
      results.push(shape(await arm.get(id, apiVersion), SHOW_KEYS));
    }
    return results.length === 1 ? results[0] : results;
  },
};
