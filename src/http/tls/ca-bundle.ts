/**
 * The CA bundle handed to workloads (REQUESTS_CA_BUNDLE / SSL_CERT_FILE / CURL_CA_BUNDLE): those variables
 * *replace* the trust store, so the bundle is the system roots followed by the Cerulean CA.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.js';

/** Debian/Ubuntu, RHEL/Fedora, Alpine/macOS-style locations, first existing wins. */
export const SYSTEM_ROOT_CANDIDATES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
];

/**
 * Write `bundlePath` (0644, atomically) = first existing system root file + `caPem`; just `caPem` when no
 * system roots exist. Returns `bundlePath`.
 */
export function writeCaBundle(
  bundlePath: string,
  caPem: string,
  opts: { systemRootCandidates?: readonly string[] } = {},
): string {
  const source = (opts.systemRootCandidates ?? SYSTEM_ROOT_CANDIDATES).find((p) => existsSync(p));
  let roots = source ? readFileSync(source, 'utf8') : '';
  if (roots && !roots.endsWith('\n')) roots += '\n';
  const ca = caPem.endsWith('\n') ? caPem : caPem + '\n';
  writeFileAtomic(bundlePath, `${roots}# Cerulean Local CA\n${ca}`, 0o644);
  return bundlePath;
}
