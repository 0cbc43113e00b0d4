/**
 * Cerulean's local certificate authority: an EC P-256 CA persisted in the data home (created on first use,
 * reloaded afterwards so a `ca.pem` that clients already trust stays valid across restarts) and leaf
 * certificates issued on demand for the exact host names / IP addresses the transport serves.
 */
import 'reflect-metadata'; // must precede @peculiar/x509 2.x
import * as x509 from '@peculiar/x509';
import { KeyObject, X509Certificate, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { systemClock, type Clock } from '../../shared/clock.js';
import { writeFileAtomic } from './atomic-write.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 90;
const CA_SUBJECT = 'CN=Cerulean Local CA';
const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface CaPaths {
  caDir: string;
  caCert: string;
  caKey: string;
}

export interface LocalCaOptions {
  clock?: Clock;
  /** Source of randomness for serial numbers (defaults to crypto.randomBytes). */
  randomBytes?: (size: number) => Buffer;
}

export interface LeafMaterial {
  certPem: string;
  keyPem: string;
}

export interface LocalCa {
  /** The CA certificate (PEM), what clients must trust. */
  readonly certPem: string;
  /**
   * A leaf for one exact host name or IP literal (SAN dns / ip; `[::1]` brackets are accepted), or for several
   * names at once (the first one becomes the CN). All leaves share one EC key generated once per process.
   */
  issueLeaf(hostOrIp: string | readonly string[]): Promise<LeafMaterial>;
}

/** Load the CA at `paths`, creating it (dir 0700, key 0600 PKCS#8 PEM, cert 0644) when it does not exist yet. */
export async function loadOrCreateCa(paths: CaPaths, opts: LocalCaOptions = {}): Promise<LocalCa> {
  const clock = opts.clock ?? systemClock;
  const random = opts.randomBytes ?? randomBytes;
  ensurePrivateDir(paths.caDir);
  const hasCert = existsSync(paths.caCert);
  const hasKey = existsSync(paths.caKey);
  if (hasCert && !hasKey) {
    throw new Error(
      `The CA certificate ${paths.caCert} exists but its private key ${paths.caKey} is missing; ` +
        `remove ${paths.caCert} to create a new CA (clients must then trust the new one).`,
    );
  }
  // The key is written before the certificate, so "key without cert" means creation never finished: start over.
  const material = hasCert ? await loadCa(paths) : await createCa(paths, clock, random);
  return makeLocalCa(material, clock, random);
}

interface CaMaterial {
  cert: x509.X509Certificate;
  certPem: string;
  privateKey: webcrypto.CryptoKey;
  keyIdHex: string;
}

async function createCa(paths: CaPaths, clock: Clock, random: (n: number) => Buffer): Promise<CaMaterial> {
  const keys = (await webcrypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = clock.now();
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as CryptoKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: CA_SUBJECT,
    keys: keys as CryptoKeyPair,
    signingAlgorithm: EC_ALG,
    serialNumber: serialHex(random),
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + CA_VALIDITY_DAYS * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ski,
    ],
  });
  const certPem = cert.toString('pem') + '\n';
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string;
  writeFileAtomic(paths.caKey, keyPem, 0o600);
  writeFileAtomic(paths.caCert, certPem, 0o644);
  return { cert, certPem, privateKey: keys.privateKey, keyIdHex: ski.keyId };
}

async function loadCa(paths: CaPaths): Promise<CaMaterial> {
  const certPem = readFileSync(paths.caCert, 'utf8');
  const keyPem = readFileSync(paths.caKey, 'utf8');
  const nodeCert = new X509Certificate(certPem);
  const nodeKey = createPrivateKey(keyPem);
  if (!nodeCert.checkPrivateKey(nodeKey)) {
    throw new Error(`The CA private key ${paths.caKey} does not match the certificate ${paths.caCert}.`);
  }
  const der = nodeKey.export({ type: 'pkcs8', format: 'der' });
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, EC_ALG, false, ['sign']);
  const cert = new x509.X509Certificate(certPem);
  const keyIdHex =
    cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ??
    (await x509.SubjectKeyIdentifierExtension.create(await cert.publicKey.export(EC_ALG, ['verify']))).keyId;
  return { cert, certPem, privateKey, keyIdHex };
}

function makeLocalCa(ca: CaMaterial, clock: Clock, random: (n: number) => Buffer): LocalCa {
  let leafKeys: Promise<{ pair: webcrypto.CryptoKeyPair; keyPem: string; ski: x509.SubjectKeyIdentifierExtension }> | undefined;
  const sharedLeafKey = () => {
    leafKeys ??= (async () => {
      const pair = (await webcrypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const keyPem = KeyObject.from(pair.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string;
      const ski = await x509.SubjectKeyIdentifierExtension.create(pair.publicKey as CryptoKey);
      return { pair, keyPem, ski };
    })();
    leafKeys.catch(() => (leafKeys = undefined));
    return leafKeys;
  };
  const caNotAfter = ca.cert.notAfter.getTime();

  return {
    certPem: ca.certPem,
    async issueLeaf(hostOrIp) {
      const names = (typeof hostOrIp === 'string' ? [hostOrIp] : [...hostOrIp]).map(normalizeName);
      if (names.length === 0) throw new Error('issueLeaf needs at least one host name or IP address');
      const { pair, keyPem, ski } = await sharedLeafKey();
      const now = clock.now();
      const cert = await x509.X509CertificateGenerator.create({
        subject: `CN=${names[0]}`,
        issuer: ca.cert.subject,
        serialNumber: serialHex(random),
        publicKey: pair.publicKey as CryptoKey,
        signingKey: ca.privateKey as CryptoKey,
        signingAlgorithm: EC_ALG,
        notBefore: new Date(now - DAY_MS),
        notAfter: new Date(Math.min(now + LEAF_VALIDITY_DAYS * DAY_MS, caNotAfter)),
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(
            names.map((n) => (isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n })),
          ),
          ski,
          new x509.AuthorityKeyIdentifierExtension(ca.keyIdHex),
        ],
      });
      return { certPem: cert.toString('pem') + '\n', keyPem };
    },
  };
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Lower-cases, strips IPv6 brackets and rejects anything that is neither a DNS name nor an IP literal. */
export function normalizeName(raw: string): string {
  let name = raw.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (isIP(name)) return name;
  if (!HOST_NAME.test(name)) throw new Error(`Not a host name or IP address: ${JSON.stringify(raw)}`);
  return name;
}

/** 16 random bytes, first bit cleared (positive) and never a leading zero octet. */
function serialHex(random: (n: number) => Buffer): string {
  const b = Buffer.from(random(16));
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}
