/**
 * The token signing key ring: RSA-2048 keys persisted in the data home (dir 0700, private keys 0600), each with a
 * self-signed certificate (CN accounts.accesscontrol.windows.net, like Entra's) whose base64url SHA-1 thumbprint
 * is both `kid` and `x5t`. Created on first start, loaded afterwards. `rotate()` makes a new key active and keeps
 * the previous one published in the JWKS until the tokens it signed have expired.
 */
import 'reflect-metadata'; // must precede @peculiar/x509 2.x
import * as x509 from '@peculiar/x509';
import { KeyObject, createHash, createPrivateKey, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../shared/clock.js';
import { writeFileAtomic } from '../http/tls/atomic-write.js';

const RSA_ALG = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const CERT_SUBJECT = 'CN=accounts.accesscontrol.windows.net';
const CERT_VALIDITY_MS = 5 * 365 * 24 * 3600 * 1000;
const INDEX_FILE = 'signing-keys.json';
/** How long a replaced key stays published: the longest token lifetime (managed identities, 24 h) plus leeway. */
export const DEFAULT_RETIRE_AFTER_SECONDS = 86400 + 3600;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** DER certificate, base64 (standard alphabet), as published in `x5c`. */
  certB64: string;
  createdAt: number;
  /** Epoch ms after which the key is no longer published or trusted; unset for keys still in use. */
  retireAt?: number;
}

export interface Jwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer: string;
}

export interface JwksDocument {
  keys: Jwk[];
}

export interface KeyRing {
  /** The key new tokens are signed with. */
  active(): SigningKey;
  /** A published key by `kid` (undefined for unknown or retired keys). */
  find(kid: string): SigningKey | undefined;
  /** Every published key, active first. */
  published(): SigningKey[];
  /** The JWKS document; `issuer` is set on each key as Entra does (`https://login.microsoftonline.com/{tid}/v2.0`). */
  jwks(issuer: string): JwksDocument;
  /** Adds a new active key; the previous one stays published for `retireAfterSeconds`. Returns the new key. */
  rotate(opts?: { retireAfterSeconds?: number }): Promise<SigningKey>;
}

interface IndexEntry {
  kid: string;
  createdAt: number;
  retireAt?: number;
}

interface IndexFile {
  active: string;
  keys: IndexEntry[];
}

export interface KeyRingOptions {
  dir: string;
  clock: Clock;
}

/** Opens the key ring in `dir`, creating the directory and a first key when there is none. */
export async function createKeyRing(opts: KeyRingOptions): Promise<KeyRing> {
  const { dir, clock } = opts;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const indexPath = join(dir, INDEX_FILE);
  let keys: SigningKey[] = [];
  let activeKid: string;

  if (existsSync(indexPath)) {
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as IndexFile;
    for (const entry of index.keys) {
      const keyPath = join(dir, `${entry.kid}.key.pem`);
      const certPath = join(dir, `${entry.kid}.cert.pem`);
      if (!existsSync(keyPath) || !existsSync(certPath)) {
        if (entry.kid === index.active) {
          throw new Error(`The active signing key ${keyPath} or its certificate is missing; remove ${indexPath} to create a new key ring.`);
        }
        continue;
      }
      keys.push(loadKey(keyPath, certPath, entry));
    }
    activeKid = index.active;
  } else {
    const first = await createKey(dir, clock);
    keys = [first];
    activeKid = first.kid;
    writeIndex();
  }

  function writeIndex(): void {
    const index: IndexFile = {
      active: activeKid,
      keys: keys.map((k) => ({ kid: k.kid, createdAt: k.createdAt, ...(k.retireAt !== undefined ? { retireAt: k.retireAt } : {}) })),
    };
    writeFileAtomic(indexPath, JSON.stringify(index, null, 2) + '\n', 0o600);
  }

  function pruneRetired(): void {
    const now = clock.now();
    const gone = keys.filter((k) => k.kid !== activeKid && k.retireAt !== undefined && k.retireAt <= now);
    if (gone.length === 0) return;
    keys = keys.filter((k) => !gone.includes(k));
    writeIndex();
    for (const k of gone) {
      rmSync(join(dir, `${k.kid}.key.pem`), { force: true });
      rmSync(join(dir, `${k.kid}.cert.pem`), { force: true });
    }
  }

  const isPublished = (k: SigningKey) => k.kid === activeKid || k.retireAt === undefined || k.retireAt > clock.now();
  const published = () => {
    const live = keys.filter(isPublished);
    return [...live.filter((k) => k.kid === activeKid), ...live.filter((k) => k.kid !== activeKid).reverse()];
  };

  return {
    active() {
      const k = keys.find((x) => x.kid === activeKid);
      if (!k) throw new Error('The key ring has no active signing key.');
      return k;
    },
    find(kid) {
      const k = keys.find((x) => x.kid === kid);
      return k && isPublished(k) ? k : undefined;
    },
    published,
    jwks(issuer) {
      return { keys: published().map((k) => toJwk(k, issuer)) };
    },
    async rotate(rotateOpts = {}) {
      pruneRetired();
      const retireAfterMs = (rotateOpts.retireAfterSeconds ?? DEFAULT_RETIRE_AFTER_SECONDS) * 1000;
      const next = await createKey(dir, clock);
      const now = clock.now();
      for (const k of keys) if (k.retireAt === undefined) k.retireAt = now + retireAfterMs;
      keys.push(next);
      activeKid = next.kid;
      writeIndex();
      return next;
    },
  };
}

function loadKey(keyPath: string, certPath: string, entry: IndexEntry): SigningKey {
  const privateKey = createPrivateKey(readFileSync(keyPath, 'utf8'));
  const cert = new x509.X509Certificate(readFileSync(certPath, 'utf8'));
  const certDer = Buffer.from(cert.rawData);
  const kid = thumbprint(certDer);
  if (kid !== entry.kid) throw new Error(`The certificate ${certPath} does not match its key id ${entry.kid}.`);
  return {
    kid,
    privateKey,
    publicKey: createPublicKey(privateKey),
    certB64: certDer.toString('base64'),
    createdAt: entry.createdAt,
    ...(entry.retireAt !== undefined ? { retireAt: entry.retireAt } : {}),
  };
}

async function createKey(dir: string, clock: Clock): Promise<SigningKey> {
  const pair = (await webcrypto.subtle.generateKey(RSA_ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = clock.now();
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive INTEGER
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: CERT_SUBJECT,
    keys: pair as CryptoKeyPair,
    signingAlgorithm: RSA_ALG,
    serialNumber: serial.toString('hex'),
    notBefore: new Date(now - 3600 * 1000),
    notAfter: new Date(now + CERT_VALIDITY_MS),
  });
  const certDer = Buffer.from(cert.rawData);
  const kid = thumbprint(certDer);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  // Key before certificate: a certificate on disk always has its key.
  writeFileAtomic(join(dir, `${kid}.key.pem`), privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, 0o600);
  writeFileAtomic(join(dir, `${kid}.cert.pem`), cert.toString('pem') + '\n', 0o644);
  return { kid, privateKey, publicKey: createPublicKey(privateKey), certB64: certDer.toString('base64'), createdAt: now };
}

/** Base64url SHA-1 thumbprint of a DER certificate (Entra's `kid`/`x5t`). */
export function thumbprint(certDer: Buffer): string {
  return createHash('sha1').update(certDer).digest('base64url');
}

function toJwk(k: SigningKey, issuer: string): Jwk {
  const jwk = k.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', use: 'sig', kid: k.kid, x5t: k.kid, n: jwk.n, e: jwk.e, x5c: [k.certB64], issuer };
}
