/**
 * Live workloads and their credentials. Each workload instance gets its own random secret (MSI_SECRET,
 * IDENTITY_HEADER and the password of its proxy URL) and a lowercase-hex path secret (per-workload IMDS URL);
 * both stop working the moment the workload is unregistered (its process exited).
 */
import { randomHex, randomSecret, safeEqual, sha256Hex } from '../shared/ids.js';

export interface AttachedIdentity {
  /** ARM id the identity stands for (`xms_mirid`): the UAI, or the resource of a system-assigned identity. */
  resourceId: string;
  clientId: string;
  principalId: string;
  tenantId: string;
  kind: 'userAssigned' | 'systemAssigned';
}

export interface Workload {
  /** `w` + hex: also the user name of the workload's proxy URL. */
  id: string;
  secret: string;
  /** Lowercase hex: the path secret of the workload's IMDS URL (`AZURE_POD_IDENTITY_AUTHORITY_HOST`). */
  pathSecret: string;
  /** Attached identities; the first one is the default (no selector in a token request). */
  identities: AttachedIdentity[];
  /** What started it, for logs: `exec`, `deployment …`. */
  description: string;
  /** Object id of the principal that started it. */
  owner?: string;
  createdAt: number;
  pid?: number;
  uid?: number;
  sandboxDir?: string;
}

export interface RegistrySecrets {
  secret(): string;
  hex(): string;
}

export const randomRegistrySecrets: RegistrySecrets = { secret: () => randomSecret(32), hex: () => randomHex(24) };

export class WorkloadRegistry {
  private readonly byId = new Map<string, Workload>();
  private readonly bySecretDigest = new Map<string, Workload>();
  private readonly byPathDigest = new Map<string, Workload>();

  constructor(
    private readonly secrets: RegistrySecrets = randomRegistrySecrets,
    private readonly now: () => number = Date.now,
  ) {}

  register(input: { identities: AttachedIdentity[]; description: string; owner?: string }): Workload {
    let id = `w${this.secrets.hex().slice(0, 12)}`;
    while (this.byId.has(id)) id = `w${this.secrets.hex().slice(0, 12)}`;
    const w: Workload = {
      id,
      secret: this.secrets.secret(),
      pathSecret: this.secrets.hex().toLowerCase(),
      identities: [...input.identities],
      description: input.description,
      owner: input.owner,
      createdAt: this.now(),
    };
    this.byId.set(w.id, w);
    this.bySecretDigest.set(sha256Hex(w.secret), w);
    this.byPathDigest.set(sha256Hex(w.pathSecret), w);
    return w;
  }

  unregister(id: string): boolean {
    const w = this.byId.get(id);
    if (!w) return false;
    this.byId.delete(id);
    this.bySecretDigest.delete(sha256Hex(w.secret));
    this.byPathDigest.delete(sha256Hex(w.pathSecret));
    return true;
  }

  get(id: string): Workload | undefined {
    return this.byId.get(id);
  }

  list(): Workload[] {
    return [...this.byId.values()];
  }

  /** The live workload holding `secret` (compared in constant time), if any. */
  bySecret(secret: string | undefined): Workload | undefined {
    if (!secret) return undefined;
    const w = this.bySecretDigest.get(sha256Hex(secret));
    return w && safeEqual(w.secret, secret) ? w : undefined;
  }

  /** The live workload whose proxy URL carries `id:secret`. */
  byProxyCredentials(id: string, secret: string): Workload | undefined {
    const w = this.bySecret(secret);
    return w && safeEqual(w.id, id) ? w : undefined;
  }

  byPathSecret(pathSecret: string | undefined): Workload | undefined {
    if (!pathSecret) return undefined;
    const w = this.byPathDigest.get(sha256Hex(pathSecret));
    return w && safeEqual(w.pathSecret, pathSecret) ? w : undefined;
  }
}
