/**
 * What the registry plane's handlers share (content, records, upload sessions, ACR tokens) and what it resolves
 * per request: which registry (the `<name>.azurecr.io` host through the proxy; on the direct port the
 * `X-Cerulean-Registry` header, a registry name or login server) and the parsed route.
 */
import { join } from 'node:path';
import type { RequestContext } from '../../http/operation.js';
import { requestHeader } from '../../http/request-header.js';
import type { PlatformContext } from '../../platform/context.js';
import { getRegistryByName, type RegistryResource } from '../arm/registry-records.js';
import { AcrTokens, loadOrCreateTokenKey, type AcrSubject } from './acr-tokens.js';
import { OciContent } from './oci-content.js';
import { ociErrors, type AccessEntry } from './oci-errors.js';
import type { AcrRoute, OciRoute } from './oci-names.js';
import { OciRecords } from './oci-records.js';
import { UploadSessions } from './upload-sessions.js';

export const REGISTRY_HOST = /^([a-z0-9]{5,50})\.azurecr\.io$/;
export const REGISTRY_HEADER = 'x-cerulean-registry';
export const DEFAULT_MAX_BLOB_BYTES = 8 * 1024 ** 3;
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Idle upload sessions are dropped after a day. */
export const UPLOAD_IDLE_MS = 24 * 3600 * 1000;

export interface RegistryServiceOptions {
  /** Directory for content and the token key (default `<data home>/registry`). */
  dir?: string;
  maxBlobBytes?: number;
  /** HMAC key for ACR tokens (default: read or created in the directory). */
  tokenKey?: Buffer;
}

export interface RegistryService {
  pctx: PlatformContext;
  content: OciContent;
  records: OciRecords;
  uploads: UploadSessions;
  tokens: AcrTokens;
}

export interface RegistryRequestState {
  loginServer: string;
  registry: RegistryResource;
  route?: OciRoute | AcrRoute;
}

/** The authenticated caller of a data request (Caller.info of the registry authenticators). */
export interface RegistryCallerInfo {
  subject: AcrSubject;
  /** Granted access (`undefined` = everything: the admin user). */
  access?: AccessEntry[];
}

export function createRegistryService(pctx: PlatformContext, opts: RegistryServiceOptions = {}): RegistryService {
  const dir = opts.dir ?? join(pctx.paths.root, 'registry');
  const content = new OciContent(dir);
  content.init();
  const records = new OciRecords(pctx.store);
  const uploads = new UploadSessions({ content, records, clock: pctx.clock, ids: pctx.ids, maxBlobBytes: opts.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES });
  const swept = { ...uploads.sweep(UPLOAD_IDLE_MS), blobs: content.sweepBlobs(records.allLinkedDigests()) };
  if (swept.expired + swept.orphans + swept.blobs > 0) pctx.log.info({ evt: 'registry.sweep', ...swept });
  const key = opts.tokenKey ?? loadOrCreateTokenKey(join(dir, 'token-key'));
  return { pctx, content, records, uploads, tokens: new AcrTokens(key, pctx.clock, pctx.ids) };
}

/** A registry name or login server (`cerulean01`, `cerulean01.azurecr.io`) as the registry name, or undefined. */
function registryNameOf(value: string): string | undefined {
  const raw = value.trim().toLowerCase();
  if (!raw) return undefined;
  const m = REGISTRY_HOST.exec(raw);
  return m ? m[1] : /^[a-z0-9]{5,50}$/.test(raw) ? raw : undefined;
}

/** The registry segment of a path-style request on a direct port (`/{registry}/v2/…`, `/{registry}/oauth2/token`). */
export function pathStyleRegistry(ctx: RequestContext): string | undefined {
  return ctx.params?.registry;
}

/** The registry name a request addresses (host, then path segment, then header, then `fallback` such as an OAuth `service`). */
export function addressedRegistryName(ctx: RequestContext, fallback?: string): string | undefined {
  const byHost = REGISTRY_HOST.exec(ctx.host.toLowerCase());
  if (byHost) return byHost[1];
  const byPath = pathStyleRegistry(ctx);
  if (byPath !== undefined) return registryNameOf(byPath);
  return registryNameOf(requestHeader(ctx.req, REGISTRY_HEADER) ?? fallback ?? '');
}

/** `/{registry}` for a path-style request, `''` otherwise: what URLs back to this registry start with after the origin. */
export function registryPathPrefix(ctx: RequestContext): string {
  const seg = pathStyleRegistry(ctx);
  return seg === undefined ? '' : `/${encodeURIComponent(seg)}`;
}

/** The registry's base URL as this client reached it (the realm of its Bearer challenges is `<base>/oauth2/token`). */
export function registryBaseUrl(ctx: RequestContext): string {
  return ctx.origin.replace(/\/+$/, '') + registryPathPrefix(ctx);
}

/** Resolves the registry record; content left by an earlier registry of the same name is purged first. */
export function resolveRegistry(svc: RegistryService, ctx: RequestContext, fallback?: string): RegistryRequestState {
  const name = addressedRegistryName(ctx, fallback);
  const registry = name ? getRegistryByName(svc.pctx.store, name) : undefined;
  if (!registry) throw ociErrors.registryUnknown(name ? `${name}.azurecr.io` : ctx.host);
  const loginServer = registry.properties.loginServer.toLowerCase();
  const mark = svc.records.mark(loginServer);
  if (!mark || mark.registryId.toLowerCase() !== registry.id.toLowerCase() || mark.creationDate !== registry.properties.creationDate) {
    if (mark) purgeContent(svc, loginServer);
    svc.records.setMark({ loginServer, registryId: registry.id, creationDate: registry.properties.creationDate });
  }
  const st: RegistryRequestState = { loginServer, registry };
  ctx.state.registry = st;
  return st;
}

export function registryState(ctx: RequestContext): RegistryRequestState {
  const st = ctx.state.registry as RegistryRequestState | undefined;
  if (!st) throw new Error('registry request state missing');
  return st;
}

/** Forgets a login server's repositories, manifests, tags and uploads; deletes blobs nothing else links. */
export function purgeContent(svc: RegistryService, loginServer: string): void {
  const digests = svc.records.purgeRegistry(loginServer);
  for (const d of digests) if (!svc.records.blobReferenced(d)) svc.content.removeBlob(d);
  svc.pctx.log.info({ evt: 'registry.purged', loginServer, blobs: digests.length });
}

export function nowIso(svc: RegistryService): string {
  return new Date(svc.pctx.clock.now()).toISOString();
}
