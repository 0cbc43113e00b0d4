/**
 * For in-process test harnesses: one JSON request to a loopback server (bearer token, JSON body, 10 s limit),
 * with the reply's status, headers, text and parsed JSON (undefined when the body is not JSON).
 */
export interface JsonCallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface JsonCallResult {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

export async function jsonCall(origin: string, method: string, path: string, opts: JsonCallOptions = {}): Promise<JsonCallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(origin + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await r.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, json, text };
}
