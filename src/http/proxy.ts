/**
 * Cerulean's forward proxy (what `HTTPS_PROXY` / `HTTP_PROXY` point at).
 *
 * - `CONNECT host:port` for a host a plane owns: answered `200 Connection Established`, then the raw socket is
 *   handed to the (non-listening) TLS server with `emit('connection')`, which terminates TLS with a leaf for the
 *   SNI name. Accepts HTTP/1.0 and 1.1, with or without Host / Proxy-* headers (`az` sends none).
 * - Absolute-URI plain HTTP (`GET http://169.254.169.254/metadata/...`) for an owned host: `plainHandler`.
 * - Origin-form requests sent to the proxy port itself: `plainHandler` when their Host header names an owned
 *   host (then `req.url` is rewritten to absolute form, so the handler always sees an absolute URL);
 *   otherwise 400 with a short explanation.
 * - Anything else: 403, nothing dialed — unless `tunnelUnknownHosts` is set (then plain TCP tunnel / forward).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface TunnelInfo {
  /** The CONNECT target host, lower-cased, IPv6 without brackets. */
  host: string;
  port: number;
  /** The CONNECT request's `Proxy-Authorization` header, verbatim. */
  proxyAuthorization?: string;
}

export interface ForwardProxyOptions {
  isOwnedHost(host: string, port: number): boolean;
  /** Not listening; receives tunnelled sockets via `emit('connection', socket)`. */
  tlsServer: https.Server;
  /** Plain-HTTP requests for owned hosts; `req.url` is absolute (`http://host[:port]/path?query`). */
  plainHandler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Opt-in (`--tunnel-unknown-hosts`): tunnel / forward hosts no plane owns instead of refusing them. */
  tunnelUnknownHosts?: boolean;
  log?: (event: Record<string, unknown>) => void;
  /** How unknown hosts are dialed when tunnelling is enabled (default `net.connect`). */
  dial?: (port: number, host: string) => net.Socket;
}

const tunnels = new WeakMap<object, TunnelInfo>();

/**
 * What the CONNECT that opened this connection asked for. Pass the raw proxy socket, or — on the TLS side —
 * `req.socket` of a request served by `tlsServer`: that is a `TLSSocket` wrapping the raw socket, and the
 * lookup follows the wrapper to it. `undefined` for connections that did not come through the proxy.
 */
export function tunnelInfo(socket: object | null | undefined): TunnelInfo | undefined {
  let s: unknown = socket;
  for (let depth = 0; depth < 4 && s && typeof s === 'object'; depth++) {
    const info = tunnels.get(s);
    if (info) return info;
    s = (s as { _parent?: unknown })._parent; // tls.TLSSocket keeps the wrapped stream here
  }
  return undefined;
}

const HOP_BY_HOP = [
  'connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'proxy-connection',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
];

