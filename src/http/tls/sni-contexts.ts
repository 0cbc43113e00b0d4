/**
 * Per-host TLS contexts for the TLS-terminating side of the transport: one leaf per exact SNI name, issued
 * by the local CA on first use and cached; a default certificate for loopback names (used when a client
 * sends no SNI, e.g. when it dials `https://127.0.0.1:<port>` directly).
 */
import tls from 'node:tls';
import type { ServerOptions } from 'node:https';
import { isIP } from 'node:net';
import { normalizeName, type LeafMaterial, type LocalCa } from './local-ca.js';

/** Names covered by the default certificate. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** Upper bound on cached contexts (host patterns such as `<account>.blob.core.windows.net` are unbounded). */
const MAX_CACHED = 2000;

export type SniCallback = (servername: string, cb: (err: Error | null, ctx?: tls.SecureContext) => void) => void;

export interface SniContexts {
  /** The context for one host (lower-cased; cached; a failed issue is evicted so the next call retries). */
  contextFor(host: string): Promise<tls.SecureContext>;
  /** For `tls.createServer` / `https.createServer({ SNICallback })`; unknown hosts fail the handshake. */
  sniCallback: SniCallback;
  /** A leaf for 127.0.0.1, ::1 and localhost: the server's `cert`/`key`, used when a client sends no SNI. */
  defaultCert(): Promise<LeafMaterial>;
  /** `{ cert, key, SNICallback, ALPNProtocols: ['http/1.1'] }`, ready to spread into `https.createServer`. */
  serverOptions(): Promise<ServerOptions>;
}

export function createSniContexts(ca: LocalCa, isAllowedHost: (host: string) => boolean): SniContexts {
  const cache = new Map<string, Promise<tls.SecureContext>>();
  let defaultLeaf: Promise<LeafMaterial> | undefined;

  const defaultCert = (): Promise<LeafMaterial> => {
    defaultLeaf ??= ca.issueLeaf(LOOPBACK_NAMES);
    defaultLeaf.catch(() => (defaultLeaf = undefined));
    return defaultLeaf;
  };

  const isLoopback = (host: string) => LOOPBACK_NAMES.includes(host);

  const contextFor = (rawHost: string): Promise<tls.SecureContext> => {
    let host: string;
    try {
      host = normalizeName(rawHost);
    } catch (err) {
      return Promise.reject(err);
    }
    const cached = cache.get(host);
    if (cached) {
      // Refresh recency so the eviction below drops the least recently used host.
      cache.delete(host);
      cache.set(host, cached);
      return cached;
    }
    if (!isLoopback(host) && !safeAllowed(isAllowedHost, host)) {
      return Promise.reject(new Error(`No plane serves ${host}; refusing the TLS handshake`));
    }
    const material = isLoopback(host) ? defaultCert() : ca.issueLeaf(host);
    const ctx = material.then((m) => tls.createSecureContext({ cert: m.certPem, key: m.keyPem }));
    ctx.catch(() => {
      if (cache.get(host) === ctx) cache.delete(host);
    });
    cache.set(host, ctx);
    if (cache.size > MAX_CACHED) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return ctx;
  };

  const sniCallback: SniCallback = (servername, cb) => {
    // RFC 6066 forbids IP literals in SNI, but some clients send them; treat them like names.
    const host = (servername ?? '').toLowerCase();
    if (!host || (!isIP(host) && !isLoopback(host) && !safeAllowed(isAllowedHost, host))) {
      cb(new Error(`No plane serves ${host || '(empty SNI)'}; refusing the TLS handshake`));
      return;
    }
    contextFor(host).then(
      (ctx) => cb(null, ctx),
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
    );
  };

  return {
    contextFor,
    sniCallback,
    defaultCert,
    async serverOptions() {
      const d = await defaultCert();
      return { cert: d.certPem, key: d.keyPem, SNICallback: sniCallback, ALPNProtocols: ['http/1.1'] };
    },
  };
}

function safeAllowed(isAllowedHost: (host: string) => boolean, host: string): boolean {
  try {
    return isAllowedHost(host);
  } catch {
    return false;
  }
}
