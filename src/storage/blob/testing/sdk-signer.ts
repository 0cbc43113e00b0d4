/**
 * Signs a request exactly as @azure/storage-blob's StorageSharedKeyCredential does (its own policy code), for tests
 * that send raw requests or check the verifier against the SDK.
 */
import { StorageSharedKeyCredential } from '@azure/storage-blob';

class SdkHeaders {
  private readonly map = new Map<string, { name: string; value: string }>();
  constructor(init: Record<string, string>) {
    for (const [k, v] of Object.entries(init)) this.set(k, v);
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  set(name: string, value: string | number): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  headersArray(): Array<{ name: string; value: string }> {
    return [...this.map.values()];
  }
  toNode(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { name, value } of this.map.values()) out[name.toLowerCase()] = value;
    return out;
  }
}

/** Returns the request headers (lower-case names) including `authorization` and `x-ms-date`. */
export function sdkSign(account: string, key: string, req: { method: string; url: string; headers?: Record<string, string>; body?: string }): Record<string, string> {
  const cred = new StorageSharedKeyCredential(account, key);
  const policy = cred.create({ sendRequest: async () => undefined } as never, {} as never) as unknown as {
    signRequest(r: { method: string; url: string; headers: SdkHeaders; body?: string }): unknown;
  };
  const headers = new SdkHeaders(req.headers ?? {});
  policy.signRequest({ method: req.method, url: req.url, headers, body: req.body });
  return headers.toNode();
}
