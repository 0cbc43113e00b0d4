/**
 * Assets a deployment refers to — models, code and environments — as containers (`…/{collection}/{name}`) and
 * versions (`…/{collection}/{name}/versions/{version}`): GET, LIST, PUT, DELETE. A version PUT creates its
 * container; the container tracks `latestVersion` / `nextVersion`. A version's content (uri, image, conda file)
 * is immutable; description, tags, stage and isArchived may change.
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { deleteArmResourceTree, getArmResource, listArmResources, putArmResource, type ArmResource } from '../../arm/resource-store.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { ML_API_VERSIONS, T, WS_PATH, wsAction } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { bodyOf, isObject, listReply, optString, propertiesOf, requireWorkspace, stringMap, type Json } from './ml-request.js';
import { assetVersionHook } from './asset-hooks.js';

interface AssetKind {
  collection: 'models' | 'codes' | 'environments';
  /** Properties of a version beyond the common ones, validated (throws UserError). */
  versionProps(p: Json): Json;
  /** Fields that may not change once a version exists. */
  immutable: readonly string[];
}

const KINDS: readonly AssetKind[] = [
  {
    collection: 'models',
    immutable: ['modelUri'],
    versionProps: (p) => ({
      modelType: optString(p, 'modelType') ?? 'CustomModel',
      modelUri: optString(p, 'modelUri') ?? null,
      flavors: isObject(p.flavors) ? p.flavors : null,
      jobName: optString(p, 'jobName') ?? null,
      ...(p.stage !== undefined ? { stage: p.stage } : {}),
    }),
  },
  {
    collection: 'codes',
    immutable: ['codeUri'],
    versionProps: (p) => {
      const codeUri = optString(p, 'codeUri');
      if (!codeUri) throw mlErrors.user('The codeUri property is required for a code version.');
      return { codeUri };
    },
  },
  {
    collection: 'environments',
    immutable: ['image', 'condaFile', 'build'],
    versionProps: (p) => {
      const image = optString(p, 'image');
      const build = isObject(p.build) ? p.build : undefined;
      if (!image && !build) throw mlErrors.user('An environment version needs an image or a build context (properties.image or properties.build).');
      const out: Json = { environmentType: 'UserCreated', osType: optString(p, 'osType') ?? 'Linux', autoRebuild: optString(p, 'autoRebuild') ?? 'Disabled' };
      if (image) out.image = image;
      if (build) out.build = build;
      const conda = optString(p, 'condaFile');
      if (conda !== undefined) out.condaFile = conda;
      if (isObject(p.inferenceConfig)) out.inferenceConfig = p.inferenceConfig;
      if (p.stage !== undefined) out.stage = p.stage;
      return out;
    },
  },
];

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;

function types(kind: AssetKind): { container: string; version: string } {
  return { container: `${T.workspace}/${kind.collection}`, version: `${T.workspace}/${kind.collection}/versions` };
}

export function assetWire(r: ArmResource<Json>): Json {
  const out: Json = { id: r.id, name: r.name, type: r.type, properties: r.properties };
  if (r.systemData) out.systemData = r.systemData;
  return out;
}

function typed(ctx: PlatformContext, id: string, type: string): ArmResource<Json> | undefined {
  const r = getArmResource<Json>(ctx.store, id);
  return r && r.type.toLowerCase() === type.toLowerCase() ? r : undefined;
}

function common(p: Json, existing?: ArmResource<Json>): Json {
  return {
    description: optString(p, 'description') ?? existing?.properties.description ?? null,
    tags: p.tags !== undefined ? stringMap(p, 'tags') : (existing?.properties.tags ?? {}),
    properties: p.properties !== undefined ? stringMap(p, 'properties') : (existing?.properties.properties ?? {}),
    isArchived: typeof p.isArchived === 'boolean' ? p.isArchived : (existing?.properties.isArchived ?? false),
  };
}

/** Recomputes a container's latestVersion / nextVersion from its versions. */
function refreshContainer(ctx: PlatformContext, kind: AssetKind, containerId: string, latest?: string): void {
  const c = typed(ctx, containerId, types(kind).container);
  if (!c) return;
  const versions = listArmResources<Json>(ctx.store, { under: containerId, type: types(kind).version });
  const numeric = versions.map((v) => Number(v.name)).filter((n) => Number.isInteger(n) && n >= 0);
  const max = numeric.length > 0 ? Math.max(...numeric) : 0;
  const latestVersion = latest ?? (versions.length > 0 ? versions[versions.length - 1].name : null);
  putArmResource(ctx.store, { ...c, properties: { ...c.properties, latestVersion, nextVersion: String(max + 1) } });
}