export function createForwardProxy(opts: ForwardProxyOptions): http.Server {
  const log = (event: Record<string, unknown>) => {
    try {
      opts.log?.(event);
    } catch {
      /* a broken logger must not break the proxy */
    }
  };
  const owned = (host: string, port: number) => {
    try {
      return opts.isOwnedHost(host, port);
    } catch (err) {
      log({ event: 'proxy.owner-check-failed', host, port, error: String(err) });
      return false;
    }
  };
  const dial = opts.dial ?? ((port: number, host: string) => net.connect(port, host));
  const server = http.createServer();

  server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => log({ event: 'proxy.socket-error', phase: 'connect', error: err.message }));
    const target = parseAuthority(req.url ?? '', 443);
    if (!target) {
      log({ event: 'proxy.bad-request', method: 'CONNECT', target: req.url });
      endRaw(socket, 400, 'Bad Request', `Cerulean's proxy could not read the CONNECT target ${JSON.stringify(req.url)}; expected host:port.\n`);
      return;
    }
    const { host, port } = target;
    if (owned(host, port)) {
      const auth = req.headers['proxy-authorization'];
      tunnels.set(socket, { host, port, ...(auth ? { proxyAuthorization: auth } : {}) });
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) socket.unshift(head);
      opts.tlsServer.emit('connection', socket);
      return;
    }
    if (!opts.tunnelUnknownHosts) {
      log({ event: 'proxy.refused', method: 'CONNECT', host, port });
      endRaw(socket, 403, 'Forbidden', refusalText(host, port));
      return;
    }
    log({ event: 'proxy.tunnel', host, port });
    const upstream = dial(port, host);
    let established = false;
    upstream.once('connect', () => {
      established = true;
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', (err) => {
      log({ event: 'proxy.tunnel-error', host, port, error: err.message });
      if (!established) {
        endRaw(socket, 502, 'Bad Gateway', `Cerulean could not reach ${host}:${port}: ${err.message}\n`);
      } else {
        socket.destroy();
      }
    });
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => established && socket.destroy());
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('error', () => {});
    const rawUrl = req.url ?? '';
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rawUrl)) {
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        log({ event: 'proxy.bad-request', method: req.method, target: rawUrl });
        return sendText(res, 400, `Cerulean's proxy could not parse the request target ${JSON.stringify(rawUrl)}.\n`);
      }
      if (url.protocol !== 'http:') {
        log({ event: 'proxy.bad-request', method: req.method, target: rawUrl });
        return sendText(res, 400, `Cerulean's proxy forwards only http:// URLs in plain requests; use CONNECT for ${url.protocol}// URLs.\n`);
      }
      const host = stripBrackets(url.hostname.toLowerCase());
      const port = url.port ? Number(url.port) : 80;
      if (owned(host, port)) return callPlain(req, res);
      if (opts.tunnelUnknownHosts) return forwardPlain(req, res, url, host, port);
      log({ event: 'proxy.refused', method: req.method, host, port });
      return sendText(res, 403, refusalText(host, port));
    }
    // Origin-form: a request addressed to the proxy port itself.
    const localPort = req.socket.localPort ?? 80;
    const hostHeader = req.headers.host;
    const target = hostHeader ? parseAuthority(hostHeader, 80) : undefined;
    if (target && rawUrl.startsWith('/') && owned(target.host, target.port)) {
      req.url = `http://${hostHeader}${rawUrl}`;
      return callPlain(req, res);
    }
    log({ event: 'proxy.bad-request', method: req.method, target: rawUrl, host: hostHeader });
    return sendText(
      res,
      400,
      `This is Cerulean's forward proxy (port ${localPort}). Use it as HTTPS_PROXY/HTTP_PROXY ` +
        `(e.g. eval "$(cerulean env)"), or call a plane's direct URL printed at start-up.\n`,
    );
  });

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    log({ event: 'proxy.bad-request', error: err.message, code: err.code });
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') endRaw(socket, 431, 'Request Header Fields Too Large', 'Request headers too large.\n');
    else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') endRaw(socket, 408, 'Request Timeout', 'Request timed out.\n');
    else endRaw(socket, 400, 'Bad Request', 'Malformed HTTP request.\n');
  });

  function callPlain(req: IncomingMessage, res: ServerResponse): void {
    try {
      opts.plainHandler(req, res);
    } catch (err) {
      log({ event: 'proxy.handler-error', url: req.url, error: String(err) });
      if (!res.headersSent) sendText(res, 500, 'Internal error.\n');
      else res.destroy();
    }
  }

  function forwardPlain(req: IncomingMessage, res: ServerResponse, url: URL, host: string, port: number): void {
    log({ event: 'proxy.forward', method: req.method, host, port });
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    const upstream = http.request(
      {
        host,
        port,
        method: req.method,
        path: url.pathname + url.search,
        headers,
        createConnection: () => dial(port, host),
      },
      (up) => {
        const back: http.OutgoingHttpHeaders = { ...up.headers };
        for (const h of HOP_BY_HOP) delete back[h];
        res.writeHead(up.statusCode ?? 502, up.statusMessage, back);
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      log({ event: 'proxy.forward-error', host, port, error: err.message });
      if (!res.headersSent) sendText(res, 502, `Cerulean could not reach ${host}:${port}: ${err.message}\n`);
      else res.destroy();
    });
    req.pipe(upstream);
  }

  return server;
}

/** The text of a refusal (403) for a host no plane owns. */
export function refusalText(host: string, port: number): string {
  return (
    `Cerulean refuses to connect to ${host}:${port}: no plane owns this host, and Cerulean does not reach ` +
    `hosts it does not own (start it with --tunnel-unknown-hosts to tunnel them).\n`
  );
}

/** `host:port`, `[v6]:port`, or a bare host (then `defaultPort`). Host lower-cased, brackets removed. */
export function parseAuthority(authority: string, defaultPort: number): { host: string; port: number } | undefined {
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(authority) ?? /^([A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  if (authority.startsWith('[') && net.isIPv6(host) === false) return undefined;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function endRaw(socket: Duplex, status: number, reason: string, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // Do not wait forever for a client that never closes its side.
  const timer = setTimeout(() => socket.destroy(), 10_000).unref();
  socket.once('close', () => clearTimeout(timer));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
