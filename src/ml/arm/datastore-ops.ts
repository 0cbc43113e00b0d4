/**
 * Datastores (`…/workspaces/{ws}/datastores/{name}`, 2024-04-01 shapes): GET, LIST, PUT (200/201), DELETE, and
 * listSecrets. Secrets given in `credentials.secrets` are kept apart (kind `mlDatastoreSecret`) and only returned
 * by listSecrets; an AccountKey datastore without its own secret (the default ones) answers with the key of the
 * storage account it names. Identity-based datastores (`credentialsType: None`) have no secrets.
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { canonicalId, deleteArmResourceTree, getArmResource, listArmResources, putArmResource, type ArmResource } from '../../arm/resource-store.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { getAccount } from '../../storage/accounts/account-records.js';
import { DATASTORE_PATH, ML_API_VERSIONS, T, WS_PATH, wsAction } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { bodyOf, enumValue, isObject, listReply, optString, propertiesOf, requireWorkspace, stringMap, type Json } from './ml-request.js';
import { DATASTORE_SECRET_KIND } from './ml-records.js';

const DATASTORE_TYPES = ['AzureBlob', 'AzureDataLakeGen1', 'AzureDataLakeGen2', 'AzureFile', 'OneLake'] as const;
const CREDENTIAL_TYPES = ['AccountKey', 'Certificate', 'None', 'Sas', 'ServicePrincipal', 'KerberosKeytab', 'KerberosPassword'] as const;
const NAME = /^[a-zA-Z0-9_]{1,255}$/;

export type DatastoreRecord = ArmResource<Json>;

export function datastoreWire(d: DatastoreRecord): Json {
  const out: Json = { id: d.id, name: d.name, type: T.datastore, properties: d.properties };
  if (d.systemData) out.systemData = d.systemData;
  return out;
}

/** A datastore by ARM id (any casing). */
export function getDatastore(ctx: PlatformContext, id: string): DatastoreRecord | undefined {
  const r = getArmResource<Json>(ctx.store, id);
  return r && r.type.toLowerCase() === T.datastore.toLowerCase() ? r : undefined;
}

function requireDatastore(ctx: PlatformContext, rc: RequestContext): DatastoreRecord {
  const ws = requireWorkspace(ctx, rc, { op: 'read', type: 'workspaces/datastores' });
  const d = getDatastore(ctx, `${ws.id}/datastores/${rc.params.name}`);
  if (!d) throw mlErrors.notFound(`${ws.id}/datastores/${rc.params.name}`);
  return d;
}

