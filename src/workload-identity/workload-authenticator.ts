/**
 * Who is asking for a token: the workload whose credential the request carries, found by the pipeline's
 * authentication step (the token handlers only issue). Each token operation has its own credential:
 * - `ManagedIdentity_Token`: `X-IDENTITY-HEADER` (App Service 2019-08-01) or `secret` (Azure ML's `MSI_SECRET`);
 * - `Imds_Token`: the workload's proxy credentials (`Proxy-Authorization: Basic`), IMDS being reached through the proxy;
 * - `Imds_TokenByPath`: the lowercase-hex secret in the path (`AZURE_POD_IDENTITY_AUTHORITY_HOST`).
 * A credential that is present but wrong is refused here; an absent one is refused by the plane's `unauthenticated`.
 */
import type { Authenticator } from '../http/plane.js';
import { requestHeader } from '../http/request-header.js';
import type { ApiError } from '../shared/errors.js';
import type { Caller, RequestContext } from '../http/operation.js';
import type { Workload, WorkloadRegistry } from '../runtime/workload-registry.js';
import { imdsUnreachable, secretRefused, type MsiDialect } from './msi-errors.js';
import type { WorkloadSecretLookup } from './workload-secret-lookup.js';

export const MSI_TOKEN_OP = 'ManagedIdentity_Token';
export const IMDS_TOKEN_OP = 'Imds_Token';
export const POD_IMDS_TOKEN_OP = 'Imds_TokenByPath';

export const WORKLOAD_SCHEME = 'workload';

/** What a workload caller carries (`Caller.info`). */
export interface WorkloadCallerInfo {
  workload: Workload;
  /** The protocol it asked in, which decides the shape of the reply's errors. */
  dialect: MsiDialect;
}

export function header(rc: RequestContext, name: string): string | undefined {
  return requestHeader(rc.req, name);
}

/** `Proxy-Authorization: Basic base64(id:secret)` → [id, secret]. */
export function proxyCredentials(value: string | undefined): [string, string] | undefined {
  const m = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  try {
    return [decodeURIComponent(text.slice(0, i)), decodeURIComponent(text.slice(i + 1))];
  } catch {
    return undefined;
  }
}

function workloadCaller(workload: Workload, dialect: MsiDialect): Caller {
  const info: WorkloadCallerInfo = { workload, dialect };
  return { scheme: WORKLOAD_SCHEME, info: info as unknown as Record<string, unknown> };
}

export function workloadOf(rc: RequestContext): WorkloadCallerInfo {
  return rc.caller.info as unknown as WorkloadCallerInfo;
}

export function createWorkloadAuthenticator(registry: WorkloadRegistry, secrets: WorkloadSecretLookup): Authenticator {
  return (rc) => {
    switch (rc.operation.id) {
      case MSI_TOKEN_OP: {
        const identityHeader = header(rc, 'x-identity-header');
        if (identityHeader !== undefined) {
          const w = secrets.bySecret(identityHeader);
          if (!w) throw secretRefused('appservice', 'X-IDENTITY-HEADER');
          return workloadCaller(w, 'appservice');
        }
        const secret = header(rc, 'secret');
        if (secret === undefined) return undefined;
        const w = secrets.bySecret(secret);
        if (!w) throw secretRefused('azureml', 'secret');
        return workloadCaller(w, 'azureml');
      }
      case IMDS_TOKEN_OP: {
        const value = header(rc, 'proxy-authorization');
        if (value === undefined) return undefined;
        const creds = proxyCredentials(value);
        const w = creds ? registry.byProxyCredentials(creds[0], creds[1]) : undefined;
        if (!w) throw imdsUnreachable();
        return workloadCaller(w, 'imds');
      }
      case POD_IMDS_TOKEN_OP: {
        const w = registry.byPathSecret(rc.params.pathSecret?.toLowerCase());
        if (!w) throw imdsUnreachable();
        return workloadCaller(w, 'imds');
      }
      default:
        return undefined;
    }
  };
}

/** The refusal for a token request that carries no credential at all, in its protocol's dialect. */
export function credentialMissing(rc: RequestContext): ApiError {
  return rc.operation.id === MSI_TOKEN_OP ? secretRefused('azureml', 'secret') : imdsUnreachable();
}
