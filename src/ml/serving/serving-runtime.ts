/**
 * The serving runtime: live deployments by id, their container logs, and the ServingHooks the control plane calls
 * (provision → Creating … Succeeded | Failed, stop, logs). Provisioning runs in the background; a newer provisioning
 * of the same deployment (update, scale) replaces the live instances only once its own instances are ready.
 * `close()` stops every instance before the platform's runtime ends its workloads.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformContext } from '../../platform/context.js';
import type { StartWorkload } from '../../runtime/workload-launcher.js';
import { canonicalId } from '../../arm/resource-store.js';
import { listArmResources } from '../../arm/resource-store.js';
import { setDeploymentState, type DeploymentRecord } from '../arm/ml-records.js';
import { T } from '../arm/ml-constants.js';
import type { ServingHooks } from '../serving-hooks.js';
import { ContainerLogs } from './container-logs.js';
import { ProvisioningError } from './deployment-spec.js';
import type { DeploymentPool } from './deployment-pool.js';
import { provisionDeployment, type LiveDeployment } from './provisioner.js';

export interface ServingRuntimeOptions {
  ctx: PlatformContext;
  startWorkload: StartWorkload;
  /** Where deployment folders go (default `<dataDir>/ml-serving`). */
  root?: string;
  restartBackoff?: { baseMs: number; maxMs: number };
}

export class ServingRuntime implements ServingHooks {
  private readonly live = new Map<string, LiveDeployment>();
  private readonly logBooks = new Map<string, ContainerLogs>();
  private readonly attempts = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();
  /** Pools being started (stopped by close() even before they are live). */
  private readonly starting = new Set<DeploymentPool>();
  private counter = 0;
  private closed = false;
  readonly root: string;

  constructor(private readonly opts: ServingRuntimeOptions) {
    this.root = opts.root ?? join(opts.ctx.paths.root, 'ml-serving');
  }

  private key(id: string): string {
    return canonicalId(id).toLowerCase();
  }

  private logsOf(key: string): ContainerLogs {
    let l = this.logBooks.get(key);
    if (!l) {
      l = new ContainerLogs(() => this.opts.ctx.clock.now());
      this.logBooks.set(key, l);
    }
    return l;
  }

  /** The live (Succeeded) deployment `name` of an endpoint, if any. */
  deployment(endpointId: string, name: string): LiveDeployment | undefined {
    return this.live.get(`${this.key(endpointId)}/deployments/${name.toLowerCase()}`);
  }

  provision(deploymentId: string): void {
    if (this.closed) return;
    const key = this.key(deploymentId);
    const token = ++this.counter;
    this.attempts.set(key, token);
    const current = () => !this.closed && this.attempts.get(key) === token;
    const { ctx } = this.opts;
    const logs = this.logsOf(key);
    mkdirSync(this.root, { recursive: true, mode: 0o711 });
    chmodSync(this.root, 0o711);
    const dir = join(this.root, `${createHash('sha256').update(key).digest('hex').slice(0, 16)}-${token}`);
    let started: DeploymentPool | undefined;
    const onPool = (pool: DeploymentPool) => {
      started = pool;
      this.starting.add(pool);
    };
    const deps = { ctx, startWorkload: this.opts.startWorkload, logs, dir, current, onPool, restartBackoff: this.opts.restartBackoff };
    const run = provisionDeployment(deps, deploymentId).then(
      async (dep) => {
        if (!current()) {
          await Promise.all(dep.pool.instances.map((i) => i.stop(500)));
          rmSync(dir, { recursive: true, force: true });
          return;
        }
        const old = this.live.get(key);
        this.live.set(key, dep);
        if (!setDeploymentState(ctx, deploymentId, 'Succeeded')) {
          this.live.delete(key);
          await Promise.all(dep.pool.instances.map((i) => i.stop(500)));
          rmSync(dir, { recursive: true, force: true });
        }
        if (old) await this.retire(old);
      },
      (e: unknown) => {
        rmSync(dir, { recursive: true, force: true });
        if (!current()) return;
        const err = e instanceof ProvisioningError ? e : new ProvisioningError(`Provisioning failed: ${(e as Error)?.message ?? String(e)}`);
        if (!(e instanceof ProvisioningError)) ctx.log.error({ evt: 'ml.serving.provision', deployment: deploymentId, err: (e as Error)?.stack ?? String(e) });
        logs.note(err.code === 'StorageAuthorizationFailed' || err.code === 'AssetNotFound' ? 'storage-initializer' : 'inference-server', `Deployment failed: ${err.message}`);
        setDeploymentState(ctx, deploymentId, 'Failed', { code: err.code, message: err.message });
      },
    );
    const tracked: Promise<void> = run.finally(() => {
      this.pending.delete(tracked);
      if (started) this.starting.delete(started);
    });
    this.pending.add(tracked);
  }

  private async retire(dep: LiveDeployment): Promise<void> {
    await Promise.all(dep.pool.instances.map((i) => i.stop()));
    rmSync(dep.dir, { recursive: true, force: true });
  }

  async stop(deploymentId: string): Promise<void> {
    const key = this.key(deploymentId);
    this.attempts.set(key, ++this.counter);
    const dep = this.live.get(key);
    this.live.delete(key);
    this.logBooks.delete(key);
    if (dep) await this.retire(dep);
  }

  logs(deploymentId: string, container: 'inference-server' | 'storage-initializer', lines: number): string {
    return this.logBooks.get(this.key(deploymentId))?.tail(container, lines) ?? '';
  }

  /** After a platform restart: provisions again every deployment that was running or being provisioned. */
  resume(): number {
    let n = 0;
    for (const d of listArmResources(this.opts.ctx.store, { type: T.deployment }) as DeploymentRecord[]) {
      if (['Succeeded', 'Creating', 'Updating', 'Scaling'].includes(d.properties.provisioningState)) {
        this.provision(d.id);
        n++;
      }
    }
    return n;
  }

  /** Waits for provisioning started so far to settle (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops every instance (no restarts) and removes the deployment folders. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.live.values()];
    this.live.clear();
    const startingNow = [...this.starting];
    await Promise.all([...all.map((d) => this.retire(d)), ...startingNow.flatMap((p) => p.instances.map((i) => i.stop(500)))]);
    await Promise.allSettled([...this.pending]);
    rmSync(this.root, { recursive: true, force: true });
  }
}
