/** An environment version (REST 2024-04-01 + Cerulean's `imageBuild`) as `az ml environment show` prints it. */
import { parse } from 'yaml';
import { creationContext, obj } from '../ml/ml-wire.js';

function condaOut(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return parse(text) ?? text;
  } catch {
    return text;
  }
}

export function imageBuildOut(raw: unknown): Record<string, unknown> | undefined {
  const b = obj(raw);
  if (Object.keys(b).length === 0) return undefined;
  const out: Record<string, unknown> = {
    status: b.status,
    base_image: b.baseImage,
    base_image_digest: b.baseImageDigest,
    base_source: b.baseSource,
    connection: b.connection,
    image: b.image,
    image_digest: b.imageDigest,
    started_at: b.startedAt,
    ended_at: b.endedAt,
    error: b.error,
    log: b.log,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export function environmentShape(raw: unknown): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const id = String(r.id ?? '');
  const m = /\/environments\/([^/]+)\/versions\/([^/]+)$/i.exec(id);
  const build = obj(p.build);
  const out: Record<string, unknown> = {
    build: p.build ? { dockerfile_path: build.dockerfilePath ?? 'Dockerfile', path: build.contextUri } : undefined,
    conda_file: condaOut(p.condaFile),
    creation_context: creationContext(r.systemData),
    description: p.description ?? undefined,
    id,
    image: p.image ?? undefined,
    image_build: imageBuildOut(p.imageBuild),
    name: m?.[1] ?? r.name,
    os_type: String(p.osType ?? 'Linux').toLowerCase(),
    provisioning_state: p.provisioningState ?? undefined,
    tags: p.tags ?? {},
    version: m?.[2] ?? r.name,
  };
  if (p.isArchived === true) out.is_archived = true;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
