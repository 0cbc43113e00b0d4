/**
 * Finds the live workload that holds a secret (`secret` / `X-IDENTITY-HEADER`) with one SHA-256 per request.
 * Workloads the registry has matched are remembered by the digest of their secret — never the secret itself — and
 * served only while the registry still holds that very workload, so a workload that exits stops matching at once.
 * Anything not remembered is asked of the registry, which compares in constant time.
 */
import { hash } from 'node:crypto';
import type { Workload, WorkloadRegistry } from '../runtime/workload-registry.js';

export const MAX_REMEMBERED_WORKLOADS = 1024;

export class WorkloadSecretLookup {
  private readonly byDigest = new Map<string, Workload>();

  constructor(
    private readonly registry: WorkloadRegistry,
    private readonly maxEntries = MAX_REMEMBERED_WORKLOADS,
  ) {}

  bySecret(secret: string | undefined): Workload | undefined {
    if (!secret) return undefined;
    const digest = hash('sha256', secret, 'base64');
    const known = this.byDigest.get(digest);
    if (known !== undefined) {
      if (this.registry.get(known.id) === known) return known;
      this.byDigest.delete(digest);
    }
    const w = this.registry.bySecret(secret);
    if (w) {
      if (this.byDigest.size >= this.maxEntries) this.byDigest.delete(this.byDigest.keys().next().value as string);
      this.byDigest.set(digest, w);
    }
    return w;
  }
}
