/** Workspace connections: az ml's YAML ↔ the REST body, and what `az ml connection show` prints (never a secret). */
import { CliError } from '../../errors.js';
import { obj, pascalEnum, snakeEnum } from '../ml/ml-wire.js';
import type { ConnectionYaml } from './connection-schema.js';

const AUTH: Record<string, string> = { managed_identity: 'ManagedIdentity', username_password: 'UsernamePassword', pat: 'PAT', sas: 'SAS', none: 'None' };

export function connectionBody(spec: ConnectionYaml): Record<string, unknown> {
  const c = spec.credentials ?? { type: 'none' as const };
  let credentials: Record<string, string> | undefined;
  if (c.type === 'managed_identity') {
    if (!c.client_id && !c.resource_id) throw new CliError('A managed_identity connection needs credentials.client_id and credentials.resource_id (of the user-assigned identity).');
    credentials = { ...(c.client_id ? { clientId: c.client_id } : {}), ...(c.resource_id ? { resourceId: c.resource_id } : {}) };
  } else if (c.type === 'username_password') credentials = { username: c.username, password: c.password };
  else if (c.type === 'pat') credentials = { pat: c.pat };
  else if (c.type === 'sas') credentials = { sas: c.sas_token };
  const properties: Record<string, unknown> = {
    category: spec.type === 'custom' ? 'CustomKeys' : pascalEnum(spec.type),
    target: spec.target,
    authType: AUTH[c.type],
    isSharedToAll: spec.is_shared ?? true,
  };
  if (credentials) properties.credentials = credentials;
  if (spec.metadata || spec.description || spec.tags) {
    properties.metadata = { ...(spec.metadata ?? {}), ...(spec.description ? { description: spec.description } : {}), ...Object.fromEntries(Object.entries(spec.tags ?? {}).map(([k, v]) => [`tag.${k}`, v])) };
  }
  return { properties };
}

export function connectionShape(raw: unknown, resourceGroup?: string): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const c = obj(p.credentials);
  const authType = String(p.authType ?? 'None');
  const credentials: Record<string, unknown> = { type: snakeEnum(authType === 'PAT' ? 'Pat' : authType === 'SAS' ? 'Sas' : authType) };
  if (authType === 'ManagedIdentity') Object.assign(credentials, { client_id: c.clientId ?? null, resource_id: c.resourceId ?? null });
  if (authType === 'UsernamePassword') credentials.username = c.username ?? null;
  const category = String(p.category ?? '');
  const meta = obj(p.metadata) as Record<string, string>;
  const tags = Object.fromEntries(Object.entries(meta).filter(([k]) => k.startsWith('tag.')).map(([k, v]) => [k.slice(4), v]));
  const out: Record<string, unknown> = {
    credentials,
    description: meta.description,
    id: r.id,
    is_shared: p.isSharedToAll ?? true,
    name: r.name,
    resource_group: resourceGroup ?? /\/resourceGroups\/([^/]+)/i.exec(String(r.id ?? ''))?.[1],
    tags,
    target: p.target,
    type: category === 'CustomKeys' ? 'custom' : snakeEnum(category),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** `https://x.azurecr.io/` → `x.azurecr.io`. */
export function targetHost(target: string): string {
  return target.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}
