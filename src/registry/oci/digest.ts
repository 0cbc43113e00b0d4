/**
 * Content digests (`<algorithm>:<hex>`), as the OCI image spec defines them: sha256 and sha512, lower-case hex.
 * Digests name files on disk, so only these two validated forms are ever accepted.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type DigestAlgorithm = 'sha256' | 'sha512';

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
  /** `<algorithm>:<hex>`. */
  digest: string;
}

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };
/** The grammar of the spec (`algorithm ":" encoded`), before the registered-algorithm check. */
const DIGEST_GRAMMAR = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Parses a digest; undefined when it is malformed or names an algorithm this registry does not support. */
export function parseDigest(value: string | null | undefined): ParsedDigest | undefined {
  if (typeof value !== 'string' || !DIGEST_GRAMMAR.test(value)) return undefined;
  const i = value.indexOf(':');
  const algorithm = value.slice(0, i);
  const hex = value.slice(i + 1);
  if (algorithm !== 'sha256' && algorithm !== 'sha512') return undefined;
  if (hex.length !== HEX_LENGTH[algorithm] || !/^[a-f0-9]+$/.test(hex)) return undefined;
  return { algorithm, hex, digest: value };
}

/** True for anything shaped like a digest (`algo:encoded`), even with an unsupported algorithm. */
export function looksLikeDigest(value: string): boolean {
  return DIGEST_GRAMMAR.test(value);
}

export function digestOf(bytes: Buffer, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** A running digest over streamed chunks. */
export class Digester {
  private readonly hash: Hash;
  size = 0;

  constructor(readonly algorithm: DigestAlgorithm) {
    this.hash = createHash(algorithm);
  }

  update(chunk: Buffer): void {
    this.size += chunk.length;
    this.hash.update(chunk);
  }

  digest(): string {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }
}

/** Digest and size of a file, read in 1 MiB chunks. */
export async function digestFile(path: string, algorithm: DigestAlgorithm): Promise<{ digest: string; size: number }> {
  const d = new Digester(algorithm);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) d.update(chunk);
  return { digest: d.digest(), size: d.size };
}
