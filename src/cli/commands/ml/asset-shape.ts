/** Models, datastores, code and environment versions (REST 2024-04-01) as az ml prints them. */
import { creationContext, obj, snakeEnum } from './ml-wire.js';

export function modelShape(raw: unknown): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const id = String(r.id ?? '');
  const m = /\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(id);
  const out: Record<string, unknown> = {
    creation_context: creationContext(r.systemData),
    description: p.description ?? undefined,
    flavors: p.flavors ?? undefined,
    id,
    job_name: p.jobName ?? undefined,
    name: m?.[1] ?? r.name,
    path: p.modelUri ?? null,
    properties: p.properties ?? {},
    stage: p.stage ?? undefined,
    tags: p.tags ?? {},
    type: snakeEnum(p.modelType ?? 'custom_model'),
    version: m?.[2] ?? r.name,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** Only the kind of credentials is shown (`account_key`, `sas`, `none`); secrets never are. */
function credentialsOut(raw: unknown): Record<string, unknown> {
  const type = obj(raw).credentialsType;
  return typeof type === 'string' ? { type: snakeEnum(type) } : {};
}

export function datastoreShape(raw: unknown): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const out: Record<string, unknown> = {
    account_name: p.accountName ?? undefined,
    container_name: p.containerName ?? undefined,
    credentials: credentialsOut(p.credentials),
    description: p.description ?? null,
    endpoint: p.endpoint ?? 'core.windows.net',
    id: r.id,
    name: r.name,
    protocol: p.protocol ?? 'https',
    service_data_access_auth_identity: p.serviceDataAccessAuthIdentity ? snakeEnum(p.serviceDataAccessAuthIdentity) : undefined,
    tags: p.tags ?? {},
    type: snakeEnum(p.datastoreType ?? 'AzureBlob'),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
