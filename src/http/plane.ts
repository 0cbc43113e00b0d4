/**
 * A plane is a set of operations served under some host names (through the proxy) and on its own direct port.
 * The pipeline is shared; what differs per plane is declared here: hosts, authenticators, error dialect.
 */
import type { ServerResponse } from 'node:http';
import type { ApiError } from '../shared/errors.js';
import type { Caller, Operation, RequestContext } from './operation.js';

/** Returns a Caller when its credential is present and valid, undefined when its credential is absent,
 *  and throws an ApiError (401) when its credential is present but invalid. */
export type Authenticator = (ctx: RequestContext) => Promise<Caller | undefined> | Caller | undefined;

export interface DenialInfo {
  action: string;
  dataAction: boolean;
  scope: string;
  /** Human explanation: which assignments were considered, which role at which scope would grant it. */
  explanation: string;
  suggestions: Array<{ roleName: string; roleId: string; scope: string }>;
}

export interface Plane {
  /** Short name: 'login', 'arm', 'graph', 'blob', 'imds', … (also the key in RuntimeInfo.direct). */
  name: string;
  /** Host names (exact, lower case) or patterns this plane owns through the forward proxy. */
  hosts: Array<string | RegExp>;
  /** Served as plain http through the proxy (IMDS) rather than HTTPS. */
  plainHttp?: boolean;
  operations: Operation[];
  authenticators: Authenticator[];
  /** Writes an error in the plane's dialect (ARM JSON envelope, Storage XML, OAuth JSON…). */
  renderError(res: ServerResponse, err: ApiError, ctx?: RequestContext): void;
  /** Writes a successful JSON-ish body. Default: JSON with content-type application/json; charset=utf-8. */
  renderBody?(res: ServerResponse, status: number, body: unknown, ctx: RequestContext): void;
  /** Error for a request no operation matches (ARM: NoRegisteredProviderFound / InvalidResourceType…). */
  notFound(ctx: RequestContext): ApiError;
  /** Error for a missing/invalid credential when auth is required. */
  unauthenticated(ctx: RequestContext): ApiError;
  /** Error for an authorization denial. */
  denied(ctx: RequestContext, info: DenialInfo): ApiError;
  /** Optional check run after routing, before authentication (ARM: api-version). */
  validate?(ctx: RequestContext): void;
  /** The request path as it is logged, for planes whose paths can hold a secret (default: the path itself). */
  logPath?(path: string): string;
}

export function ownsHost(plane: Plane, host: string): boolean {
  const h = host.toLowerCase();
  return plane.hosts.some((p) => (typeof p === 'string' ? p === h : p.test(h)));
}