function ensureContainer(ctx: PlatformContext, rc: RequestContext, kind: AssetKind, id: string, name: string, p?: Json): { record: ArmResource<Json>; created: boolean } {
  const existing = typed(ctx, id, types(kind).container);
  if (existing && !p) return { record: existing, created: false };
  const record: ArmResource<Json> = {
    id: existing?.id ?? id,
    name,
    type: types(kind).container,
    properties: {
      ...common(p ?? {}, existing),
      latestVersion: existing?.properties.latestVersion ?? null,
      nextVersion: existing?.properties.nextVersion ?? '1',
      provisioningState: 'Succeeded',
    },
    systemData: existing ? modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock) : createdSystemData(rc.caller.principal, ctx.clock),
  };
  putArmResource(ctx.store, record);
  return { record, created: !existing };
}

function checkName(kind: AssetKind, name: string): void {
  if (!NAME.test(name)) {
    throw mlErrors.user(`The ${kind.collection.slice(0, -1)} name '${name}' is invalid. It must start with a letter or digit and contain only letters, digits, '-', '_' and '.' (at most 255 characters).`);
  }
}

function putContainer(ctx: PlatformContext, rc: RequestContext, kind: AssetKind): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'write', type: `workspaces/${kind.collection}` });
  checkName(kind, rc.params.name);
  const { record, created } = ensureContainer(ctx, rc, kind, `${ws.id}/${kind.collection}/${rc.params.name}`, rc.params.name, propertiesOf(bodyOf(rc)));
  return { status: created ? 201 : 200, body: assetWire(record) };
}

function putVersion(ctx: PlatformContext, rc: RequestContext, kind: AssetKind): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'write', type: `workspaces/${kind.collection}/versions` });
  const { name, version } = rc.params;
  checkName(kind, name);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,99}$/.test(version)) throw mlErrors.user(`The version '${version}' is invalid.`);
  const p = propertiesOf(bodyOf(rc));
  const containerId = `${ws.id}/${kind.collection}/${name}`;
  const id = `${containerId}/versions/${version}`;
  const existing = typed(ctx, id, types(kind).version);
  const own = kind.versionProps(p);
  const hook = assetVersionHook(ctx, kind.collection);
  if (!existing) hook?.validate?.(own);
  if (existing) {
    for (const f of kind.immutable) {
      if (p[f] !== undefined && JSON.stringify(existing.properties[f] ?? null) !== JSON.stringify(own[f] ?? null)) {
        throw mlErrors.user(`The ${f} of ${kind.collection.slice(0, -1)} '${name}' version '${version}' cannot be changed: asset versions are immutable. Create a new version instead.`, 409);
      }
    }
  }
  const properties: Json = existing ? { ...existing.properties, ...pick(own, p) } : { ...own };
  Object.assign(properties, common(p, existing), {
    isAnonymous: typeof p.isAnonymous === 'boolean' ? p.isAnonymous : (existing?.properties.isAnonymous ?? false),
    provisioningState: 'Succeeded',
  });
  const record: ArmResource<Json> = {
    id: existing?.id ?? id,
    name: version,
    type: types(kind).version,
    properties,
    systemData: existing ? modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock) : createdSystemData(rc.caller.principal, ctx.clock),
  };
  ctx.store.transaction(() => {
    ensureContainer(ctx, rc, kind, containerId, name);
    putArmResource(ctx.store, record);
    refreshContainer(ctx, kind, containerId, version);
  });
  return hook?.stored?.(rc, record, existing) ?? { status: existing ? 200 : 201, body: assetWire(record) };
}

/** The fields of `own` the request actually set (an update keeps the others). */
function pick(own: Json, p: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(own)) if (p[k] !== undefined) out[k] = v;
  return out;
}

function get(ctx: PlatformContext, rc: RequestContext, kind: AssetKind, version: boolean): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'read', type: `workspaces/${kind.collection}` });
  const base = `${ws.id}/${kind.collection}/${rc.params.name}`;
  const id = version ? `${base}/versions/${rc.params.version}` : base;
  const r = typed(ctx, id, version ? types(kind).version : types(kind).container);
  if (!r) throw mlErrors.notFound(id);
  return { status: 200, body: assetWire(r) };
}

