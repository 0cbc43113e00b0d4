/**
 * The scoring router: `https://<endpoint>.<region>.inference.ml.azure.com/{score,swagger.json,}` through the proxy,
 * or `https://127.0.0.1:<port>/<endpoint>.<region>/score` on the plane's direct port (or any path with a
 * `Host: <endpoint>.<region>.inference.ml.azure.com` header). Authenticates by the endpoint's auth mode (key,
 * aml_token, aad_token + `onlineEndpoints/score/action`), picks a deployment by the endpoint's traffic weights or
 * the `azureml-model-deployment` header, copies mirrored traffic, and forwards to the deployment's instances.
 */
import type { ServerResponse } from 'node:http';
import type { Operation, RequestContext } from '../../http/operation.js';
import type { Plane } from '../../http/plane.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { readBody } from '../../http/body.js';
import { authenticateScoringRequest, findEndpointByHost, SCORE_ACTION } from '../arm/scoring-auth.js';
import { ENDPOINT_HOST_KIND, ENDPOINT_KEYS_KIND, getDeployment, type EndpointRecord } from '../arm/ml-records.js';
import { ARM_RESOURCE_KIND } from '../../arm/resource-store.js';
import { armAuthorizationFailed, authorizationFailedText } from '../../arm/arm-errors.js';
import { forwardScoring, mirrorScoring, type ForwardTarget } from './scoring-forward.js';
import { pickDeployment, pickMirror, trafficTable, type TrafficTable } from './traffic.js';
import type { ServingRuntime } from './serving-runtime.js';

export const SCORING_HOST = /^[a-z0-9-]+\.[a-z0-9]+\.inference\.ml\.azure\.com$/;
const PATH_HOST = /^([a-z][-a-z0-9]*\.[a-z0-9]+)$/i;
const ROUTES = new Set(['/score', '/swagger.json', '/']);
const MAX_MIRRORED_BODY = 100 * 1024 * 1024;

export interface ScoringPlaneOptions {
  rand?: () => number;
}

function message(status: number, text: string, headers?: Record<string, string>): ApiError {
  return new ApiError(status, String(status), text, { headers });
}

export const scoringErrors = {
  noEndpoint: (host: string) => message(404, `No online endpoint answers at '${host}'.`),
  notFound: () => message(404, 'The requested URL was not found on the server.'),
  noDeployment: () =>
    message(404, 'No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.'),
  unknownDeployment: (name: string, endpoint: string) => message(404, `Deployment '${name}' does not exist in endpoint '${endpoint}'. Check the azureml-model-deployment header.`),
  notReady: (name: string) => message(503, `Deployment '${name}' is not ready to take requests (it is being provisioned, has failed, or was deleted).`),
};

function renderScoringError(res: ServerResponse, err: ApiError): void {
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  const error = { code: err.code, message: err.message, ...(err.additionalInfo ? { additionalInfo: err.additionalInfo } : {}) };
  const body = Buffer.from(JSON.stringify(/^\d+$/.test(err.code) ? { message: err.message } : { error }));
  res.statusCode = err.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', body.length);
  res.end(body);
}

interface Route {
  ep: EndpointRecord;
  table: TrafficTable;
  /** Keys accepted since the route was cached (Key auth mode). */
  keys: Set<string>;
}

/**
 * Endpoint lookups by host name, kept until any ARM resource, endpoint host name or endpoint key changes (store
 * generations), so that the fast path reads no store record.
 */
class RouteCache {
  private readonly routes = new Map<string, Route | null>();
  private gen = -1;

  constructor(private readonly ctx: PlatformContext) {}

  get(host: string): Route | undefined {
    const st = this.ctx.store;
    const gen = st.generation(ARM_RESOURCE_KIND) + st.generation(ENDPOINT_HOST_KIND) + st.generation(ENDPOINT_KEYS_KIND);
    if (gen !== this.gen) {
      this.routes.clear();
      this.gen = gen;
    }
    let r = this.routes.get(host);
    if (r === undefined) {
      const ep = findEndpointByHost(this.ctx, host);
      r = ep ? { ep, table: trafficTable(ep.properties.traffic), keys: new Set() } : null;
      if (this.routes.size > 10_000) this.routes.clear();
      this.routes.set(host, r);
    }
    return r ?? undefined;
  }
}

