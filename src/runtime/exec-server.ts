/**
 * `cerulean exec` on the platform side: an HTTPS listener on loopback (exec-listener.ts) that accepts
 * `POST /providers/Cerulean.Runtime/exec?identity=<uai id or client id>…[&imds=true]` with
 * `Upgrade: cerulean-exec` and the caller's ARM bearer token. Before switching protocols it authenticates the
 * token, resolves each identity and runs the linked access check (assign/action on every identity), answering
 * ARM-shaped errors; then it starts the workload from the START frame and streams stdio, signals and the exit
 * status as frames (exec-frames.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { PlatformContext } from '../platform/context.js';
import type { LocalCa } from '../http/tls/local-ca.js';
import { ApiError } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { TokenError } from '../identity/types.js';
import { bearerToken } from '../identity/bearer-authenticator.js';
import { ARM_AUDIENCES } from '../identity/audiences.js';
import { armTokenError, armUnauthenticated } from '../arm/arm-errors.js';
import { requireAssignPermission } from '../managed-identity/linked-authorization.js';
import { resolveUai } from '../managed-identity/user-assigned.js';
import { startExecListener } from './exec-listener.js';
import type { AttachedIdentity } from './workload-registry.js';
import { WorkloadStartError, type StartWorkload } from './workload-launcher.js';

export const EXEC_ACTION = 'Cerulean.Runtime/workloads/write';

export interface ExecServer {
  /** `https://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export async function authenticateExec(ctx: PlatformContext, req: IncomingMessage): Promise<Principal> {
  const header = req.headers.authorization;
  if (header === undefined) throw armUnauthenticated(ctx.config.tenantId);
  const token = bearerToken(header);
  if (!token) throw armTokenError('missing');
  try {
    return await ctx.tokens.verifyAccessToken(token, ARM_AUDIENCES);
  } catch (e) {
    if (e instanceof TokenError) throw armTokenError(e);
    throw e;
  }
}

/** Resolves `--identity` values (UAI ids or client ids) and checks the caller may assign each. */
export function resolveExecIdentities(ctx: PlatformContext, principal: Principal, refs: string[]): AttachedIdentity[] {
  const out: AttachedIdentity[] = [];
  for (const ref of refs) {
    const uai = resolveUai(ctx, ref);
    if (!uai) {
      throw new ApiError(
        404,
        'ResourceNotFound',
        `The user-assigned identity '${ref}' was not found. Give its resource id (/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>) or its client id.`,
      );
    }
    out.push({ resourceId: uai.id, clientId: uai.properties.clientId, principalId: uai.properties.principalId, tenantId: uai.properties.tenantId, kind: 'userAssigned' });
  }
  requireAssignPermission(ctx, principal, {
    action: EXEC_ACTION,
    scope: `/subscriptions/${ctx.config.subscriptionId}/providers/Cerulean.Runtime/workloads`,
    identityIds: out.map((i) => i.resourceId),
    plane: 'runtime',
  });
  return out;
}

export async function startExecServer(ctx: PlatformContext, ca: LocalCa, start: StartWorkload, opts: { bind?: string; port?: number } = {}): Promise<ExecServer> {
  const bind = opts.bind ?? '127.0.0.1';
  const listener = await startExecListener(ctx, {
    cert: await ca.issueLeaf([bind, 'localhost']),
    bind,
    port: opts.port,
    errorEvent: 'exec.error',
    async admit(req, url) {
      const principal = await authenticateExec(ctx, req);
      const identities = resolveExecIdentities(ctx, principal, url.searchParams.getAll('identity'));
      const imds = /^(1|true|yes)$/i.test(url.searchParams.get('imds') ?? '');
      return {
        start: (spec) => {
          // The workload runs in the caller's working directory.
          if (spec.cwd === undefined) throw new WorkloadStartError('Bad exec request: START needs an absolute cwd.', 1);
          return start({ argv: spec.argv, cwd: spec.cwd, env: spec.env, identities, imds, description: 'exec', owner: principal.objectId });
        },
      };
    },
  });
  return { url: listener.url, close: listener.close };
}