/** Splits `credentials` into what is stored with the datastore and the secrets kept apart. */
function splitCredentials(input: unknown): { credentials: Json; secrets?: Json } {
  if (!isObject(input)) throw mlErrors.user('The datastore credentials are required (credentials.credentialsType).');
  const type = enumValue(input.credentialsType, CREDENTIAL_TYPES, 'credentials.credentialsType');
  if (!type) throw mlErrors.user('The datastore credentials are required (credentials.credentialsType).');
  const { secrets, ...rest } = input;
  const credentials: Json = { ...rest, credentialsType: type };
  if (type === 'None') return { credentials };
  if (secrets === undefined || secrets === null) return { credentials };
  if (!isObject(secrets)) throw mlErrors.invalidBody('credentials.secrets must be an object');
  return { credentials, secrets: { ...secrets, secretsType: type } };
}

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'write', type: 'workspaces/datastores' });
  const name = rc.params.name;
  if (!NAME.test(name)) throw mlErrors.user(`Datastore name '${name}' is invalid. It may contain only letters, digits and underscores.`);
  const id = `${ws.id}/datastores/${name}`;
  const existing = getDatastore(ctx, id);
  const props = propertiesOf(bodyOf(rc));
  const datastoreType = enumValue(props.datastoreType, DATASTORE_TYPES, 'datastoreType');
  if (!datastoreType) throw mlErrors.user('The datastoreType property is required.');
  const { credentials, secrets } = splitCredentials(props.credentials);
  const properties: Json = {
    ...props,
    description: optString(props, 'description') ?? null,
    tags: stringMap(props, 'tags'),
    properties: stringMap(props, 'properties'),
    datastoreType,
    credentials,
    isDefault: existing?.properties.isDefault === true,
  };
  if (datastoreType === 'AzureBlob' || datastoreType === 'AzureDataLakeGen2' || datastoreType === 'AzureFile') {
    if (!optString(props, 'accountName')) throw mlErrors.user('The accountName property is required for this datastore type.');
    properties.endpoint = optString(props, 'endpoint') ?? 'core.windows.net';
    properties.protocol = optString(props, 'protocol') ?? 'https';
    properties.serviceDataAccessAuthIdentity = optString(props, 'serviceDataAccessAuthIdentity') ?? 'None';
  }
  if (datastoreType === 'AzureBlob' && !optString(props, 'containerName')) throw mlErrors.user('The containerName property is required for an AzureBlob datastore.');
  const record: DatastoreRecord = {
    id: existing?.id ?? id,
    name,
    type: T.datastore,
    properties,
    systemData: existing ? modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock) : createdSystemData(rc.caller.principal, ctx.clock),
  };
  ctx.store.transaction(() => {
    putArmResource(ctx.store, record);
    if (secrets) ctx.store.put(DATASTORE_SECRET_KIND, canonicalId(record.id), secrets);
    else ctx.store.delete(DATASTORE_SECRET_KIND, canonicalId(record.id));
  });
  return { status: existing ? 200 : 201, body: datastoreWire(record) };
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'delete', type: 'workspaces/datastores' });
  const d = getDatastore(ctx, `${ws.id}/datastores/${rc.params.name}`);
  if (!d) return { status: 204 };
  if (d.properties.isDefault === true) throw mlErrors.user(`The default datastore '${d.name}' of the workspace cannot be deleted.`);
  ctx.store.transaction(() => {
    deleteArmResourceTree(ctx.store, d.id);
    ctx.store.delete(DATASTORE_SECRET_KIND, canonicalId(d.id));
  });
  return { status: 200 };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'read', type: 'workspaces/datastores' });
  let items = listArmResources<Json>(ctx.store, { under: ws.id, type: T.datastore });
  const isDefault = rc.query.get('isDefault');
  if (isDefault !== null) items = items.filter((d) => String(d.properties.isDefault === true) === isDefault.toLowerCase());
  const names = rc.query.getAll('names').flatMap((n) => n.split(',')).map((n) => n.toLowerCase());
  if (names.length > 0) items = items.filter((d) => names.includes(d.name.toLowerCase()));
  return listReply(items.map(datastoreWire));
}

/** The secrets of a datastore (what listSecrets returns), or undefined for identity-based ones. */
export function datastoreSecrets(ctx: PlatformContext, d: DatastoreRecord): Json | undefined {
  const stored = ctx.store.get<Json>(DATASTORE_SECRET_KIND, canonicalId(d.id))?.body;
  if (stored) return stored;
  const creds = d.properties.credentials as Json | undefined;
  if (creds?.credentialsType !== 'AccountKey') return undefined;
  const account = typeof d.properties.accountName === 'string' ? getAccount(ctx.store, d.properties.accountName) : undefined;
  return account ? { secretsType: 'AccountKey', key: account.keys[0].value } : undefined;
}

function listSecrets(ctx: PlatformContext, rc: RequestContext): Reply {
  const d = requireDatastore(ctx, rc);
  const secrets = datastoreSecrets(ctx, d);
  if (!secrets) {
    throw mlErrors.user(`The datastore '${d.name}' has no secrets: it uses credentials of type '${String((d.properties.credentials as Json | undefined)?.credentialsType)}'.`);
  }
  return { status: 200, body: secrets };
}

export function datastoreOperations(ctx: PlatformContext): Operation[] {
  const common = { apiVersions: ML_API_VERSIONS, resourceType: T.datastore } as const;
  const A = wsAction('/datastores');
  return [
    { ...common, id: 'Datastores_List', method: 'GET', path: `${WS_PATH}/datastores`, action: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'Datastores_Get', method: 'GET', path: DATASTORE_PATH, action: `${A}/read`, handler: (rc) => ({ status: 200, body: datastoreWire(requireDatastore(ctx, rc)) }) },
    { ...common, id: 'Datastores_CreateOrUpdate', method: 'PUT', path: DATASTORE_PATH, action: `${A}/write`, handler: (rc) => put(ctx, rc) },
    { ...common, id: 'Datastores_Delete', method: 'DELETE', path: DATASTORE_PATH, action: `${A}/delete`, handler: (rc) => del(ctx, rc) },
    {
      ...common,
      id: 'Datastores_ListSecrets',
      method: 'POST',
      path: `${DATASTORE_PATH}/listSecrets`,
      action: `${A}/listsecrets/action`,
      scope: (rc) => rc.url.pathname.replace(/\/listSecrets\/?$/i, ''),
      handler: (rc) => listSecrets(ctx, rc),
    },
  ];
}
