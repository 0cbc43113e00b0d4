/**
 * One instance of a deployment: a scoring host run as a workload (with the endpoint's identity), its output in the
 * `inference-server` log, readiness (the host's "Listening at" line, then `GET /` → 200), liveness probes, and
 * restarts with exponential backoff when it exits or stops answering its liveness probe. Probes use the host's TCP
 * port; requests use its Unix domain socket when it has one (see worker-socket.ts), else the TCP port.
 */
import http from 'node:http';
import type { StartWorkload, RunningWorkload } from '../../runtime/workload-launcher.js';
import type { AttachedIdentity } from '../../runtime/workload-registry.js';
import type { ContainerLogs } from './container-logs.js';
import { forEachLine } from './container-logs.js';
import type { ProbeSpec } from './deployment-spec.js';
import { linkHostSocket, unlinkHostSocket } from './worker-socket.js';

export interface InstanceLaunch {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  identities: AttachedIdentity[];
  description: string;
}

export interface InstanceOptions {
  launch: InstanceLaunch;
  startWorkload: StartWorkload;
  logs: ContainerLogs;
  liveness: ProbeSpec;
  /** How long a start may take until the host answers `GET /`. */
  readinessTimeoutMs: number;
  /** Keep-alive sockets to the worker (≥ max concurrent requests per instance). */
  maxSockets: number;
  /** A folder only the platform can enter, for the links to the hosts' Unix domain sockets (none: TCP only). */
  socketDir?: string;
  backoff?: { baseMs: number; maxMs: number };
  onReady?: (i: WorkerInstance) => void;
  onDown?: (i: WorkerInstance) => void;
}

/** Why an instance did not become ready. */
export class InstanceStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly missingModules?: Array<{ package: string; module: string }>,
  ) {
    super(message);
    this.name = 'InstanceStartError';
  }
}

export type InstanceState = 'starting' | 'ready' | 'restarting' | 'stopped';

const LISTENING = /\] azmlinfsrv - Listening at: http:\/\/127\.0\.0\.1:(\d+) /;
const MISSING = /\] azmlinfsrv - MissingModules (\[.*\])$/;

