/**
 * An in-process registry plane on plain loopback HTTP for unit tests: the login fixture's store, directory and token
 * service, the store-backed RBAC authorizer (strict), one registry record, and requests addressed with the
 * `X-Cerulean-Registry` header.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlaneHandler } from '../../../http/pipeline.js';
import { createAuthorizer } from '../../../arm/authorization/authorizer.js';
import { createRoleAssignment } from '../../../arm/authorization/role-assignment-store.js';
import { createLoginFixture, type LoginFixture } from '../../../identity/test-support.js';
import { createRegistry, type RegistryResource } from '../../arm/registry-records.js';
import { createRegistryPlane } from '../registry-plane.js';
import { REGISTRY_HEADER } from '../registry-service.js';

export interface RegistryTestServer {
  url: string;
  fx: LoginFixture;
  registry: RegistryResource;
  loginServer: string;
  /** Sends a request to the plane with the registry header set. */
  send(method: string, path: string, init?: { headers?: Record<string, string>; body?: Buffer | string }): Promise<Response>;
  /** An Entra ARM token for the fixture's service principal. */
  spToken(audience?: string): Promise<string>;
  assign(roleGuid: string, principalId: string): void;
  close(): Promise<void>;
}

export const ROLE_IDS = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  acrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
} as const;

export async function startRegistryTestServer(opts: { adminUserEnabled?: boolean; maxBlobBytes?: number } = {}): Promise<RegistryTestServer> {
  const fx = await createLoginFixture();
  const { pctx } = fx;
  pctx.authz = createAuthorizer({ store: pctx.store, enforcement: 'strict', log: pctx.log, directory: fx.directory, clock: pctx.clock });
  const registry = createRegistry(pctx, {
    subscriptionId: pctx.config.subscriptionId,
    resourceGroup: 'rg',
    name: 'cerulean01',
    location: 'eastus',
    adminUserEnabled: opts.adminUserEnabled,
  });
  const plane = createRegistryPlane(pctx, { tokenKey: Buffer.alloc(32, 7), maxBlobBytes: opts.maxBlobBytes });
  const handler = createPlaneHandler(plane, pctx);
  const server = http.createServer((req, res) => void handler(req, res, { host: '127.0.0.1', origin: `http://${req.headers.host}` }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const loginServer = registry.properties.loginServer;
  return {
    url,
    fx,
    registry,
    loginServer,
    send: (method, path, init = {}) =>
      fetch(url + path, { method, headers: { [REGISTRY_HEADER]: loginServer, ...init.headers }, body: init.body as unknown as BodyInit | undefined, signal: AbortSignal.timeout(10_000) }),
    spToken: async (audience = 'https://management.azure.com/') =>
      (await fx.tokens.issueAccessToken({ objectId: fx.sp.id, tenantId: pctx.config.tenantId, kind: 'servicePrincipal', appId: fx.app.appId }, audience, { reuse: false }))
        .accessToken,
    assign: (roleGuid, principalId) =>
      void createRoleAssignment(pctx.store, { scope: registry.id, roleDefinitionGuid: roleGuid, principalId, principalType: 'ServicePrincipal', clock: pctx.clock }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      fx.close();
    },
  };
}
