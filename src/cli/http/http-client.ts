/** Sends requests through a transport and logs each exchange for `--debug` (secrets redacted). */
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

const SECRET_FIELDS = /("?(?:access_token|refresh_token|id_token|password|client_secret|secretText|accessToken|key|primaryKey|secondaryKey|sasToken|keyValue|userStorageKey|client_assertion)"?\s*[:=]\s*"?)([^"&\s,]+)/gi;

/** Storage account keys come as `{"keyName": "key1", "value": "…"}`. */
const KEY_VALUES = /("keyName"\s*:\s*"[^"]*"\s*,\s*"value"\s*:\s*")([^"]+)/gi;

export function redact(text: string): string {
  return text.replace(SECRET_FIELDS, '$1<redacted>').replace(KEY_VALUES, '$1<redacted>');
}

export class HttpClient {
  constructor(
    private readonly transport: Transport,
    private readonly log: Logger,
    private readonly newRequestId: () => string,
  ) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const headers = { 'x-ms-client-request-id': this.newRequestId(), ...req.headers };
    const prefix = 'cli.azure.cli.core.sdk.policies: ';
    this.log.debug(`${prefix}Request URL: '${req.url}'`);
    this.log.debug(`${prefix}Request method: '${req.method}'`);
    this.log.debug(`${prefix}Request headers:`);
    for (const [k, v] of Object.entries(headers)) {
      this.log.debug(`${prefix}    '${k}': '${k.toLowerCase() === 'authorization' ? '*****' : v}'`);
    }
    if (req.body !== undefined) {
      const text = typeof req.body === 'string' ? req.body : `<${req.body.byteLength} bytes>`;
      this.log.debug(`${prefix}Request body:`);
      this.log.debug(`${prefix}${redact(text).slice(0, 4096)}`);
    }
    const started = Date.now();
    const res = await this.transport({ ...req, headers });
    this.log.debug(`${prefix}Response status: ${res.status}`);
    this.log.debug(`${prefix}Response headers:`);
    for (const [k, v] of Object.entries(res.headers)) this.log.debug(`${prefix}    '${k}': '${v}'`);
    this.log.debug(`${prefix}Response content:`);
    this.log.debug(`${prefix}${redact(res.text).slice(0, 4096)}`);
    this.log.debug(`${prefix}${req.method} ${req.url} ${res.status} (${Date.now() - started} ms)`);
    return res;
  }
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return text;
  }
}