function probeOnce(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Keep-alive connections to one host, reused most recently used first (TCP_NODELAY is Node's default). */
function newAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
}

export class WorkerInstance {
  state: InstanceState = 'starting';
  port = 0;
  /** The host's Unix domain socket (a link to it), when it has one: requests go there instead of `port`. */
  socketPath: string | undefined = undefined;
  agent: http.Agent;
  /** Requests currently sent to this instance. */
  inFlight = 0;
  /** Bumped at every (re)start: a request remembers the generation it was sent to. */
  generation = 0;
  restarts = 0;
  private running?: RunningWorkload;
  private liveTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;
  private failures = 0;
  private backoffMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };

  constructor(private readonly opts: InstanceOptions) {
    this.backoff = opts.backoff ?? { baseMs: 1000, maxMs: 30_000 };
    this.backoffMs = this.backoff.baseMs;
    this.agent = newAgent(opts.maxSockets);
  }

  isStopped(): boolean {
    return this.state === 'stopped';
  }

  get pid(): number | undefined {
    return this.running?.process.pid;
  }

  /** Starts the host and resolves once it is ready; rejects (InstanceStartError) when it exits or times out first. */
  async start(): Promise<void> {
    if (this.isStopped()) throw new InstanceStartError('The instance was stopped.', null);
    this.state = this.generation === 0 ? 'starting' : 'restarting';
    this.generation++;
    const gen = this.generation;
    const { logs } = this.opts;
    const running = await this.opts.startWorkload({ ...this.opts.launch, env: this.opts.launch.env });
    this.running = running;
    if (this.isStopped()) {
      running.process.signal('SIGKILL');
      throw new InstanceStartError('The instance was stopped.', null);
    }
    let missing: Array<{ package: string; module: string }> | undefined;
    let onPort: ((port: number) => void) | undefined;
    const portSeen = new Promise<number>((resolve) => (onPort = resolve));
    const recent: string[] = [];
    const onLine = (line: string) => {
      logs.raw('inference-server', line);
      recent.push(line);
      if (recent.length > 60) recent.shift();
      const m = LISTENING.exec(line);
      if (m) onPort?.(Number(m[1]));
      const mm = MISSING.exec(line);
      if (mm) {
        try {
          missing = JSON.parse(mm[1]);
        } catch {
          /* keep undefined */
        }
      }
    };
    forEachLine(running.process.stdout, onLine);
    forEachLine(running.process.stderr, onLine);
    running.process.stdin.end();
    const exited = running.exited.then((exit) => {
      if (gen === this.generation) this.onExit(exit.code, exit.signal);
      return exit;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new InstanceStartError(`The scoring host did not become ready within ${Math.round(this.opts.readinessTimeoutMs / 1000)} s.`, null)), this.opts.readinessTimeoutMs);
      timer.unref();
    });
    const died = exited.then((exit) => {
      const reason = exit.code === 4 && missing ? 'modules' : exit.code === 3 ? 'init' : 'exit';
      const tail = recent.slice(-40).join('\n');
      const msg =
        reason === 'modules'
          ? `Missing modules: ${missing!.map((m) => `${m.package} (module ${m.module})`).join(', ')}`
          : reason === 'init'
            ? `The scoring script's init() failed (the scoring host exited with code 3):\n${tail}`
            : `The scoring host exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`} before it was ready:\n${tail}`;
      throw new InstanceStartError(msg, exit.code, missing);
    });
    try {
      const port = await Promise.race([portSeen, died, timeout]);
      await Promise.race([this.awaitHealthy(port), died, timeout]);
      this.port = port;
      this.dropSocket();
      if (this.opts.socketDir) this.socketPath = linkHostSocket(this.opts.socketDir, `${running.workload.id}.sock`, running.workload.sandboxDir, running.workload.uid);
    } catch (e) {
      if (gen === this.generation && !this.isStopped()) running.process.signal('SIGKILL');
      throw e;
    } finally {
      clearTimeout(timer);
      died.catch(() => undefined);
    }
    if (this.isStopped()) {
      running.process.signal('SIGKILL');
      throw new InstanceStartError('The instance was stopped.', null);
    }
    this.state = 'ready';
    this.failures = 0;
    this.scheduleLiveness();
    this.opts.onReady?.(this);
  }

  private dropSocket(): void {
    unlinkHostSocket(this.socketPath);
    this.socketPath = undefined;
  }

  private async awaitHealthy(port: number): Promise<void> {
    for (;;) {
      if (await probeOnce(port, 1000)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private scheduleLiveness(): void {
    clearInterval(this.liveTimer);
    const { periodMs, timeoutMs, failureThreshold } = this.opts.liveness;
    const gen = this.generation;
    this.liveTimer = setInterval(() => {
      if (this.state !== 'ready' || gen !== this.generation) return;
      void probeOnce(this.port, timeoutMs).then((ok) => {
        if (gen !== this.generation || this.state !== 'ready') return;
        this.failures = ok ? 0 : this.failures + 1;
        if (this.failures >= failureThreshold) {
          this.opts.logs.note('inference-server', `Liveness probe failed ${this.failures} times: restarting the instance (pid ${this.pid}).`);
          this.running?.process.signal('SIGKILL');
        }
      });
    }, periodMs);
    this.liveTimer.unref();
  }

  private onExit(code: number | null, signal: string | null): void {
    clearInterval(this.liveTimer);
    const wasReady = this.state === 'ready';
    if (this.state === 'stopped') return;
    if (!wasReady) return; // a failed start is reported by start()
    this.state = 'restarting';
    this.agent.destroy();
    this.agent = newAgent(this.opts.maxSockets);
    this.dropSocket();
    this.opts.onDown?.(this);
    this.opts.logs.note('inference-server', `The scoring host exited (${signal ? `signal ${signal}` : `code ${code}`}); restarting in ${this.backoffMs} ms.`);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.backoff.maxMs);
    this.restartTimer = setTimeout(() => {
      if (this.state === 'stopped') return;
      this.restarts++;
      this.start().then(
        () => {
          this.backoffMs = this.backoff.baseMs;
        },
        (e: Error) => {
          if (this.state === 'stopped') return;
          if (/shutting down/i.test(e.message)) {
            this.state = 'stopped';
            return;
          }
          this.opts.logs.note('inference-server', `Restart failed: ${e.message.split('\n')[0]}; retrying in ${this.backoffMs} ms.`);
          this.state = 'restarting';
          this.scheduleRestart();
        },
      );
    }, delay);
    this.restartTimer.unref();
  }

  /** Ends the host (TERM, then KILL after `graceMs`) and stops restarting it. */
  async stop(graceMs = 2000): Promise<void> {
    this.state = 'stopped';
    clearInterval(this.liveTimer);
    clearTimeout(this.restartTimer);
    this.agent.destroy();
    this.dropSocket();
    const r = this.running;
    if (!r) return;
    r.process.signal('SIGTERM');
    const kill = setTimeout(() => r.process.signal('SIGKILL'), graceMs);
    await r.exited;
    clearTimeout(kill);
  }
}
