/**
 * Admission to a deployment's instances: each takes up to `max_concurrent_requests_per_instance` requests at once;
 * beyond that requests wait in a bounded queue (Azure admits 2 × max_concurrent_requests_per_instance ×
 * instance_count requests in all); beyond the queue the caller answers 429. With no instance ready (all starting
 * or restarting) the caller answers 503.
 */
import type { WorkerInstance } from './worker-instance.js';

export type Waiter = (instance: WorkerInstance) => void;

export type Admission =
  | { kind: 'instance'; instance: WorkerInstance }
  | { kind: 'queued'; cancel: () => void }
  | { kind: 'full' }
  | { kind: 'unavailable' };

export class DeploymentPool {
  readonly instances: WorkerInstance[] = [];
  private readonly queue: Waiter[] = [];
  private next = 0;

  constructor(readonly maxConcurrentPerInstance: number) {}

  get queued(): number {
    return this.queue.length;
  }

  get inFlight(): number {
    let n = 0;
    for (const i of this.instances) n += i.inFlight;
    return n;
  }

  /** Requests that may wait beyond the ones being served. */
  get queueLimit(): number {
    return this.maxConcurrentPerInstance * Math.max(this.instances.length, 1);
  }

  readyCount(): number {
    let n = 0;
    for (const i of this.instances) if (i.state === 'ready') n++;
    return n;
  }

  /** A ready instance with a free slot (least loaded, round robin among equals), or undefined. */
  private free(): WorkerInstance | undefined {
    const n = this.instances.length;
    let best: WorkerInstance | undefined;
    for (let k = 0; k < n; k++) {
      const i = this.instances[(this.next + k) % n];
      if (i.state !== 'ready' || i.inFlight >= this.maxConcurrentPerInstance) continue;
      if (!best || i.inFlight < best.inFlight) best = i;
    }
    if (best) this.next = (this.instances.indexOf(best) + 1) % n;
    return best;
  }

  /** Takes a slot now, or queues `waiter` (called with the instance when a slot frees up). */
  admit(waiter: Waiter): Admission {
    if (this.readyCount() === 0) return { kind: 'unavailable' };
    const i = this.free();
    if (i) {
      i.inFlight++;
      return { kind: 'instance', instance: i };
    }
    if (this.queue.length >= this.queueLimit) return { kind: 'full' };
    this.queue.push(waiter);
    return {
      kind: 'queued',
      cancel: () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
      },
    };
  }

  /** Gives a request's slot back; the oldest waiter (if any) takes the next free slot. */
  release(instance: WorkerInstance): void {
    if (instance.inFlight > 0) instance.inFlight--;
    this.drain();
  }

  /** Hands free slots to waiters (after a release or when an instance becomes ready). */
  drain(): void {
    while (this.queue.length > 0) {
      const i = this.free();
      if (!i) return;
      i.inFlight++;
      this.queue.shift()!(i);
    }
  }
}