/** The endpoint a request addresses and the path to forward (direct-port requests name the endpoint in the path). */
function locate(routes: RouteCache, rc: RequestContext): { route: Route; path: string } | undefined {
  const url = rc.req.url ?? '/';
  if (SCORING_HOST.test(rc.host)) {
    const route = routes.get(rc.host);
    return route ? { route, path: url.startsWith('http') ? rc.url.pathname + rc.url.search : url } : undefined;
  }
  const seg = rc.url.pathname.split('/')[1] ?? '';
  if (!PATH_HOST.test(seg)) return undefined;
  const route = routes.get(`${seg.toLowerCase()}.inference.ml.azure.com`);
  const rest = rc.url.pathname.slice(seg.length + 1) || '/';
  return route ? { route, path: rest + rc.url.search } : undefined;
}

export function createScoringPlane(ctx: PlatformContext, serving: ServingRuntime, opts: ScoringPlaneOptions = {}): Plane {
  const rand = opts.rand ?? Math.random;
  const routes = new RouteCache(ctx);

  const handler = async (rc: RequestContext) => {
    const found = locate(routes, rc);
    if (!found) throw scoringErrors.noEndpoint(rc.host);
    const { ep, table, keys } = found.route;
    const pathOnly = found.path.split('?')[0].replace(/\/+$/, '') || '/';
    if (!ROUTES.has(pathOnly)) throw scoringErrors.notFound();
    const header = rc.req.headers.authorization;
    const auth = typeof header === 'string' && keys.has(header) ? { kind: 'key' as const } : await authenticateScoringRequest(ctx, ep.id, header);
    if (auth.kind === 'key' && typeof header === 'string' && keys.size < 16) keys.add(header);
    if (auth.kind === 'aad_token' && auth.principal) {
      const r = ctx.authz.authorize({ principal: auth.principal, action: SCORE_ACTION, dataAction: false, scope: ep.id, plane: 'ml-scoring' });
      // A valid token without the permission: 403 (401 stays for missing, invalid or expired credentials).
      if (!r.allowed) {
        throw r.denial
          ? armAuthorizationFailed(auth.principal, r.denial)
          : new ApiError(403, 'AuthorizationFailed', authorizationFailedText(auth.principal, SCORE_ACTION, ep.id));
      }
    }
    const pinned = rc.req.headers['azureml-model-deployment'];
    let name: string | undefined;
    if (typeof pinned === 'string' && pinned !== '') {
      if (!getDeployment(ctx, `${ep.id}/deployments/${pinned}`)) throw scoringErrors.unknownDeployment(pinned, ep.name);
      name = pinned;
    } else {
      name = pickDeployment(table, rand);
      if (!name) throw scoringErrors.noDeployment();
    }
    const dep = serving.deployment(ep.id, name);
    if (!dep) throw scoringErrors.notReady(name);
    const target: ForwardTarget = { deploymentName: dep.name, pool: dep.pool, requestTimeoutMs: dep.spec.requestTimeoutMs };
    rc.req.url = found.path;
    const mirrorName = typeof pinned === 'string' && pinned !== '' ? undefined : pickMirror(ep.properties.mirrorTraffic, rand);
    const mirror = mirrorName && mirrorName.toLowerCase() !== name.toLowerCase() ? serving.deployment(ep.id, mirrorName) : undefined;
    const body = mirror ? await readBody(rc.req, MAX_MIRRORED_BODY) : undefined;
    if (mirror && body) mirrorScoring(rc.req, { deploymentName: mirror.name, pool: mirror.pool, requestTimeoutMs: mirror.spec.requestTimeoutMs }, rc.requestId, body);
    return {
      status: 200,
      stream: async (res: ServerResponse) => {
        await forwardScoring(rc.req, res, target, rc.requestId, body);
      },
    };
  };

  const op: Operation = {
    id: 'OnlineEndpoints_Score',
    method: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    path: '/{*rest}',
    auth: 'none',
    body: 'stream',
    handler,
  };
  return {
    name: 'ml-scoring',
    hosts: [SCORING_HOST],
    operations: [op],
    authenticators: [],
    renderError: (res, err) => renderScoringError(res, err),
    notFound: () => scoringErrors.notFound(),
    unauthenticated: () => new ApiError(401, 'MissingAuthorization', "The request has no 'Authorization: Bearer <key or token>' header."),
    denied: (_rc, info) => new ApiError(403, 'AuthorizationFailed', info.explanation),
  };
}