function list(ctx: PlatformContext, rc: RequestContext, kind: AssetKind, version: boolean): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'read', type: `workspaces/${kind.collection}` });
  const under = version ? `${ws.id}/${kind.collection}/${rc.params.name}` : ws.id;
  let items = listArmResources<Json>(ctx.store, { under, type: version ? types(kind).version : types(kind).container });
  const archived = (rc.query.get('listViewType') ?? 'ActiveOnly').toLowerCase();
  if (archived === 'activeonly') items = items.filter((r) => r.properties.isArchived !== true);
  else if (archived === 'archivedonly') items = items.filter((r) => r.properties.isArchived === true);
  if (version) {
    const only = rc.query.get('version');
    if (only !== null) items = items.filter((r) => r.name === only);
    items.sort((a, b) => String(b.systemData?.createdAt ?? '').localeCompare(String(a.systemData?.createdAt ?? '')));
    const top = Number(rc.query.get('$top'));
    if (Number.isInteger(top) && top > 0) items = items.slice(0, top);
  }
  return listReply(items.map(assetWire));
}

function del(ctx: PlatformContext, rc: RequestContext, kind: AssetKind, version: boolean): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'delete', type: `workspaces/${kind.collection}` });
  const containerId = `${ws.id}/${kind.collection}/${rc.params.name}`;
  const id = version ? `${containerId}/versions/${rc.params.version}` : containerId;
  if (!typed(ctx, id, version ? types(kind).version : types(kind).container)) return { status: 204 };
  ctx.store.transaction(() => {
    deleteArmResourceTree(ctx.store, id);
    if (version) refreshContainer(ctx, kind, containerId);
  });
  return { status: 200 };
}

function operationsFor(ctx: PlatformContext, kind: AssetKind): Operation[] {
  const coll = `${WS_PATH}/${kind.collection}`;
  const one = `${coll}/{name}`;
  const versions = `${one}/versions`;
  const oneVersion = `${versions}/{version}`;
  const A = wsAction(`/${kind.collection}`);
  const V = `${A}/versions`;
  const prefix = kind.collection === 'codes' ? 'Code' : kind.collection === 'models' ? 'Model' : 'Environment';
  const c = { apiVersions: ML_API_VERSIONS, resourceType: types(kind).container } as const;
  const v = { apiVersions: ML_API_VERSIONS, resourceType: types(kind).version } as const;
  return [
    { ...c, id: `${prefix}Containers_List`, method: 'GET', path: coll, action: `${A}/read`, handler: (rc) => list(ctx, rc, kind, false) },
    { ...c, id: `${prefix}Containers_Get`, method: 'GET', path: one, action: `${A}/read`, handler: (rc) => get(ctx, rc, kind, false) },
    { ...c, id: `${prefix}Containers_CreateOrUpdate`, method: 'PUT', path: one, action: `${A}/write`, handler: (rc) => putContainer(ctx, rc, kind) },
    { ...c, id: `${prefix}Containers_Delete`, method: 'DELETE', path: one, action: `${A}/delete`, handler: (rc) => del(ctx, rc, kind, false) },
    { ...v, id: `${prefix}Versions_List`, method: 'GET', path: versions, action: `${V}/read`, handler: (rc) => list(ctx, rc, kind, true) },
    { ...v, id: `${prefix}Versions_Get`, method: 'GET', path: oneVersion, action: `${V}/read`, handler: (rc) => get(ctx, rc, kind, true) },
    { ...v, id: `${prefix}Versions_CreateOrUpdate`, method: 'PUT', path: oneVersion, action: `${V}/write`, handler: (rc) => putVersion(ctx, rc, kind) },
    { ...v, id: `${prefix}Versions_Delete`, method: 'DELETE', path: oneVersion, action: `${V}/delete`, handler: (rc) => del(ctx, rc, kind, true) },
  ];
}

export function assetOperations(ctx: PlatformContext): Operation[] {
  return KINDS.flatMap((k) => operationsFor(ctx, k));
}

/** A model, code or environment version by ARM id (what deployments reference), for the serving runtime. */
export function getAssetVersion(ctx: PlatformContext, id: string): ArmResource<Json> | undefined {
  const r = getArmResource<Json>(ctx.store, id);
  return r && /\/(models|codes|environments)\/versions$/i.test(r.type) ? r : undefined;
}
