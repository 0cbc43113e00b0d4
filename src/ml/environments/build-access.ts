/**
 * Who pulls a base image from a Cerulean registry during an image build, and whether they may:
 * - the workspace's own registry: the workspace's system-assigned identity (its primary user-assigned identity
 *   when it has none);
 * - any other registry: the workspace connection whose target is the registry's login server. A ManagedIdentity
 *   connection names a user-assigned identity: the workspace's system-assigned identity must hold Managed Identity
 *   Operator on it (assign/action), and the identity itself AcrPull on the registry (RBAC evaluated as that
 *   identity). A UsernamePassword connection must name the registry's admin user and a current password.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { safeEqual } from '../../shared/ids.js';
import { getRegistry, getRegistryByName, registryCredentials, type RegistryResource } from '../../registry/arm/registry-records.js';
import { PULL_ACTION } from '../../registry/oci/token-scopes.js';
import { ASSIGN_ACTION } from '../../managed-identity/linked-authorization.js';
import { getUai, resolveUai } from '../../managed-identity/user-assigned.js';
import type { WorkspaceRecord } from '../arm/ml-records.js';
import { registryConnectionFor } from '../connections/connection-records.js';
import { buildErrors } from './build-errors.js';

export interface PullAccess {
  registry: RegistryResource;
  loginServer: string;
  connection?: string;
}

const LOGIN_SERVER = /^([a-z0-9]{5,50})\.azurecr\.io$/;

/** The Cerulean registry behind a login server, if the host is one. */
export function ceruleanRegistry(ctx: PlatformContext, host: string): RegistryResource | undefined {
  const m = LOGIN_SERVER.exec(host.toLowerCase());
  return m ? getRegistryByName(ctx.store, m[1]) : undefined;
}

/** Whether a host is shaped like a Cerulean (ACR) login server, existing or not. */
export function isRegistryHost(host: string): boolean {
  return LOGIN_SERVER.test(host.toLowerCase());
}

function spPrincipal(ctx: PlatformContext, objectId: string, appId?: string, miResourceId?: string): Principal {
  const p: Principal = { objectId, tenantId: ctx.config.tenantId, type: 'ServicePrincipal' };
  if (appId) p.appId = appId;
  if (miResourceId) p.miResourceId = miResourceId;
  return p;
}

function may(ctx: PlatformContext, principal: Principal, action: string, scope: string): boolean {
  return ctx.authz.authorize({ principal, action, dataAction: false, scope, plane: 'ml-image-build' }).allowed;
}

function workspaceName(ws: WorkspaceRecord): string {
  return ws.name;
}

/** Checks the pull rights for `host`; each check passed is told to `note` (the build log). */
export function authorizePull(ctx: PlatformContext, ws: WorkspaceRecord, host: string, note: (line: string) => void): PullAccess {
  const registry = ceruleanRegistry(ctx, host);
  if (!registry) throw buildErrors.unknownRegistry(host);
  const loginServer = registry.properties.loginServer.toLowerCase();
  const own = getRegistry(ctx.store, String(ws.properties.containerRegistry ?? ''));
  if (own && own.id.toLowerCase() === registry.id.toLowerCase()) {
    const sai = ws.identity?.principalId;
    const primary = typeof ws.properties.primaryUserAssignedIdentity === 'string' ? getUai(ctx, ws.properties.primaryUserAssignedIdentity) : undefined;
    const who = sai ? spPrincipal(ctx, sai) : primary ? spPrincipal(ctx, primary.properties.principalId, primary.properties.clientId, primary.id) : undefined;
    const label = sai ? "workspace's system-assigned identity" : `workspace's primary user-assigned identity '${primary?.id}'`;
    if (!who) throw buildErrors.noSystemIdentity(ws.id, '(none)');
    if (!may(ctx, who, PULL_ACTION, registry.id)) throw buildErrors.missingAcrPull(label, who.objectId, registry.id);
    note(`Pulling from the workspace registry ${loginServer} as the ${label} (principal id ${who.objectId}): pull allowed.`);
    return { registry, loginServer };
  }
  const conn = registryConnectionFor(ctx, ws.id, loginServer);
  if (!conn) throw buildErrors.noConnection(loginServer, workspaceName(ws));
  note(`Using workspace connection '${conn.name}' (target ${conn.properties.target}, authType ${conn.properties.authType}).`);
  const creds = conn.properties.credentials ?? {};
  if (conn.properties.authType === 'ManagedIdentity') {
    const ref = creds.resourceId ?? creds.clientId ?? '';
    const uai = creds.resourceId ? getUai(ctx, creds.resourceId) : resolveUai(ctx, ref);
    if (!uai) throw buildErrors.uaiNotFound(ref, conn.name);
    if (creds.clientId && creds.clientId.toLowerCase() !== uai.properties.clientId.toLowerCase()) {
      throw buildErrors.clientIdMismatch(conn.name, creds.clientId, uai.id, uai.properties.clientId);
    }
    const sai = ws.identity?.principalId;
    if (!sai) throw buildErrors.noSystemIdentity(ws.id, uai.id);
    if (!may(ctx, spPrincipal(ctx, sai), ASSIGN_ACTION, uai.id)) throw buildErrors.missingOperator(sai, uai.id);
    note(`Check: the workspace's system-assigned identity (principal id ${sai}) holds 'Managed Identity Operator' on ${uai.id}: ok.`);
    const uaiPrincipal = spPrincipal(ctx, uai.properties.principalId, uai.properties.clientId, uai.id);
    if (!may(ctx, uaiPrincipal, PULL_ACTION, registry.id)) {
      throw buildErrors.missingAcrPull(`user-assigned identity '${uai.id}' of connection '${conn.name}'`, uai.properties.principalId, registry.id);
    }
    note(`Check: the user-assigned identity (client id ${uai.properties.clientId}, principal id ${uai.properties.principalId}) holds 'AcrPull' on ${registry.id}: ok.`);
    return { registry, loginServer, connection: conn.name };
  }
  if (conn.properties.authType === 'UsernamePassword') {
    const password = conn.internal?.secrets?.password ?? '';
    const admin = registry.properties.adminUserEnabled ? registryCredentials(ctx.store, registry) : undefined;
    const ok = admin && (creds.username ?? '').toLowerCase() === admin.username.toLowerCase() && admin.passwords.some((p) => safeEqual(p.value, password));
    if (!ok) throw buildErrors.badPassword(conn.name, loginServer);
    note(`Check: the admin user '${admin.username}' of ${loginServer} accepted the connection's password: ok.`);
    return { registry, loginServer, connection: conn.name };
  }
  throw buildErrors.unsupportedAuth(conn.name, conn.properties.authType);
}
